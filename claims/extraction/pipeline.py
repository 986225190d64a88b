"""One article through all stages: paragraphs, quotes, reported speech, speakers, evidence."""

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from newstext.boilerplate import Paragraph, split_paragraphs

from .article import ArticleIndex, Candidate, Cover, mask_text
from .cues import cue_lemma
from .direct import direct_quotes, transcript_lines
from .evidence import LEADS_INTO_CUE, EvidenceCue, apply_evidence, find_cues
from .faults import Faults
from .lexicon import DOCUMENT_NOUNS, ORG_NOUNS, UNNAMED_PERSON_NOUNS
from .quotes import CLOSING, OPENING, QUOTE_CHARS, SINGLE_CLOSING, SINGLE_OPENING, Quote, find_quotes
from .reported import Reported, find_reported
from .speakers import Entity, SpeakerResolver
from .statement import ExtractedStatement
from .turns import governed_sentences, hand_over

__all__ = ["extract_doc", "mask_text", "statements"]

# " – an apparent reference to ...": the writer's gloss after a dash is not part of what was said
_DASH_GLOSS = re.compile(r"\s+[–—-]{1,2}\s+(?:an?|this|that|which)\s")


def statements(
    text: str,
    doc: Doc,
    paragraphs: list[Paragraph],
    skipped: list[tuple[int, int, str]],
    faults: Faults | None = None,
) -> list[ExtractedStatement]:
    """The article's statements as output records, sorted by start. `doc` is the parse of the masked text.

    A rule that raises on one candidate drops that candidate; the failure is added to `faults`.
    """
    faults = faults if faults is not None else Faults()
    out = []
    aliases: dict[int, tuple[str, ...]] = {}
    for c in run(text, doc, paragraphs, skipped, faults):
        record = faults.guard("output", c.start, c.end, _record, text, c, aliases)
        if record is not None:
            out.append(record)
    out.sort(key=lambda s: (s.start, s.end))
    return out


def _record(text: str, c: Candidate, aliases: dict[int, tuple[str, ...]]) -> ExtractedStatement:
    ent = c.entity
    if id(ent) not in aliases:
        aliases[id(ent)] = ent.aliases()
    if not ent.canonical.strip():
        raise ValueError("empty speaker name")
    return ExtractedStatement(
        speaker=ent.canonical,
        speaker_kind=ent.kind,
        speaker_aliases=aliases[id(ent)],
        speaker_role=ent.role,
        content=text[c.start : c.end],
        start=c.start,
        end=c.end,
        kind=c.kind,
        cue=c.cue,
        paragraph=c.paragraph,
        confidence=round(max(0.0, min(1.0, c.confidence)), 2),
        evidence_hint=c.hint,
        evidence_cue=c.hint_cue,
    )


def extract_doc(doc: Doc, faults: Faults | None = None) -> list[ExtractedStatement]:
    """Statements of an already parsed text (no boilerplate pass); what rule tests use with hand-built parses."""
    text = doc.text
    return statements(text, doc, split_paragraphs(text), [], faults)


def run(
    text: str, doc: Doc, paragraphs: list[Paragraph], skipped: list[tuple[int, int, str]], faults: Faults
) -> list[Candidate]:
    """All statements of one article as candidates with resolved speakers and evidence hints."""
    quotes = [
        q
        for p in paragraphs
        for q in faults.guard("quotes", p.start, p.end, find_quotes, text, p.start, p.end, p.index) or []
    ]
    idx = ArticleIndex(text, doc, paragraphs, skipped, [], faults)
    quotes = [q for q in quotes if not idx.skip(q.open_at)]
    idx = ArticleIndex(text, doc, paragraphs, skipped, quotes, faults)
    transcript, transcript_paras = faults.guard("transcript", 0, len(text), transcript_lines, idx) or ([], set())
    direct = direct_quotes(idx, transcript_paras)
    cues = faults.guard("evidence cues", 0, len(text), find_cues, text) or []
    reported = [
        r2
        for r in find_reported(doc, idx.sents, idx.in_quote, idx.skip, faults.guard)
        if (r2 := faults.guard("evidence truncation", r.start, r.end, _truncate_at_cues, text, r, cues)) is not None
    ]
    cands = transcript + direct + _merge_reported(idx, reported, transcript + direct)
    cands += faults.guard("governed sentences", 0, len(text), governed_sentences, idx, cands) or []
    cands.sort(key=lambda c: c.start)
    hand_over(idx, cands)
    _resolve_speakers(idx, cands)
    apply_evidence(idx, cands, cues)
    return [c for c in cands if c.entity is not None and c.end > c.start and _names_someone(c.entity)]


def _names_someone(ent: Entity) -> bool:
    """A source's name has a letter or digit: a bullet, an asterisk or a stray mark parsed as a noun is no one."""
    return any(ch.isalnum() for ch in ent.canonical)


