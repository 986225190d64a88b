"""Names as written: titles and offices stripped, particles and suffixes kept, credits read."""

from spacy.tokens import Token

from .lexicon import HONORIFICS, ROLE_NOUNS, TITLE_ABBREVIATIONS, UNNAMED_PERSON_NOUNS


def credit_name(label: str) -> str:
    """The name in a credit or label: "Board Chair Tobias Mwangi" -> "Tobias Mwangi", "HALVORSEN" -> "Halvorsen".

    Text after a comma is a description ("Priyesh Kaul, the board's finance director"); words up
    to the last title or office are the person's position, not their name.
    """
    head = label.split(",")[0].strip()
    words = head.split()
    if head.isupper():
        words = [w.capitalize() for w in words]
    cut = 0
    for k, w in enumerate(words):
        low = w.lower().rstrip(".")
        if is_title(low) or low in ROLE_NOUNS or not w[:1].isupper():
            cut = k + 1
    rest = words[cut:] or words[-1:]
    return " ".join(rest)


def is_title(word: str) -> bool:
    """ "mr", "sen", "dr": an honorific or an abbreviated title (lower case, without its full stop)."""
    return word in HONORIFICS or word in TITLE_ABBREVIATIONS


def title_cut(chain: list[Token]) -> int:
    """Index where the name proper starts, after titles and roles ("Russian President | Vladimir Putin")."""
    cut = 0
    for k, t in enumerate(chain):
        w = t.lower_.rstrip(".")
        if t.text == "-" or t.tag_ == "POS":
            continue
        if is_title(w) or w in ROLE_NOUNS or not t.text[:1].isupper():
            cut = k + 1
    return cut


def join_name(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    text = "".join(t.text_with_ws for t in tokens).strip()
    return text


def lower_first(text: str) -> str:
    """An unnamed source as it would read mid-sentence: "Officers" -> "officers", "The ministry" -> "the ministry"."""
    first, _, rest = text.partition(" ")
    low = first.lower()
    if first in ("A", "An", "One", "The", "Some", "Two", "Three", "Several", "Many") or (
        first.istitle() and (low in UNNAMED_PERSON_NOUNS or low.removesuffix("s") in UNNAMED_PERSON_NOUNS)
    ):
        return first.lower() + (" " + rest if rest else "")
    return text
