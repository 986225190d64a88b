"""Reported speech from the dependency parse: a cue verb, its source and the clause it reports."""

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .cues import RELATIVE_PRONOUNS, cue_lemma, cue_pattern, cue_phrase, subject_of
from .faults import unguarded
from .lexicon import DOCUMENT_NOUNS, DOCUMENT_ONLY_CUES, NON_SOURCE_SUBJECTS

_TRIM_LEFT = {"that", ",", ":", "-", "—", "–", ";"}
_TRIM_RIGHT = {",", ".", ";", ":", "-", "—", "–"}
_OBJECT_PREPS = {
    "accuse": {"of"},
    "blame": {"for", "on"},
    "describe": {"as"},
    "criticise": {"for"},
    "criticize": {"for"},
    "call": set(),
}


@dataclass(frozen=True)
class Reported:
    start: int
    end: int
    cue: Token
    cue_text: str
    source: Token | None  # head token of the source's noun phrase
    pattern: str  # "clause" | "object" | "according"


def find_reported(
    doc: Doc,
    sents: list[Span],
    in_quote: Callable[[int], bool],
    skip: Callable[[int], bool],
    guard: Callable = unguarded,
) -> list[Reported]:
    """Candidate indirect (and according-to) statements; cue verbs inside quotations are not looked at.

    `guard(rule, start, end, fn, *args)` runs each rule (faults.Faults.guard isolates failures).
    """
    found: list[Reported] = []
    sent_no = 0
    for token in doc:
        # Token.sent rescans the document on every call; walk the sentence list alongside instead
        while sents[sent_no].end <= token.i:
            sent_no += 1
        if skip(token.idx) or in_quote(token.idx):
            continue
        end = token.idx + len(token.text)
        if token.lower_ == "according":
            previous = sents[sent_no - 1] if sent_no else None
            item = guard("according", token.idx, end, _according, token, sents[sent_no], previous)
        else:
            lemma = guard("cue", token.idx, end, cue_lemma, token)
            item = (
                guard(f"reported:{lemma}", token.idx, end, _reported, token, lemma, sents[sent_no]) if lemma else None
            )
        if item is not None:
            found.append(item)
    return found


def _reported(verb: Token, lemma: str, sent: Span) -> Reported | None:
    source = subject_of(verb)
    if source is None or not _can_report(source, lemma):
        return None
    pattern = cue_pattern(lemma)
    span = _object_content(verb, lemma) if pattern == "object" else _clause_content(verb, lemma, sent)
    if span is None:
        return None
    start, end = span
    c0, c1 = cue_phrase(verb)
    # doc.text is rebuilt on every access; slice the tokens instead
    cue_text = verb.doc.char_span(c0, c1, alignment_mode="expand").text
    return Reported(start, end, verb, cue_text, source, pattern)


_NOBODY = {"nobody", "none", "no-one"}
_WH_CLAUSE = {"why", "how", "whether", "if", "what", "when", "where", "who", "which"}


def _can_report(source: Token, lemma: str) -> bool:
    """ "The poll found ...", "documents show ...": some cues report only with a document as subject.

    Nobody is a source: "No group has said it carried out the attack" reports that nothing was said.
    """
    if source.lower_ in _NOBODY or any(c.dep_ == "det" and c.lower_ == "no" for c in source.children):
        return False
    if lemma in DOCUMENT_ONLY_CUES:
        return source.lower_ in DOCUMENT_NOUNS
    return source.lower_ not in NON_SOURCE_SUBJECTS


_ACL_CLAUSE_CUES = {
    "insist",
    "claim",
    "argue",
    "believe",
    "say",
    "warn",
    "suggest",
    "allege",
    "estimate",
    "maintain",
    "contend",
}


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children)


def _asks(comp: Token) -> bool:
    """ "explained why the river rose", "asked whether ...": an indirect question asserts nothing."""
    first = comp.left_edge
    return first.lower_ in _WH_CLAUSE and first.dep_ in ("advmod", "mark", "nsubj", "dobj", "attr")


