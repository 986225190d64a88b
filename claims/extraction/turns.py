"""Attribution across sentences: a closing "officials said" governs its paragraph, and a sentence
that introduces someone hands the next unattributed quotation to them."""

from spacy.tokens import Token

from .article import ArticleIndex, Candidate, Cover
from .cues import cue_lemma
from .direct import ATTRIBUTION_ONLY


# -- attribution at the end of a paragraph ---------------------------------------------------
def governed_sentences(idx: ArticleIndex, cands: list[Candidate]) -> list[Candidate]:
    """ "A. B. C, officials said.": a closing attribution covers the sentences of its paragraph before it.

    Only a report whose cue comes after its content and that opens its sentence governs; it takes
    the unquoted sentences right before it in the same paragraph that hold no statement of their own.
    """
    out: list[Candidate] = []
    covered = Cover(sorted((c.start, c.end) for c in cands))
    for c in cands:
        if c.kind != "indirect" or c.source is None or c.pattern != "clause":
            continue
        k = idx.sentence_of(c.start)
        sent = idx.sents[k]
        if c.start > sent.start_char + 1 or c.source.idx < c.end:
            continue  # the cue leads ("X said that ..."): it governs only its own clause
        para = idx.paragraph_of(c.start)
        while k > 0:
            k -= 1
            prev = idx.sents[k]
            start, end = prev.start_char, prev.end_char
            body = idx.text[start:end].rstrip()
            if idx.paragraph_of(start) != para or not body or idx.skip(start):
                break
            if covered.overlaps(start, end) or idx.quotes_between(start, end) or body[-1:] != ".":
                break
            if not _reportable(prev):
                break
            out.append(
                Candidate(
                    start,
                    start + len(body) - 1,
                    "indirect",
                    c.cue,
                    para,
                    0.65,
                    source=c.source,
                    pattern="governed",
                    cue_lemma=c.cue_lemma,
                )
            )
    return out


def _reportable(sent) -> bool:
    """A sentence a closing attribution can govern: no cue of its own, not a named actor's deed."""
    if any(cue_lemma(t) for t in sent):
        return False
    subject = next((t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return True
    named = subject.pos_ in ("PROPN", "PRON") or any(
        c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" for c in subject.children
    )  # "Our reporter, Kaia Lund, is at the count." is about a named person
    return not named


# -- speaker turns ---------------------------------------------------------------------------
_INTRODUCING = ("from", "and from")


def hand_over(idx: ArticleIndex, cands: list[Candidate]) -> None:
    """A quotation with no attribution goes to the person named in the sentence just before it.

    "From Deputy Chair Lorna Feeney:", "Ms Hart replied:" or a sentence that first names someone
    ("Tom Reyes runs the village shop.") introduce the next quotation's speaker; without such a
    sentence the quotation continues the previous statement's speaker (see _resolve_speakers).
    """
    covered = Cover(sorted((c.start, c.end) for c in cands))
    for c in cands:
        if c.inherit is None or c.source is not None or c.label is not None:
            continue
        idx.faults.guard("speaker turn", c.start, c.end, _hand_over_one, idx, c, covered)


def _hand_over_one(idx: ArticleIndex, c: Candidate, covered: Cover) -> None:
    quote_sent = idx.sentence_of(c.start - 1)
    if quote_sent == 0:
        return
    sent = idx.sents[quote_sent - 1]
    if not sent.text.strip() or idx.content_paragraph(c.start) - idx.content_paragraph(sent.start_char) > 1:
        return
    if covered.covers(sent.start_char + 1) or idx.quotes_between(sent.start_char, sent.end_char):
        return
    speaker = _introduced_speaker(sent, named_before=idx.text[: sent.start_char])
    if speaker is not None:
        c.source, c.inherit, c.pattern = speaker, None, "turn"


def _introduced_speaker(sent, named_before: str) -> Token | None:
    """Who a sentence hands the next quotation to: "From NAME:", "NAME said:", "He replied." (no content).

    A narrative sentence about someone ("Abara scored twice.") hands nothing on: the quotation
    after it continues the previous speaker.
    """
    words = sent.text.strip().lower()
    introduces = words.startswith(_INTRODUCING) or words.endswith(":")
    root = sent.root
    subject = next((t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and root.ent_type_ == "PERSON":
        subject = root  # "Sunita Varghese, who chairs ..., watched from the gallery": parsed as a name with clauses
    speaks = cue_lemma(root) is not None or root.lower_ in ATTRIBUTION_ONLY
    if subject is not None and subject.pos_ in ("PRON", "PROPN", "NOUN") and (introduces or speaks):
        return subject  # "He replied:", "The minister said:", "Ms Hart replied."
    if subject is not None and subject.ent_type_ == "PERSON" and subject.text not in named_before:
        return subject  # "Tom Reyes runs the village shop." introduces the voice of the quotation after it
    if introduces:
        people = [e.root for e in sent.ents if e.label_ in ("PERSON", "ORG")]
        names = [t for t in sent if t.pos_ == "PROPN" and t.dep_ != "compound"]
        if people or names:
            return (people or names)[0]  # "From Deputy Chair Pavel Horak:"
    return None
