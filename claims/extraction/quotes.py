"""Quotation spans found character by character, so offsets never depend on tokenisation."""

from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
QUOTE_CHARS = OPENING + CLOSING + STRAIGHT
SINGLE_OPENING = "‘‹'"
SINGLE_CLOSING = "’›'"

# The parser was trained on English quotation marks; guillemets and low-high quotes are shown to it
# as “ ” (one character for one, so offsets hold). « » with inner spaces otherwise parse as words.
PARSE_QUOTES = str.maketrans({"«": "“", "»": "”", "„": "“", "‹": "‘", "›": "’", "‚": "‘"})

_SINGLE_MIN_WORDS = 3


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark; None when the paragraph ends first
    paragraph: int

    @property
    def outer_end(self) -> int:
        return self.close_at + 1 if self.close_at is not None else self.end


def find_quotes(text: str, start: int, end: int, paragraph: int) -> list[Quote]:
    """Quoted spans in text[start:end]: double marks, or single marks in a paragraph that has no double ones.

    Single marks inside double quotes are nested quotes or apostrophes and stay inside; British
    copy quotes with single marks ('We will not give in,' he said), so a paragraph without double
    marks is read for single-quoted spans of several words.
    """
    quotes = _double_quotes(text, start, end, paragraph)
    if not quotes and not any(text[i] in QUOTE_CHARS for i in range(start, end)):
        quotes = _single_quotes(text, start, end, paragraph)
    return [q for q in quotes if q.end > q.start]


def _double_quotes(text: str, start: int, end: int, paragraph: int) -> list[Quote]:
    quotes: list[Quote] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in QUOTE_CHARS:
            continue
        if open_at is None:
            if ch in OPENING or (ch == STRAIGHT and _straight_opens(text, i, start)):
                open_at = i
            continue
        if ch in CLOSING or ch == STRAIGHT:
            quotes.append(_make(text, open_at, i, paragraph))
            open_at = None
        elif ch in OPENING:  # a new opening mark before any closing one: the first quote never closed
            quotes.append(_make(text, open_at, None, paragraph, i))
            open_at = i
    if open_at is not None:
        quotes.append(_make(text, open_at, None, paragraph, end))
    return quotes


def _single_quotes(text: str, start: int, end: int, paragraph: int) -> list[Quote]:
    """'single-quoted speech' of at least _SINGLE_MIN_WORDS words; apostrophes never open or close."""
    quotes: list[Quote] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if open_at is None:
            if ch in SINGLE_OPENING and _straight_opens(text, i, start) and i + 1 < end and text[i + 1].isalnum():
                open_at = i
            continue
        if ch in SINGLE_CLOSING and _single_closes(text, i, end):
            if len(text[open_at + 1 : i].split()) >= _SINGLE_MIN_WORDS:
                quotes.append(_make(text, open_at, i, paragraph))
            open_at = None
    return quotes


def _single_closes(text: str, i: int, end: int) -> bool:
    after = text[i + 1] if i + 1 < end else " "
    before = text[i - 1]
    if before.isspace():
        return False
    if before.isalpha() and after.isalpha():
        return False  # don't, it's
    if before == "s" and after == " " and text[i + 1 : i + 2] == " " and text[i + 2 : i + 3].islower():
        return False  # "the players' union": a plural possessive, not a closing mark
    return after.isspace() or after in ".,;:!?)—–-" or i + 1 >= end


def _straight_opens(text: str, i: int, floor: int) -> bool:
    before = text[i - 1] if i > floor else " "
    return before.isspace() or before in "([{—–-:,;/" or i == floor


def _make(text: str, open_at: int, close_at: int | None, paragraph: int, stop: int | None = None) -> Quote:
    s = open_at + 1
    e = close_at if close_at is not None else stop
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return Quote(s, e, open_at, close_at, paragraph)