# -- reported speech -------------------------------------------------------------------------
def _merge_reported(idx: ArticleIndex, reported: list[Reported], direct: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    taken = sorted((c.start, c.end) for c in direct)
    inside_report = Cover(sorted((r.start, r.end) for r in reported))
    for r in reported:
        if _overlaps(taken, r.start, r.end):
            continue
        if inside_report.covers(r.cue.idx):
            continue  # a cue inside another report ("said Mr X had admitted ...") is part of that report
        cand = idx.faults.guard("reported", r.start, r.end, _reported_candidate, idx, r)
        if cand is not None:
            out.append(cand)
    return out


# "QARSIN, Tarvel (MWS) - ": a wire dateline opens the lede but is not part of what was said
_DATELINE = re.compile(r"[A-Z][A-Z .'’-]{2,40}(?:, [A-Z][\w .'’-]{1,40})?(?: \([A-Za-z]{2,12}\))?\s+[-–—]{1,2}\s+")


def _reported_candidate(idx: ArticleIndex, r: Reported) -> Candidate:
    """A report as a candidate: indirect, mixed (quoted fragments inside) or direct (all of it quoted)."""
    start, end = _balance_quotes(idx.text, r.start, r.end)
    dateline = _DATELINE.match(idx.text, start, end)
    if dateline:
        start = dateline.end()
    gloss = _DASH_GLOSS.search(idx.text, start, end)
    if gloss and not idx.in_quote(gloss.start()):
        end = gloss.start()
    inner = idx.quotes_between(start, end)
    para = idx.paragraph_of(start)
    lemma = cue_lemma(r.cue) if r.pattern != "according" else "according"
    common = {"source": r.source, "pattern": r.pattern, "cue_lemma": lemma}
    if len(inner) == 1 and _is_whole_quote(idx.text, inner[0], start, end):
        return Candidate(inner[0].start, inner[0].end, "direct", r.cue_text, para, 0.85, **common)
    if inner:
        return Candidate(start, end, "mixed", r.cue_text, para, 0.8, **common)
    return Candidate(start, end, "indirect", r.cue_text, para, 0.75, **common)


def _truncate_at_cues(text: str, r: Reported, cues: list[EvidenceCue]) -> Reported:
    """ ", a claim the defence disputed" and the like comment on the clause; they are not part of it."""
    for cue in cues:
        lead = (
            LEADS_INTO_CUE.search(text, r.start, cue.start)
            if cue.reach == "inline" and r.start < cue.start < r.end
            else None
        )
        if lead:
            end = lead.start()
            return Reported(r.start, end, r.cue, r.cue_text, r.source, r.pattern)
    return r


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    k = bisect_right(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, k - 3) : k])


def _is_whole_quote(text: str, q: Quote, start: int, end: int) -> bool:
    outside = text[start : max(start, q.open_at)] + text[min(end, q.outer_end) : end]
    return not outside.strip(" ,.;:" + QUOTE_CHARS + SINGLE_OPENING + SINGLE_CLOSING)


def _balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    body = text[start:end]
    opened = sum(body.count(c) for c in OPENING) + body.count('"') % 2
    closed = sum(body.count(c) for c in CLOSING)
    if opened > closed:
        k = end
        while k < len(text) and k < end + 3 and text[k] in " .,!?":
            k += 1
        if k < len(text) and text[k] in CLOSING + '"':
            end = k + 1
    return start, end


# -- speakers --------------------------------------------------------------------------------
def _mention_heads(idx: ArticleIndex, cands: list[Candidate]) -> list[Token]:
    credits = Cover(sorted((c.end, idx.paragraphs[c.paragraph].end) for c in cands if c.pattern == "dash"))

    def readable(pos: int) -> bool:  # a dash credit is read as a label, not parsed
        return not idx.in_quote(pos) and not idx.skip(pos) and not credits.covers(pos)

    heads: dict[int, Token] = {}
    for ent in idx.doc.ents:
        if ent.label_ in ("PERSON", "ORG") and readable(ent.start_char):
            heads[ent.root.i] = ent.root
    for tok in idx.doc:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PRON", "PROPN", "NOUN") and readable(tok.idx):
            heads[tok.i] = tok
            for poss in tok.children:  # "Sir Hywel's handling of the strike made him enemies"
                if poss.dep_ == "poss" and poss.pos_ == "PROPN" and readable(poss.idx):
                    heads[poss.i] = poss
        elif tok.dep_ == "appos" and tok.pos_ == "PROPN" and readable(tok.idx):
            heads[tok.i] = tok  # "The finance minister, Tomasz Wielgosz, joined ...": a person introduced
    for c in cands:
        if c.source is not None:
            heads[c.source.i] = c.source
            for t in c.source.children:
                if t.dep_ == "poss" and t.pos_ in ("PROPN", "NOUN"):
                    heads[t.i] = t
    return [heads[i] for i in sorted(heads)]