def _clause_content(verb: Token, lemma: str, sent: Span) -> tuple[int, int] | None:
    comps = [c for c in verb.children if c.dep_ == "ccomp" and _has_subject(c) and not _asks(c)]
    if comps:
        comp = max(comps, key=lambda c: c.right_edge.i - c.left_edge.i)
        end = comp.right_edge.i + 1
        for child in verb.children:
            if child.i > comp.i and child.dep_ == "npadvmod":  # "says he was sacked, weeks after ..."
                end = max(end, child.right_edge.i + 1)
        return _trimmed(verb.doc, _clause_start(verb, lemma, comp), _cut_sibling_reports(comp, end))
    loose = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if loose and obj is not None and lemma != "tell" and verb.i < obj.i < loose[0].i:
        # "claimed the refusal ... prompted him": the clause's subject parsed as the verb's object
        return _trimmed(verb.doc, obj.left_edge.i, _cut_sibling_reports(loose[0], loose[0].right_edge.i + 1))
    clause = _stranded_clause(verb)
    if clause is not None:
        return _trimmed(verb.doc, clause.left_edge.i, _cut_sibling_reports(clause, clause.right_edge.i + 1))
    fallback = _unparsed_clause(verb, sent)
    if fallback is not None:
        return fallback
    if lemma in _ACL_CLAUSE_CUES:
        # "She insisted the files related only to ...", tagged as an object with a participle
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if (
            obj is not None
            and obj.pos_ in ("NOUN", "PROPN")
            and any(c.dep_ == "acl" and c.tag_ in ("VBD", "VBN") and c.i == obj.i + 1 for c in obj.children)
        ):
            return _trimmed(verb.doc, obj.left_edge.i, _cut_sibling_reports(obj, obj.right_edge.i + 1))
    return None


def _unparsed_clause(verb: Token, sent: Span) -> tuple[int, int] | None:
    """What the small parser left without a clause: "claimed that most of the incidents involved ..."
    (the rest of the sentence after "that"), and "Several ministers left early, she says." (the
    sentence before a closing attribution). None for anything else."""
    doc = verb.doc
    if verb.i + 1 < sent.end and doc[verb.i + 1].lower_ == "that" and doc[verb.i + 1].dep_ == "mark":
        return _trimmed(doc, verb.i + 2, sent.end)
    source = max((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), key=lambda c: c.i, default=None)
    if source is None or source.left_edge.i - 1 <= sent.start + 2 or doc[source.left_edge.i - 1].text != ",":
        return None
    if any(not t.is_punct for t in doc[verb.i + 1 : sent.end]):
        return None
    return _trimmed(doc, sent.start, source.left_edge.i - 1)


def _stranded_clause(verb: Token) -> Token | None:
    """A that-clause the parser hung on a noun after the verb: "said in a statement that ...", "told
    analysts on a conference call that ...", "wrote in a note to clients that ...". The clause has its
    own subject and "that" as its marker (in a true relative clause "that" is the subject or object)."""
    frontier = [c for c in verb.children if c.dep_ in ("prep", "dobj", "dative") and c.i > verb.i]
    for _ in range(3):
        nouns = [
            g
            for c in frontier
            for g in ([c] if c.dep_ in ("dobj", "dative") else c.children)
            if g.dep_ in ("pobj", "dobj", "dative")
        ]
        for noun in nouns:
            for clause in noun.children:
                first = clause.left_edge
                if (
                    clause.dep_ in ("acl", "relcl", "ccomp")
                    and _has_subject(clause)
                    and first.lower_ == "that"
                    and first.dep_ in ("mark", "dobj")  # as "nsubj" it is a true relative: "a call that lasted"
                ):
                    return clause
        frontier = [c for n in nouns for c in n.children if c.dep_ == "prep"]
    return None


# Reporting verbs whose object is the person addressed ("told reporters", "warned investors").
_ADDRESSEE_CUES = {"tell", "warn", "assure", "inform", "remind", "advise", "urge", "promise", "brief", "notify"}


def _clause_start(verb: Token, lemma: str, comp: Token) -> int:
    """Where a reported clause starts; a mis-parsed subject hung on the verb as its object joins it.

    "She insisted the risk to the public remained low" is often parsed with "the risk" as the
    object of "insisted" and "public" as the clause's subject. A verb that takes no addressee has no
    business with an object between itself and its clause, so the object belongs to the clause.
    """
    start = comp.left_edge.i
    if lemma in _ADDRESSEE_CUES or any(m.dep_ == "mark" and m.lower_ == "that" for m in comp.children):
        return start
    objects = [c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < start]
    return min([start, *(o.left_edge.i for o in objects)])


