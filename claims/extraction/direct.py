"""Direct speech: quotations with their attribution, quote-only paragraphs, transcript lines."""

import re

from spacy.tokens import Token

from .article import ArticleIndex, Candidate
from .cues import cue_lemma, cue_phrase, subject_of
from .quotes import Quote

ATTRIBUTION_ONLY = {
    "asked",
    "asks",
    "joked",
    "jokes",
    "laughed",
    "shouted",
    "continued",
    "continues",
    "recalled",
    "quipped",
    "sighed",
    "exclaimed",
    "cried",
    "pleaded",
    "yelled",
    "whispered",
    "recounted",
    "remembered",
    "read",
    "began",
    "concluded",
    "explained",
    "replied",
    "added",
    "wrote",
    "told",
}
_TRANSCRIPT = re.compile(r"^([A-Z][A-Za-z'’.\- ]{0,40}?|[A-Z][A-Z'’.\- ]{0,40}):\s+(\S)", re.MULTILINE)
_QUESTION_LABELS = {"Q", "QUESTION", "INTERVIEWER", "REPORTER", "HOST", "MODERATOR"}
_ANSWER_LABELS = {"A", "ANSWER"}
_NOT_SPEAKER_LABELS = {"NOTE", "UPDATE", "EDITOR'S NOTE", "EDITOR’S NOTE", "PHOTO", "WATCH", "READ MORE", "SOURCE"}
_SENTENCE_END = re.compile(r"[.!?][\"”’']*\s+")


# -- transcripts -----------------------------------------------------------------------------
def transcript_lines(idx: ArticleIndex) -> tuple[list[Candidate], set[int]]:
    """Answers in a transcript: "HALVORSEN: ..." lines, and "A: ..." lines, which go to the interviewee.

    A transcript has at least two labelled lines and a label that comes back (speakers take turns)
    or Q/A labels. "UK: prices rise" / "EU: ministers agree" on a page of headlines label each
    line once: section prefixes, not speakers.
    """
    lines = []
    for p in idx.paragraphs:
        for m in _TRANSCRIPT.finditer(p.text):
            if not idx.skip(p.start + m.start()):
                lines.append((p, m))
    labels = [m.group(1).strip().upper() for _, m in lines]
    turns = len(labels) != len(set(labels)) or bool(set(labels) & (_QUESTION_LABELS | _ANSWER_LABELS))
    if len(lines) < 2 or not turns:
        return [], set()
    out, paras = [], set()
    for p, m in lines:
        paras.add(p.index)
        label = m.group(1).strip()
        key = label.upper()
        if key in _QUESTION_LABELS or key in _NOT_SPEAKER_LABELS or (len(label.replace(" ", "")) < 2 and key != "A"):
            continue
        if key not in _ANSWER_LABELS and labels.count(key) < 2 and not _names_person(idx, label, p.start + m.start(1)):
            continue  # "Interview: the new harbour master": a heading above the questions
        start = p.start + m.start(2)
        line_end = p.text.find("\n", m.end())
        end = p.start + (line_end if line_end >= 0 else len(p.text))
        pattern = "answer" if key in _ANSWER_LABELS else "transcript"
        label_or_none = None if pattern == "answer" else label
        out.append(Candidate(start, end, "direct", None, p.index, 0.8, label=label_or_none, pattern=pattern))
    return out, paras


def _names_person(idx: ArticleIndex, label: str, pos: int) -> bool:
    """Is the label a person: tagged as one, or a name the article gave before ("LINDQVIST")?"""
    toks = idx.tokens(pos, pos + 1)
    if toks and toks[0].ent_type_ == "PERSON":
        return True
    words = label.split()
    return bool(words) and re.search(rf"\b{re.escape(words[-1].title())}\b", idx.text[:pos]) is not None


# -- direct quotations -----------------------------------------------------------------------
def direct_quotes(idx: ArticleIndex, transcript_paras: set[int]) -> list[Candidate]:
    out: list[Candidate] = []
    by_para: dict[int, list[Quote]] = {}
    for q in idx.quotes:
        by_para.setdefault(q.paragraph, []).append(q)
    for para_no, quotes in by_para.items():
        if para_no in transcript_paras:
            continue
        para = idx.paragraphs[para_no]
        prev_end = para.start
        for n, q in enumerate(quotes):
            next_open = quotes[n + 1].open_at if n + 1 < len(quotes) else para.end
            cand = idx.faults.guard(
                "direct", q.open_at, q.outer_end, _direct_candidate, idx, q, prev_end, next_open, para_no
            )
            if cand is not None:
                out.append(cand)
            prev_end = q.outer_end
    return out