def _resolve_speakers(idx: ArticleIndex, cands: list[Candidate]) -> None:
    resolver = SpeakerResolver(idx.doc, idx.content_paragraph, idx.in_quote, idx.previous_sentence_start)
    resolver.guard = idx.faults.guard
    resolver.in_content = Cover(sorted((c.start, c.end) for c in cands)).covers
    resolver.read(_mention_heads(idx, cands))
    last: Candidate | None = None
    for c in cands:
        if idx.faults.guard("speaker", c.start, c.end, _resolve_one, idx, resolver, c, cands, last) is None:
            c.entity = None
        if c.entity is not None:
            last = c


def _resolve_one(
    idx: ArticleIndex, resolver: SpeakerResolver, c: Candidate, cands: list[Candidate], last: Candidate | None
) -> bool:
    if c.label is not None:
        c.entity = resolver.entity_for_label(c.label, c.start)
    elif c.pattern == "answer":
        c.entity = resolver.interviewee(c.start)
    elif c.source is not None:
        c.entity = _source_entity(idx, resolver, c, cands)
    if c.entity is None and last is not None and (c.inherit or _pronoun_fits(c.source, last.entity)):
        c.entity = last.entity
        if c.inherit == "paragraph" and last.paragraph == c.paragraph:
            c.cue = last.cue
            c.confidence = 0.8
        c.confidence -= 0.1 if c.source is not None else 0
    if c.entity is not None:
        c.entity = c.entity.root()
    return True


def _pronoun_fits(source: Token | None, ent: Entity | None) -> bool:
    """May an unresolved pronoun source fall back to the previous speaker? Never "he" for a body."""
    if source is None or source.pos_ != "PRON" or ent is None:
        return False
    if source.lower_ == "it":
        return ent.kind == "organisation"  # "It said": never the passer-by quoted before
    return not (source.lower_ in ("he", "she") and (ent.kind == "organisation" or not ent.human))


def _source_entity(idx: ArticleIndex, resolver: SpeakerResolver, c: Candidate, cands: list[Candidate]) -> Entity | None:
    src = c.source
    owner = next((t for t in src.children if t.dep_ == "poss" and t.pos_ in ("PROPN", "NOUN")), None)
    if src.lower_ in DOCUMENT_NOUNS:
        owner = owner or _publisher(src)
    if src.lower_ in DOCUMENT_NOUNS and owner is not None:
        return resolver.entity_for(owner) or resolver.fallback(owner)
    if c.pattern == "according" and src.lower_ in DOCUMENT_NOUNS:
        # "according to the letter": the body that wrote it, named where the letter came up
        for other in reversed([o for o in cands if o.start < c.start and o.entity is not None][-30:]):
            sent = idx.sents[idx.sentence_of(other.start)]
            if src.lower_ in sent.text.lower():
                return other.entity
    ent = resolver.entity_for(src)
    if ent is None:  # "Mitigating, Oliver Strand KC said": the parser's subject is a word before the name
        ent = next((e for c in src.children if c.dep_ == "appos" and (e := resolver.entity_for(c))), None)
    if ent is None and _plausible_source(src):
        ent = resolver.fallback(src)
    return ent  # None for "polls suggest", "the move signals": not a source


def _publisher(document: Token) -> Token | None:
    """Who issued a document: "figures published on Thursday by the Statistics Office", "figures
    from the Department for Education". None when the phrase names no one."""
    named = [c for c in document.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if named:
        return named[-1]  # "a Meridian Research poll"
    for prep in document.children:
        if prep.dep_ == "acl" and prep.tag_ == "VBN":  # "published ... by X"
            prep = next((c for c in prep.children if c.dep_ == "agent" or c.lower_ == "by"), prep)
        if prep.lower_ in ("by", "from") or prep.dep_ == "agent":
            body = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if body is not None and (
                body.pos_ == "PROPN"
                or body.ent_type_ == "ORG"
                or body.lower_ in ORG_NOUNS
                or body.lemma_ in UNNAMED_PERSON_NOUNS  # "a report by council planning officers"
            ):
                return body
    return None


_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "eer", "man", "woman", "men", "women")


def _plausible_source(tok: Token) -> bool:
    """A noun phrase the lexicons do not know may still name a source: a name, a document, a person-noun."""
    if tok.pos_ == "PROPN" or tok.lower_ in DOCUMENT_NOUNS:
        return True
    if tok.pos_ != "NOUN":
        return False
    if tok.lemma_ in UNNAMED_PERSON_NOUNS:
        return True  # two neighbours
    if any(c.dep_ == "relcl" and any(w.lower_ == "who" for w in c.children) for c in tok.children):
        return True  # "A backbencher, who asked not to be named, said"
    return tok.lower_.rstrip("s").endswith(_AGENT_SUFFIXES)