def _cut_sibling_reports(comp: Token, end: int) -> int:
    """End a clause before a second report that shares its subject (", telling ...", "and accused ...")."""
    for tok in comp.subtree:
        if tok.i <= comp.i or tok.i >= end or tok.dep_ not in ("advcl", "conj") or _has_subject(tok):
            continue
        if tok.dep_ == "advcl" and tok.tag_ != "VBG":
            continue
        if cue_lemma(tok) and subject_of(tok) is not None:
            k = tok.left_edge.i
            doc = tok.doc
            while k > comp.i and (doc[k - 1].dep_ in ("cc", "punct") or doc[k - 1].is_space):
                k -= 1
            return min(end, k)
    return end


def _object_content(verb: Token, lemma: str) -> tuple[int, int] | None:
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    end = obj.right_edge.i + 1
    has_complement = False
    for child in verb.children:
        if child.i < obj.i or child.dep_ in ("punct", "cc", "conj"):
            continue
        if child.dep_ == "advcl" and (
            (child.tag_ == "VBG" and cue_lemma(child)) or child.lower_ in ("providing", "without")
        ):
            continue
        if (child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS.get(lemma, set())) or child.dep_ in (
            "oprd",
            "xcomp",
            "ccomp",
        ):
            has_complement = True
        if child.dep_ in ("prep", "oprd", "xcomp", "ccomp", "advcl", "npadvmod", "dobj"):
            end = max(end, child.right_edge.i + 1)
    if any(c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS.get(lemma, set()) for c in obj.children):
        has_complement = True  # "accused Oskaran forces of ...", the parser hangs "of" on the object
    span = _trimmed(verb.doc, obj.left_edge.i, end)
    if span is None:
        return None
    text = verb.doc.char_span(span[0], span[1], alignment_mode="expand").text
    quoted = any(ch in text for ch in '“”"')
    if lemma in ("call", "describe") and not quoted:
        return None  # "called a meeting", "described the scene": only a quoted characterisation reports speech
    if not has_complement and not quoted:
        return None
    return span


_BACK_REFERENCE = {"that", "this", "that's", "this's"}


def _according(token: Token, sent: Span, previous: Span | None = None) -> Reported | None:
    """ "According to X, Y." / "Y, according to X." / "Y. That is according to X." (the wire lede's form)."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        if token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            to = token.nbor()
        else:
            return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    cue_text = token.doc[token.i : to.i + 1].text
    lead = [t for t in token.doc[sent.start : token.i] if not t.is_space]
    if previous is not None and 1 <= len(lead) <= 3 and lead[0].lower_ in _BACK_REFERENCE:
        # "That is according to the ministry": the previous sentence is what the ministry said
        span = _trimmed(token.doc, previous.start, previous.end)
        return Reported(span[0], span[1], token, cue_text, source, "according") if span else None
    phrase_start, phrase_end = token.i, max(source.right_edge.i, to.i) + 1
    before = _trimmed(token.doc, sent.start, phrase_start)
    after = _trimmed(token.doc, phrase_end, sent.end)
    if after and token.doc[phrase_end : sent.end].text.lstrip(" ,").split(" ")[0].lower() in RELATIVE_PRONOUNS:
        after = None  # "according to the ministry, which gave the toll": a description of the source
    span = before if before and (not after or before[1] - before[0] >= after[1] - after[0]) else after
    if span is None:
        return None
    return Reported(span[0], span[1], token, cue_text, source, "according")


def _trimmed(doc: Doc, i: int, j: int) -> tuple[int, int] | None:
    """Character span of tokens i..j-1 without leading "that"/punctuation or trailing punctuation."""
    while i < j and (doc[i].lower_ in _TRIM_LEFT or doc[i].is_space):
        i += 1
    while j > i and (doc[j - 1].text in _TRIM_RIGHT or doc[j - 1].is_space):
        j -= 1
    if j - i < 2:
        return None
    span: Span = doc[i:j]
    start, end = span.start_char, span.end_char
    return start, end
