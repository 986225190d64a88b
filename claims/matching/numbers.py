"""Figures in a sentence as plain values, so "40%", "forty per cent" and "0.4" compare equal.

Words become numbers with number-parser (cardinals only: "forty", "two million"); fractions written
as words ("a third", "two thirds", "half", "halved") become their value; percentages are divided by
100; scale words and suffixes ("million", "bn", "m") multiply; "one in five" is 0.2. Values are
rounded to four significant figures, so "£350m" and "350,000,000" agree while 5.2% and 5.3% do not.
"""

import math
import re
from functools import cache, lru_cache

from number_parser import parse_number as _parse_number
from number_parser import parse_ordinal as _parse_ordinal
from number_parser.parser import LanguageData

SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_FIGURE = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(%|per\s?cent\b|percent\b|(?:thousand|millions?|billions?|trillion|bn|mn|tn|m|k)\b)?",
    re.IGNORECASE,
)
_RATIO = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?) in (\d+(?:,\d{3})*)\b")
_HALF = re.compile(r"\b(?:a\s+|one\s+)?(?:half|halves|halved|halve|halving)\b", re.IGNORECASE)
_QUANTITY_WORDS = {"a", "an", "and"}  # inside a spelled-out number: "a hundred and twenty"


@cache
def _number_words() -> frozenset[str]:
    # number-parser guesses the language and rebuilds its tables on every call (tens of ms): ask
    # it only about English words it knows, and remember the answers.
    return frozenset(LanguageData("en").all_numbers)


def _is_number_word(word: str) -> bool:
    return all(part in _number_words() for part in word.split("-"))


@lru_cache(maxsize=4096)
def parse_number(words: str) -> int | None:
    """The cardinal that English number words spell ("forty", "two million"), or None."""
    return _parse_number(words, language="en")


@lru_cache(maxsize=1024)
def parse_ordinal(word: str) -> int | None:
    return _parse_ordinal(word, language="en")


def _spelled_numbers(text: str) -> str:
    """Replace runs of cardinal number words by digits; ordinals and a lone "one" are left alone."""
    out, last, run = [], 0, []

    def flush() -> None:
        nonlocal last
        while run and run[-1].group(0).lower() in _QUANTITY_WORDS:
            run.pop()
        while run and run[0].group(0).lower() in _QUANTITY_WORDS - {"one"}:
            run.pop(0)
        words = " ".join(m.group(0) for m in run)
        only_scale = all(m.group(0).lower() in SCALES for m in run)  # "£350 million": _FIGURE scales it
        value = parse_number(words) if run and not only_scale else None
        lone_one = words.lower() in {"one", "a", "an"} and not text.startswith(" in ", run[-1].end() if run else 0)
        if value is not None and not lone_one:
            out.append(text[last : run[0].start()])
            out.append(str(value))
            last = run[-1].end()
        run.clear()

    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        gap = text[run[-1].end() : match.start()] if run else " "
        if run and gap.strip():
            flush()
        if _is_number_word(word) or word in _QUANTITY_WORDS:
            run.append(match)
        else:
            flush()
    flush()
    out.append(text[last:])
    return "".join(out)


def _fractions(text: str) -> tuple[str, list[float]]:
    """Take out spelled fractions ("a third", "two thirds", "half") and return their values."""
    values = []

    def ordinal(match: re.Match) -> str:
        count, word = match.group(1).lower(), match.group(2).lower()
        singular = word[:-1] if word.endswith("s") else word
        # Every English ordinal ends so ("third", "fifth", "twentieth"); other words never reach the parser.
        is_ordinal = singular.endswith(("th", "st", "nd", "rd")) and not _is_number_word(singular)
        denominator = parse_ordinal(singular) if is_ordinal else None
        numerator = 1 if count in {"a", "one"} else parse_number(count)
        if not denominator or denominator < 3 or numerator is None:
            return match.group(0)
        values.append(numerator / denominator)
        return " "

    text = re.sub(r"\b(a|one|two|three|four|five|six|seven|eight|nine|\d+)[\s-]+([a-z]+)\b", ordinal, text, flags=re.I)
    text, halves = _HALF.subn(" ", text)
    values += [0.5] * halves
    text, quarters = re.subn(r"\b(?:a|one)\s+quarter\b", " ", text, flags=re.IGNORECASE)
    values += [0.25] * quarters
    return text, values


def round_figure(value: float) -> float:
    if value == 0:
        return 0.0
    return round(value, 3 - math.floor(math.log10(abs(value))))


_AND_A_HALF = re.compile(r"\b(\w+) and a half\b", re.IGNORECASE)
_POINT = re.compile(r"\b([a-z]+|\d+) point ([a-z]+|\d)\b", re.IGNORECASE)


def _digit(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return parse_number(word.lower()) if _is_number_word(word.lower()) else None


def _decimals(text: str) -> str:
    """ "seven point six" -> "7.6"; "one and a half" -> "1.5" (before "half" is read as a fraction)."""

    def point(match: re.Match) -> str:
        whole, tenth = _digit(match.group(1)), _digit(match.group(2))
        return f"{whole}.{tenth}" if whole is not None and tenth is not None and tenth < 10 else match.group(0)

    def and_a_half(match: re.Match) -> str:
        whole = _digit(match.group(1))
        return f"{whole}.5" if whole is not None else match.group(0)

    return _AND_A_HALF.sub(and_a_half, _POINT.sub(point, text))


def figures_agree(a: frozenset[float], b: frozenset[float], tolerance: float = 0.015) -> bool:
    """Each figure on one side has one on the other: whole numbers exactly (years, counts), others
    within `tolerance` relative, since "a third" is written 33.3% or 0.33."""

    def close(x: float, y: float) -> bool:
        if x == y:
            return True
        if x.is_integer() and y.is_integer():
            return False
        return abs(x - y) <= tolerance * max(abs(x), abs(y))

    def covered(xs: frozenset[float], ys: frozenset[float]) -> bool:
        return all(any(close(x, y) for y in ys) for x in xs)

    return covered(a, b) and covered(b, a)


def figures(text: str) -> frozenset[float]:
    """Every figure in the text, normalised (see the module docstring)."""
    text, values = _fractions(_decimals(text))
    text = _spelled_numbers(text)
    for match in _RATIO.finditer(text):
        denominator = float(match.group(2).replace(",", ""))
        if denominator:
            values.append(float(match.group(1)) / denominator)
    text = _RATIO.sub(" ", text)
    for match in _FIGURE.finditer(text):
        value = float(match.group(1).replace(",", ""))
        unit = (match.group(2) or "").lower().replace(" ", "")
        if unit in {"%", "percent"}:
            value /= 100
        elif unit in SCALES:
            value *= SCALES[unit]
        values.append(value)
    return frozenset(round_figure(value) for value in values)
