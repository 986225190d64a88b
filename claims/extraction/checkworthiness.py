"""How worth checking a statement is: a transparent linear model over features of its spaCy parse.

Plain Python over a parsed `Doc`; no Django, and spaCy itself is never imported here (only its
objects are read), so the web process may import the reasons and the dataclass for free.

The features follow ClaimBuster (Hassan, Arslan, Li, Tremayne: "Toward Automated Fact-Checking:
Detecting Check-worthy Factual Claims by ClaimBuster", KDD 2017), whose SVM over sentence length,
parts of speech and entity types separated check-worthy factual sentences from unimportant factual
and non-factual ones, and ClaimRank's lexicon features (apepa/claim-rank, src/features/: hedges,
report verbs, negations, subjectivity). Instead of an SVM over thousands of word and POS weights,
a dozen named features each carry one weight a desk can read and argue with:

- raise: a figure (CARDINAL/PERCENT/MONEY/QUANTITY entities or numerals), a year or period
  (DATE entities naming years, months, decades), a comparison or superlative (morphology
  Degree=Cmp/Sup, "than"), a change over time ("rose", "doubled", "fell"), a causal claim (from
  the parse: "because", "due to", "led to", "caused", "forced"), named entities (people,
  organisations, places, laws), something that happened (a past or perfect verb whose subject
  is not the speaker);
- lower: an opinion (a first-person opinion verb: "I think", "we believe", "in my view"), a
  promise or call to act (a first-person subject with will/shall/going to/must/should, or
  "promise", "pledge", "let us"), a question, thanks or greetings, something about the speaker
  (a first-person singular subject: "I was born in Leeds"), an everyday time ("on Tuesday",
  "this morning"), very short sentences.

The score is the logistic of the weighted sum, so it lies in (0, 1); 0.5 is "as likely as not".
The weights were set by hand on general grounds (the ClaimBuster classes and which features
distinguish them) and checked against the dev half of tests/data/checkworthiness.jsonl; the
held-out half is reported, never tuned on (see README, "Check-worthiness").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

__all__ = [
    "MODEL_VERSION",
    "REASONS",
    "WEIGHTS",
    "CheckWorthiness",
    "features",
    "score_doc",
    "score_span",
    "score_texts",
]

# Bump when a weight or feature changes: claims scored by an older version are rescored by
# `manage.py score_checkworthiness --rescore`.
MODEL_VERSION = "cw-2026.11.1"

BIAS = -1.0

# feature -> weight; a positive weight raises the score.
WEIGHTS: dict[str, float] = {
    "figure": 1.6,
    "period": 0.7,
    "comparison": 1.1,
    "change": 1.2,
    "causal": 1.1,
    "entities": 0.5,
    "happened": 0.8,
    "opinion": -2.0,
    "promise": -2.2,
    "question": -2.5,
    "thanks": -3.0,
    "about_speaker": -1.5,
    "everyday_time": -1.0,
    "short": -0.8,
}

# feature -> the reason shown to editors ("Why this score").
REASONS: dict[str, str] = {
    "figure": "a figure",
    "period": "a year or period",
    "comparison": "a comparison",
    "change": "a change over time",
    "causal": "a causal claim",
    "entities": "named entities",
    "happened": "says what happened",
    "opinion": "an opinion",
    "promise": "a promise or call to act",
    "question": "a question",
    "thanks": "thanks or a greeting",
    "about_speaker": "about the speaker",
    "everyday_time": "an everyday time",
    "short": "very short",
}

_FIGURE_ENTS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY"}
_NAMED_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "LAW", "EVENT", "PRODUCT"}
_PERIOD_WORDS = {"year", "years", "decade", "decades", "century", "month", "months", "quarter", "since"}
# fmt: off
_EVERYDAY_WORDS = frozenset({
    "today", "tomorrow", "yesterday", "tonight", "morning", "afternoon", "evening", "week",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
})
# Fractions and multiples spoken as words ("halved", "a fifth", "twice as much") are figures too.
_FIGURE_WORDS = {"half", "third", "quarter", "fifth", "tenth", "twice", "double", "triple", "record"}


def _forms(*bases: str) -> frozenset[str]:
    """A verb's regular inflections: "rise" -> rise, rises, rised, rising (irregulars listed by the caller)."""
    out: set[str] = set()
    for base in bases:
        stem = base[:-1] if base.endswith("e") else base
        out |= {base, base + "s", base + "es", stem + "ed", stem + "ing", base + "d"}
    return frozenset(out)


