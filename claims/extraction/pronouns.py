"""Pronouns and salience: which earlier mention "he", "she", "they" or "it" refers to.

A mixin of SpeakerResolver: it reads the mentions the resolver has recorded so far, in text order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from .cues import cue_lemma, subject_of
from .entities import Entity, reads_as_person_name
from .lexicon import PRONOUN_GENDER

_LOOKBACK_MENTIONS = 40
_DISPUTE_VERBS = {"reject", "dispute", "contest", "challenge", "refute", "deny", "dismiss"}
_QUESTION_VERBS = {"ask", "press", "question", "wonder"}


@dataclass
class Mention:
    pos: int
    entity: Entity
    subject: bool
    paragraph: int
    reported: bool  # inside what someone is reported as saying: a weak antecedent for a speaker's pronoun


class PronounResolution:
    """Antecedents for pronouns, from the mentions read so far (see SpeakerResolver.read)."""

    mentions: list[Mention]
    by_token: dict[int, Entity | None]
    paragraph_of: Callable[[int], int]
    previous_sentence_start: Callable[[int], int]
    in_content: Callable[[int], bool]

    def entity_for(self, head: Token | None) -> Entity | None:
        if head is None:
            return None
        ent = self.by_token.get(head.i)
        return ent.root() if ent is not None else None

    def _reported(self, head: Token) -> bool:
        """Is this mention a weak antecedent for a speaker's pronoun: inside what someone says or asks
        ("Asked whether captain X would be disciplined, she replied"), or the subject of a relative
        clause that only describes ("the colliery where his father had been killed")? A relative
        clause that reports (", a charge Ms X rejected") names a speaker, and is not weak."""
        if self.in_content(head.idx):
            return True
        tok = head
        while tok.head.i != tok.i:
            if tok.dep_ == "relcl":
                return not cue_lemma(tok) and tok.lemma_ not in _DISPUTE_VERBS
            if tok.dep_ == "appos":
                return False
            if tok.dep_ == "ccomp" and (cue_lemma(tok.head) or tok.head.lemma_ in _QUESTION_VERBS):
                return True
            tok = tok.head
        return False

    def _pronoun(self, head: Token, word: str | None = None) -> Entity | None:
        word = word or head.lower_
        gender = PRONOUN_GENDER.get(word)
        reporter = self._reporter_of(head)
        if reporter is not None and word in ("he", "she") and reporter.human and reporter.gender in (None, gender):
            return self._gender(reporter, gender)
        para = self.paragraph_of(head.idx)
        prev_sent_start = self.previous_sentence_start(head.idx)
        recent = [m for m in self.mentions[-_LOOKBACK_MENTIONS:] if m.pos < head.idx and para - m.paragraph <= 3]

        addressee = self._addressed_by(head, gender)

        def fits(ent: Entity) -> bool:
            if ent is addressee:
                return False
            if word in ("he", "she"):
                if ent.kind == "organisation":  # "Lennart Oakes" (NER: ORG) ... "He is 47": a person after all
                    return ent.gender is None and reads_as_person_name(ent)
                return ent.human and not ent.plural and ent.gender in (None, gender)
            if word == "it":
                return ent.kind == "organisation"
            return ent.gender is None or ent.kind != "person"

        # subjects of the narration first ("a woman" inside what the board told her is no antecedent
        # for the "she" who answers), then subjects inside reports, then nearby objects
        for want_subject, want_reported in ((True, False), (True, True), (False, True)):
            for m in reversed(recent):
                ent = m.entity.root()
                if not want_subject and m.pos < prev_sent_start:
                    break  # an object mention only counts when it is close by
                if (m.subject or not want_subject) and (want_reported or not m.reported) and fits(ent):
                    return self._gender(ent, gender)
        return None

    def _addressed_by(self, pronoun: Token, gender: str | None) -> Entity | None:
        """Who cannot be "he" in "X put it to him that he ..." / "X told her she ...": the speaker X,
        since "he" is the one addressed. None when the clause has no such object pronoun."""
        clause = pronoun.head
        if gender is None or pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ not in ("ccomp", "acl"):
            return None
        verb = clause.head.head if clause.head.pos_ == "PRON" else clause.head  # "put it to him that"
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        objects = [c for c in verb.children if c.dep_ in ("dative", "dobj")]
        objects += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children]
        if not any(o.lower_ in ("him", "her") and PRONOUN_GENDER[o.lower_] == gender for o in objects):
            return None
        source = subject_of(verb)
        return self.entity_for(source) if source is not None and source.i < pronoun.i else None

    @staticmethod
    def _gender(ent: Entity, gender: str | None) -> Entity:
        if gender and ent.kind == "organisation":
            ent.kind, ent.human = "person", True  # only a body whose name reads as a person's gets here
        if gender and ent.gender is None and ent.kind != "organisation" and ent.human and not ent.plural:
            ent.gender = gender
        return ent

    def _reporter_of(self, pronoun: Token) -> Entity | None:
        """ "X says he was sacked": a pronoun subject of a reported clause is, first of all, the reporter."""
        clause = pronoun.head
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp" or not cue_lemma(clause.head):
            return None
        source = subject_of(clause.head)
        if source is None or source.i >= pronoun.i:
            return None
        ent = self.by_token.get(source.i)
        return ent.root() if ent is not None else None

    # -- matching -------------------------------------------------------------------------
