"""One article's working state: candidate statements and position lookups shared by the stages."""

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newstext.boilerplate import Paragraph, boilerplate_lines

from .faults import Faults
from .quotes import OPENING, PARSE_QUOTES, SINGLE_OPENING, STRAIGHT, Quote
from .speakers import Entity

QUOTE_OPENERS = OPENING + SINGLE_OPENING + STRAIGHT


@dataclass
class Candidate:
    start: int
    end: int
    kind: str
    cue: str | None
    paragraph: int
    confidence: float
    source: Token | None = None
    inherit: str | None = None  # "paragraph" | "previous": take the speaker of an earlier statement
    label: str | None = None  # transcript speaker label
    pattern: str = "quote"
    cue_lemma: str | None = None
    entity: Entity | None = None
    hint: str | None = None
    hint_cue: str | None = None


class Cover:
    """Is a position strictly inside any of these spans? O(log n) per question."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []
        best = -1
        for _, e in spans:
            best = max(best, e)
            self.reach.append(best)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, end - 1) - 1
        return k >= 0 and self.reach[k] > start

    def covers(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos - 1) - 1
        return k >= 0 and self.reach[k] > pos


class ArticleIndex:
    """Position lookups over one article: paragraphs, boilerplate, quotations, tokens, sentences."""

    def __init__(
        self,
        text: str,
        doc: Doc,
        paragraphs: list[Paragraph],
        skipped: list[tuple[int, int, str]],
        quotes: list[Quote],
        faults: Faults | None = None,
    ):
        self.faults = faults if faults is not None else Faults()
        self.text = text
        self.doc = doc
        self.paragraphs = paragraphs
        self.para_starts = [p.start for p in paragraphs]
        self.skipped = skipped
        self.skip_starts = [s for s, _, _ in skipped]
        self.quotes = quotes
        self.quote_opens = [q.open_at for q in quotes]
        self.token_starts = [t.idx for t in doc]
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        skipped_chars = {}
        for s, e, _ in skipped:
            p = self.paragraph_of(s)
            skipped_chars[p] = skipped_chars.get(p, 0) + (e - s)
        rank, self.rank = 0, []
        for p in paragraphs:
            self.rank.append(rank)
            if skipped_chars.get(p.index, 0) < len(p.text.replace("\n", "")):
                rank += 1

    def content_paragraph(self, pos: int) -> int:
        """Paragraph number counting article paragraphs only, so page furniture does not add distance."""
        return self.rank[self.paragraph_of(pos)] if self.rank else 0

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect_right(self.para_starts, pos) - 1)

    def skip(self, pos: int) -> bool:
        k = bisect_right(self.skip_starts, pos) - 1
        return k >= 0 and pos < self.skipped[k][1]

    def in_quote(self, pos: int) -> bool:
        k = bisect_right(self.quote_opens, pos - 1) - 1
        return k >= 0 and self.quotes[k].open_at < pos < self.quotes[k].outer_end

    def quotes_between(self, start: int, end: int) -> list[Quote]:
        k = max(0, bisect_right(self.quote_opens, start) - 1)
        out = []
        while k < len(self.quotes) and self.quotes[k].open_at < end:
            if self.quotes[k].outer_end > start:
                out.append(self.quotes[k])
            k += 1
        return out

    def tokens(self, start: int, end: int) -> list[Token]:
        i = bisect_right(self.token_starts, start - 1)
        out = []
        while i < len(self.doc) and self.doc[i].idx < end:
            out.append(self.doc[i])
            i += 1
        return out

    def previous_sentence_start(self, pos: int) -> int:
        """Start of the narrative sentence before the one holding pos (or of that one, at the top).

        Sentences inside a quotation are skipped: in '"A. B," he said.' the sentence before "he"
        is the one that introduced the speaker, not the first half of the quotation.
        """
        if not self.sents:
            return 0
        k = self.sentence_of(pos) - 1
        while k > 0 and (self.in_quote(self.sent_starts[k] + 1) or self.text[self.sent_starts[k]] in QUOTE_OPENERS):
            k -= 1
        return self.sent_starts[max(0, k)]

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.sent_starts, pos) - 1)


def mask_text(text: str, paragraphs: list[Paragraph]) -> tuple[str, list[tuple[int, int, str]]]:
    """The text the parser sees: same length, boilerplate lines and NUL bytes blanked out, quotes unified.

    Every change maps one character to one character, so offsets into the parse are offsets into
    the text.
    """
    skipped = [line for p in paragraphs for line in boilerplate_lines(p)]
    masked = text.replace("\x00", " ").translate(PARSE_QUOTES)
    if not skipped:
        return masked, skipped
    chars = list(masked)
    for start, end, _ in skipped:
        chars[start:end] = " " * (end - start)
    return "".join(chars), skipped