_CHANGE_VERBS = _forms(
    "rise", "fall", "double", "triple", "treble", "halve", "increase", "decrease", "grow", "drop", "cut",
    "reach", "climb", "soar", "plunge", "shrink", "reduce", "lose", "gain", "decline", "surge", "slump",
) | {"rose", "risen", "fell", "fallen", "grew", "grown", "shrank", "shrunk", "lost", "cutting"}
_CAUSAL_VERBS = _forms(
    "cause", "lead", "result", "force", "drive", "trigger", "prevent", "save", "kill",
) | {"led", "drove", "driven"}
_CAUSAL_MARKERS = {"because", "therefore", "consequently", "hence"}
_OPINION_VERBS = _forms(
    "think", "believe", "feel", "hope", "want", "wish", "guess", "reckon", "suppose",
) | {"thought", "felt", "welcome", "agree", "disagree", "respect", "find"}
# fmt: on
_OPINION_PHRASES = ("in my view", "in my opinion", "frankly", "honestly", "i am confident", "i'm confident")
_PROMISE_VERBS = _forms("promise", "pledge", "vow", "commit", "guarantee")
_OBLIGATION = {"will", "shall", "'ll", "must", "should", "ought", "need", "can", "would"}
_THANKS = {"thank", "thanks", "congratulations", "congratulate", "welcome", "grateful", "delighted", "honour", "honor"}
_GREETINGS = ("good morning", "good afternoon", "good evening", "ladies and gentlemen", "welcome to")
_FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "'m", "i'm"}


@dataclass(frozen=True)
class CheckWorthiness:
    """A statement's score in [0, 1] and the reasons, strongest first (raising before lowering)."""

    score: float
    reasons: tuple[str, ...]
    version: str = MODEL_VERSION


def _subject(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            return child
    return None


def _first_person_subject(tok: Token, *, possessive: bool = False) -> bool:
    """Whether the verb's subject is the speaker ("I", "we"), or with `possessive` their own ("our party")."""
    subj = _subject(tok)
    if subj is None and tok.dep_ in ("aux", "auxpass"):
        subj = _subject(tok.head)
    if subj is None:
        return False
    if subj.lower_ in _FIRST_PERSON:
        return True
    return possessive and any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in subj.children)


def _has_figure(doc: Doc) -> bool:
    if any(ent.label_ in _FIGURE_ENTS for ent in doc.ents):
        return True
    in_time = {t.i for ent in doc.ents if ent.label_ in ("DATE", "TIME") for t in ent}
    return any(
        (t.like_num and t.i not in in_time) or (t.lower_ in _FIGURE_WORDS and t.i not in in_time) for t in doc
    ) or any(t.lower_ in ("halved", "doubled", "tripled", "trebled") for t in doc)


def _has_period(doc: Doc) -> bool:
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        words = {t.lower_ for t in ent}
        if any(t.shape_ == "dddd" for t in ent) or words & _PERIOD_WORDS:
            return True
    return any(t.lower_ == "since" and t.dep_ in ("prep", "mark") for t in doc)


def _has_everyday_time(doc: Doc) -> bool:
    timed = (ent for ent in doc.ents if ent.label_ in ("DATE", "TIME"))
    return any({t.lower_ for t in ent} & _EVERYDAY_WORDS and not any(t.shape_ == "dddd" for t in ent) for ent in timed)


def _has_comparison(doc: Doc) -> bool:
    for t in doc:
        degree = t.morph.get("Degree")
        if ("Cmp" in degree or "Sup" in degree) and t.lower_ not in ("more", "most", "less", "least", "better", "best"):
            return True
        if t.lower_ == "than" or (t.tag_ in ("JJR", "JJS", "RBR", "RBS") and t.head.pos_ in ("NOUN", "NUM", "ADP")):
            return True
    return False


def _has_causal(doc: Doc) -> bool:
    for t in doc:
        if t.lower_ in _CAUSAL_MARKERS:
            return True
        if t.lower_ == "to" and t.i > 0 and doc[t.i - 1].lower_ in ("due", "thanks", "owing"):
            return True
        if t.lower_ == "result" and t.i > 1 and doc[t.i - 1].lower_ == "a" and doc[t.i - 2].lower_ == "as":
            return True
        # "led to", "resulted in", "caused thousands ...": a causal verb with its object or prepositional target
        if t.pos_ == "VERB" and t.lower_ in _CAUSAL_VERBS:
            objects = {c.dep_ for c in t.children} | {c.lower_ for c in t.children if c.dep_ == "prep"}
            if objects & {"dobj", "to", "in", "xcomp", "ccomp"}:
                return True
    return False


