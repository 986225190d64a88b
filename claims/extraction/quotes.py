"""Quotation spans found character by character, so offsets never depend on tokenisation."""

from dataclasses import dataclass

OPENING = "“„«"
CLOSING = "”»"
STRAIGHT = '"'
QUOTE_CHARS = OPENING + CLOSING + STRAIGHT


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
    """Double-quoted spans in text[start:end]; single quotes are left inside (nested or apostrophes)."""
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
    return [q for q in quotes if q.end > q.start]


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