def _direct_candidate(idx: ArticleIndex, q: Quote, prev_end: int, next_open: int, para_no: int) -> Candidate | None:
    text = idx.text
    pre = text[prev_end : q.open_at]
    ends = list(_SENTENCE_END.finditer(pre))
    clause_start = prev_end + ends[-1].end() if ends else prev_end
    clause = text[clause_start : q.open_at].rstrip()
    attribution = None
    if clause and clause[-1] in ":,":
        attribution = _attribution(idx, clause_start, q.open_at, q, any_verb=clause[-1] == ":")
        if attribution is None and clause[-1] == ",":
            return None  # "the assessment, "Hotter, Drier, Sooner", which said": a title, not a quotation
    elif clause:
        return None  # starts mid-sentence: a fragment, scare quote or title; reported speech may take it
    if attribution is None:
        post_end = _first_sentence_end(text, q.outer_end, next_open)
        attribution = _attribution(idx, q.outer_end, post_end, q, any_verb=_hands_on(text, q))
    words = len(text[q.start : q.end].split())
    if attribution is not None:
        verb, source = attribution
        c0, c1 = cue_phrase(verb)
        return Candidate(q.start, q.end, "direct", text[c0:c1], para_no, 0.9, source=source, cue_lemma=cue_lemma(verb))
    credit = _dash_credit(idx, q, next_open)
    if credit is not None:
        return Candidate(q.start, q.end, "direct", None, para_no, 0.85, label=credit, pattern="dash")
    if words < 3:
        return None
    return Candidate(q.start, q.end, "direct", None, para_no, 0.7, inherit="paragraph")


def _hands_on(text: str, q: Quote) -> bool:
    """Does the quotation end as speech handed to an attribution ("...," she sighed; "...!" he cried)?"""
    inner = text[q.start : q.end].rstrip()
    after = text[q.outer_end : q.outer_end + 1]
    return inner[-1:] in ",!?…" or after == ","


# "..." —Board Chair Tobias Mwangi[, who voted against]: a credit after a dash closes the paragraph
_DASH_CREDIT = re.compile(r"\s*[—–―-]{1,2}\s*([^\n]{2,200}?)\s*$")


def _dash_credit(idx: ArticleIndex, q: Quote, next_open: int) -> str | None:
    """The name credited after a dash that ends the quotation's paragraph, or None.

    Only the part before the first comma is the name ("Graham MacAskill, who runs a shop"); it
    starts with a capital, holds a proper noun and no finite verb.
    """
    para_end = idx.paragraphs[q.paragraph].end
    if next_open < para_end:
        return None
    m = _DASH_CREDIT.match(idx.text, q.outer_end, para_end)
    if not m:
        return None
    name_part = m.group(1).split(",")[0].rstrip(". ")
    start = m.start(1)
    toks = [t for t in idx.tokens(start, start + len(name_part)) if not t.is_punct and not t.is_space]
    if not toks or not name_part[:1].isupper() or len(name_part.split()) > 8:
        return None
    if any(t.pos_ == "AUX" or t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in toks):
        return None  # "— and that was before the vote": the writer going on, not a credit
    if not any(t.pos_ == "PROPN" for t in toks):
        return None
    return name_part


def _first_sentence_end(text: str, start: int, limit: int) -> int:
    m = _SENTENCE_END.search(text, start, limit)
    return m.start() + 1 if m else limit


def _attribution(
    idx: ArticleIndex, start: int, end: int, q: Quote, any_verb: bool = False
) -> tuple[Token, Token] | None:
    """The verb and source that attribute quotation q, from the clause text[start:end] beside it.

    A reporting verb always qualifies; with any_verb (the quotation hands on with a comma, or the
    clause before it ends with a colon) so does any verb with a subject: "...," grumbled Doreen Pike.
    """
    for speech_only in (True, False) if any_verb else (True,):
        # a reporting verb beats any other verb: "Asked whether X would start, she replied:"
        for tok in idx.tokens(start, end):
            if idx.in_quote(tok.idx) or tok.pos_ not in ("VERB", "AUX"):
                continue
            if tok.dep_ == "advcl" and tok.tag_ == "VBN" and not any(c.dep_.startswith("nsubj") for c in tok.children):
                continue  # "Asked whether ...": the question put, not who answers
            speech = cue_lemma(tok) or tok.lower_ in ATTRIBUTION_ONLY
            if not speech and (speech_only or not (tok.pos_ == "VERB" and tok.dep_ in ("ROOT", "parataxis", "ccomp"))):
                continue
            if any(
                c.dep_ == "ccomp" and not idx.in_quote(c.idx) and c.idx > q.outer_end and c.i > tok.i
                for c in tok.children
            ):
                continue  # the verb reports its own clause; it is not this quotation's attribution
            source = subject_of(tok) or _nearby_subject(idx, tok, start, end)
            if source is not None and _can_be_source(source):
                return tok, source
    return None


def _can_be_source(tok: Token) -> bool:
    """Never punctuation, a number or a unit: only a noun phrase or pronoun can say something."""
    return tok.pos_ in ("PROPN", "PRON", "NOUN") and not tok.is_punct and not tok.like_num


def _nearby_subject(idx: ArticleIndex, verb: Token, start: int, end: int) -> Token | None:
    for tok in idx.tokens(start, end):
        if (
            tok.i != verb.i
            and tok.pos_ in ("PROPN", "PRON")
            and tok.dep_ in ("nsubj", "dobj", "appos", "attr", "npadvmod")
        ):
            return tok
    return None