def _has_change(doc: Doc) -> bool:
    return any(t.pos_ in ("VERB", "AUX") and t.lower_ in _CHANGE_VERBS for t in doc)


def _has_happened(doc: Doc) -> bool:
    for t in doc:
        if t.pos_ not in ("VERB", "AUX") or t.dep_ not in ("ROOT", "ccomp", "conj"):
            continue
        tense = t.morph.get("Tense")
        aspect = t.morph.get("Aspect")
        perfect = "Perf" in aspect and any(c.lower_ in ("has", "have", "had", "'ve", "'s") for c in t.children)
        past_finite = "Past" in tense and "Fin" in t.morph.get("VerbForm") and t.pos_ == "VERB"
        passive = any(c.dep_ == "auxpass" and "Past" in c.morph.get("Tense") for c in t.children)
        if (perfect or past_finite or passive) and not _first_person_subject(t):
            return True
    return False


def _has_opinion(doc: Doc) -> bool:
    lower = doc.text.lower()
    if any(phrase in lower for phrase in _OPINION_PHRASES):
        return True
    return any(t.lower_ in _OPINION_VERBS and t.pos_ == "VERB" and _first_person_subject(t) for t in doc)


def _has_promise(doc: Doc) -> bool:
    for t in doc:
        if t.lower_ in _PROMISE_VERBS and t.pos_ == "VERB" and _first_person_subject(t):
            return True
        if t.lower_ in _OBLIGATION and t.tag_ == "MD" and _first_person_subject(t, possessive=True):
            return True
        # "we're going to", "I am going to"
        if t.lower_ == "going" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to" and _first_person_subject(t):
            return True
        # "Let us", "Let's", "Let me": an exhortation
        if t.lower_ == "let" and t.i == doc[t.i].sent.start:
            return True
    return False


def _has_thanks(doc: Doc) -> bool:
    lower = doc.text.lower()
    return any(t.lower_ in _THANKS for t in doc) or any(g in lower for g in _GREETINGS)


def _about_speaker(doc: Doc) -> bool:
    """The main clause is about the speaker or their own people: "I was born ...", "My father was ..."."""
    subjects = (t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT")
    return any(s.lower_ == "i" or any(c.dep_ == "poss" and c.lower_ == "my" for c in s.children) for s in subjects)


_DETECTORS = {
    "figure": _has_figure,
    "period": _has_period,
    "comparison": _has_comparison,
    "change": _has_change,
    "causal": _has_causal,
    "entities": lambda doc: any(ent.label_ in _NAMED_ENTS for ent in doc.ents),
    "happened": _has_happened,
    "opinion": _has_opinion,
    "promise": _has_promise,
    "question": lambda doc: doc.text.rstrip().rstrip("\"'”’").endswith("?"),
    "thanks": _has_thanks,
    "about_speaker": _about_speaker,
    "everyday_time": _has_everyday_time,
    "short": lambda doc: sum(1 for t in doc if t.is_alpha) < 6,
}


def features(doc: Doc) -> dict[str, bool]:
    """Which features the parsed statement shows; keys are those of WEIGHTS."""
    return {name: bool(detect(doc)) for name, detect in _DETECTORS.items()}


def score_doc(doc: Doc) -> CheckWorthiness:
    """Score one parsed statement. Needs the tagger, parser and NER (morphology from the tagger's tags)."""
    shown = features(doc)
    fired = [name for name, on in shown.items() if on]
    z = BIAS + sum(WEIGHTS[name] for name in fired)
    score = 1.0 / (1.0 + math.exp(-z))
    fired.sort(key=lambda name: (WEIGHTS[name] < 0, -abs(WEIGHTS[name])))
    return CheckWorthiness(score=round(score, 4), reasons=tuple(REASONS[name] for name in fired))


def score_span(doc: Doc, start: int, end: int) -> CheckWorthiness:
    """Score the characters start..end of an already parsed text (a statement in its article's parse).

    No second parse: the span's tokens, with their tags, heads and entities from the article, are
    copied into a Doc of their own (heads outside the statement become roots). Raises ValueError
    for an empty or out-of-range span.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        raise ValueError(f"No tokens between characters {start} and {end}.")
    return score_doc(span.as_doc())


def score_texts(texts: Iterable[str], nlp: Language, batch_size: int = 64) -> list[CheckWorthiness]:
    """Parse and score statements on their own, in batches; one result per text, in order. For sentences
    given without their article (the command, claims created by editors)."""
    return [score_doc(doc) for doc in nlp.pipe(texts, batch_size=batch_size)]
