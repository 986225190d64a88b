"""Who said it: noun phrases to article-level entities (names, honorifics, roles, pronouns, bodies).

Mentions are read in text order; each is resolved against what the article has said so far, and a
description that comes before the name ("the chief executive of X told ...", then "Jane Doe was
giving evidence") is tied to the next person the article names, as news ledes do.
"""

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .entities import Entity, EntityTable, surname
from .faults import unguarded
from .lexicon import (
    GENERIC_ORG_NOUNS,
    HONORIFICS,
    ORG_NOUNS,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    UNNAMED_PERSON_NOUNS,
)
from .names import (
    NAME_PARTICLES,
    credit_name,
    has_particle,
    is_title,
    join_name,
    lower_first,
    strip_post_nominals,
    title_cut,
)
from .reported import cue_lemma, subject_of

_DEFINITE = {"the", "this", "that", "its", "their", "his", "her", "our"}
_NAME_ACL = {"calling", "called", "named", "known"}
_LOOKBACK_MENTIONS = 40


@dataclass
class _Mention:
    pos: int
    entity: Entity
    subject: bool
    paragraph: int


class SpeakerResolver:
    """Resolves noun-phrase heads to entities, in text order. Holds the article's entity table."""

    def __init__(
        self,
        doc: Doc,
        paragraph_of: Callable[[int], int],
        in_quote: Callable[[int], bool],
        previous_sentence_start: Callable[[int], int],
    ):
        self.doc = doc
        self.previous_sentence_start = previous_sentence_start
        self.paragraph_of = paragraph_of
        self.in_quote = in_quote
        self.table = EntityTable(paragraph_of)
        self.mentions: list[_Mention] = []
        self.by_token: dict[int, Entity | None] = {}
        self.by_word: dict[str, list[Entity]] = {}
        self.table.by_form: dict[str, Entity] = {}
        self.guard: Callable = unguarded  # the pipeline sets Faults.guard
        self.ent_of = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}

    # -- building -------------------------------------------------------------------------
    def read(self, heads: list[Token]) -> None:
        """Resolve every mention head (sorted by position), then tie pending descriptions to names."""
        for head in heads:
            if head.i in self.by_token:
                continue
            ent = self.guard("mention", head.idx, head.idx + len(head.text), self._resolve, head)
            self.by_token[head.i] = ent
            if ent is not None:
                ent.mentions += 1
                ent.root().last = head.idx
                self.table.index(ent)
                subject = head.dep_ in ("nsubj", "nsubjpass") or (head.dep_ == "appos" and head.head.dep_ == "nsubj")
                self.mentions.append(_Mention(head.idx, ent, subject, self.paragraph_of(head.idx)))
        self.guard("descriptions", 0, len(self.doc.text), self.table.settle_pending)

    def entity_for(self, head: Token | None) -> Entity | None:
        if head is None:
            return None
        ent = self.by_token.get(head.i)
        return ent.root() if ent is not None else None

    def fallback(self, head: Token) -> Entity:
        """An unnamed source kept as written, for a noun phrase no rule recognised."""
        text = lower_first(self._phrase(head))
        known = self.table.by_form.get(text)
        if known is not None and known.root().kind == "unnamed":
            return known.root()
        return self.table.new("unnamed", head.idx, forms=[text], descriptors={head.lower_}, human=False)

    def entity_for_label(self, label: str, pos: int) -> Entity:
        """A transcript label ("HALVORSEN") or a credit ("Board Chair Tobias Mwangi") as a person.

        Matched against the people named so far by full name, then by surname; titles and offices
        before the name are stripped, as for names in running text.
        """
        name = credit_name(label)
        words = name.split()
        found = None
        if len(words) >= 2:
            found = self.table.match_full(name)
        if found is None and words:
            found = self.table.match_person(surname(name), None)
        if found is None:
            found = self.table.new("person", pos, names=[name], forms=[label])
        else:
            found.add_form(label)
        return found.root()

    def interviewee(self, pos: int) -> Entity | None:
        """The person an interview's "A:" lines belong to: the most mentioned person named before pos."""
        named = [e.root() for e in self.table.entities if e.first < pos and e.root().names]
        people = [e for e in named if e.kind == "person"]
        # NER sometimes types a name it does not know as a place or body; a name without any
        # organisation noun is still the likeliest interviewee when no person was found
        people = people or [e for e in named if not any(w.lower() in ORG_NOUNS for n in e.names for w in n.split())]
        return max(people, key=lambda e: (e.mentions, -e.first), default=None)

    # -- resolution -----------------------------------------------------------------------
    def _resolve(self, head: Token) -> Entity | None:
        if head.pos_ == "PRON" or head.lower_ in PRONOUN_GENDER:
            return self._pronoun(head) if head.lower_ in ("he", "she", "they", "it") else None
        name_tok = self._name_token(head)
        if name_tok is not None:
            return self._named(head, name_tok)
        return self._description(head)

    def _name_token(self, head: Token) -> Token | None:
        if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"):
            return head
        if head.lower_ in ORG_NOUNS and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in head.lefts):
            return head  # "The Save Holloway Bay group"
        if (
            head.text[:1].isupper()
            and head.pos_ == "NOUN"
            and (self.table.match_org_word(head.text, None) or self.table.match_person(head.text, None))
        ):
            return head  # a known name the tagger took for a common noun at the start of a sentence
        for child in head.children:
            if child.dep_ == "appos" and (child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG")):
                return child
            if child.dep_ == "acl" and child.lower_ in _NAME_ACL:
                for grand in child.subtree:
                    if grand.dep_ in ("oprd", "dobj", "pobj", "attr") and grand.pos_ == "PROPN":
                        return grand
        return None

    def _named(self, head: Token, name_tok: Token) -> Entity | None:
        nxt = name_tok.nbor() if name_tok.i + 2 < len(self.doc) else None
        if nxt is not None and nxt.text == "-" and not name_tok.whitespace_ and nxt.nbor().is_lower:
            return None  # "Cross-examined": a capitalised word piece, not a name
        chain = self._compound_chain(name_tok)
        if name_tok.ent_type_ in ("PERSON", "ORG") and name_tok.ent_iob_ != "O":
            ent_span = self.ent_of.get(name_tok.i)
            if ent_span is not None:
                lo = min(chain[0].i if chain else name_tok.i, ent_span.start)
                hi = max(name_tok.i + 1, ent_span.end)
                chain = [
                    t
                    for t in self.doc[lo:hi]
                    if t.dep_ != "det" and t.text != "," and not (t.tag_ == "POS" and t.i == hi - 1)
                ]
        chain = chain or [name_tok]
        words = [t.text for t in chain]
        lowered = [w.lower().rstrip(".") for w in words]
        honorific = next((w for w in lowered if is_title(w)), None)
        if head is not name_tok and head.lower_ in ROLE_NOUNS:
            kind = "person"  # "The finance minister, Tomasz Wielgosz": an office's holder, whatever NER says
        else:
            kind = self._named_kind(name_tok, chain, lowered, honorific)
        pos = head.idx
        role_text = self._role_text(head, name_tok, chain)
        if kind == "organisation":
            name = self._org_name(chain, head, name_tok)
            ent = self.table.match_org(name) or self.table.new("organisation", pos, names=[name], human=False)
            ent.add_form(self._surface(head, name_tok))
            if head is not name_tok and head.pos_ == "NOUN":
                ent.descriptors.add(head.lower_)
            for t in chain:
                if t.pos_ == "NOUN":
                    ent.descriptors.add(t.lower_)
            for child in name_tok.children:
                if child.dep_ in ("appos", "compound") and child.pos_ == "NOUN":
                    ent.descriptors.add(child.lower_)  # "the patients' charity CareWatch"
            return ent
        cut = title_cut(chain)
        name = join_name(strip_post_nominals(chain[cut:] or chain[-1:]))
        gender = HONORIFICS.get(honorific) if honorific else None
        surname_only = name.split()[0].lower() in NAME_PARTICLES  # "Ms de la Cruz"
        if len(name.split()) >= 2 and not surname_only:
            ent = self.table.match_full(name) or self.table.new("person", pos, names=[name])
        else:
            key = surname(name)
            ent = self.table.match_person(key, gender, honorific) or self.table.match_org_word(key, honorific)
            if ent is None:
                if not honorific and name_tok.ent_type_ != "PERSON":
                    return None  # a capitalised word alone ("Video appears ...") is not yet a person
                ent = self.table.new("person", pos, names=[name])
        if gender and not ent.gender_firm:
            ent.gender, ent.gender_firm = gender, True
        ent.add_form(self._surface(head, name_tok))
        if role_text:
            if ent.role is None:
                ent.role = role_text
            ent.role_words |= {w.lower() for w in role_text.replace("’s", " ").replace("'s", " ").split()}
        return ent

    def _named_kind(self, name_tok: Token, chain: list[Token], lowered: list[str], honorific: str | None) -> str:
        if honorific or has_particle([t.text for t in chain]) or strip_post_nominals(chain) != chain:
            return "person"  # "Ms X", "Joost van der Berg", "Beatrix Holloway KC"
        if name_tok.ent_type_ == "PERSON":
            return "person"
        cut = title_cut(chain)
        joined = join_name(chain[cut:] or chain)
        if " " not in joined and self.table.match_person(joined, None) is not None:
            return "person"  # a surname the article has already given a person, whatever NER thinks
        rest = [t for t in chain[cut:] if t.text != "-"]
        if (
            cut
            and any(w in ROLE_NOUNS for w in lowered[:cut])
            and len(rest) >= 2
            and not any(t.lower_ in ORG_NOUNS for t in rest)
        ):
            return "person"  # "Corvane chief executive Sandra Vileikis": an office, then a person's name
        if any(w in ORG_NOUNS for w in lowered[cut:]) or (cut == len(lowered) and any(w in ORG_NOUNS for w in lowered)):
            return "organisation"
        if name_tok.ent_type_ in ("ORG", "GPE", "NORP", "FAC"):
            return "organisation"
        if any(t.lower_ == "the" for t in name_tok.children if t.dep_ == "det"):
            return "organisation"
        if len(chain) == 1:
            known = self.table.match_person(chain[0].text, None)
            if known is not None:
                return "person"
            if self.table.match_org_word(chain[0].text, None) is not None:
                return "organisation"
        return "person"

    def _compound_chain(self, tok: Token) -> list[Token]:
        left = [
            c
            for c in tok.lefts
            if c.dep_ in ("compound", "amod", "nmod")
            and (c.pos_ == "PROPN" or c.text[:1].isupper() or c.lower_ in ROLE_NOUNS)
        ]
        start = tok.i
        for c in sorted(left, key=lambda t: -t.i):
            if c.i == start - 1 or all(
                self.doc[k].dep_ in ("compound", "punct", "amod", "nmod") or self.doc[k].text == "-"
                for k in range(c.i + 1, start)
            ):
                start = c.left_edge.i if c.left_edge.pos_ in ("PROPN", "NOUN", "ADJ") else c.i
        # names like "Okonjo-Pryce" arrive as three tokens; keep the hyphen pieces
        toks = [
            t for t in self.doc[start : tok.i + 1] if t.dep_ not in ("det", "poss", "case", "punct") or t.text == "-"
        ]
        end = tok.i
        while (
            end + 2 < len(self.doc)
            and self.doc[end + 1].text == "-"
            and not self.doc[end + 1].whitespace_
            and self.doc[end + 2].pos_ == "PROPN"
            and not self.doc[end].whitespace_
        ):
            toks += [self.doc[end + 1], self.doc[end + 2]]
            end += 2
        return toks

    def _role_text(self, head: Token, name_tok: Token, chain: list[Token]) -> str | None:
        parts = [t for t in chain if not is_title(t.lower_.rstrip("."))]
        role_tokens: list[Token] = []
        for t in parts:
            if t.text == "-":
                continue
            if t.lower_ in ROLE_NOUNS or not t.text[:1].isupper():
                role_tokens = parts[: parts.index(t) + 1]
        if role_tokens:
            return join_name(role_tokens)
        if head is not name_tok and head.pos_ == "NOUN":
            return self._phrase(head, stop_at=name_tok)
        for child in name_tok.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                return self._phrase(child)
        return None

    def _phrase(self, head: Token, stop_at: Token | None = None) -> str:
        start, end = head.left_edge.i, head.right_edge.i + 1
        dropped = {t.i for c in head.children if c.dep_ in ("relcl", "appos") for t in c.subtree}
        toks = []
        for t in self.doc[start:end]:
            if t.text == "," or (stop_at is not None and t.i >= stop_at.i) or t.i in dropped:
                if t.i > head.i:
                    break
                continue
            toks.append(t)
        return "".join(t.text_with_ws for t in toks).strip()

    def _surface(self, head: Token, name_tok: Token) -> str:
        if head is name_tok:
            s = head.left_edge.i
            toks = [t for t in self.doc[s : head.i + 1] if t.text != ","]
            return "".join(t.text_with_ws for t in toks).strip()
        return self._phrase(head) + ", " + join_name(self._compound_chain(name_tok))

    def _org_name(self, chain: list[Token], head: Token, name_tok: Token) -> str:
        toks = [t for t in chain if t.lower_ != "the"]
        # "The Save Holloway Bay group": the proper name, not the kind of body it is; but "the
        # Tarvel interior ministry" is a body of Tarvel, and its noun is what distinguishes it
        while (
            len(toks) > 1
            and toks[-1].pos_ == "NOUN"
            and toks[-1].lower_ in GENERIC_ORG_NOUNS
            and toks[-1].text.islower()
        ):
            toks = toks[:-1]
        return join_name(toks)

    def _description(self, head: Token) -> Entity | None:
        noun = head.lower_
        det = next((c for c in head.children if c.dep_ in ("det", "poss")), None)
        definite = det is not None and (det.lower_ in _DEFINITE or det.dep_ == "poss" or det.tag_ == "POS")
        if det is None:
            definite = any(c.dep_ == "poss" for c in head.children)
        pos = head.idx
        if definite and noun in ROLE_NOUNS:
            words = {t.lower_ for t in head.lefts if t.dep_ in ("compound", "amod")} | {noun}
            ent = self.table.match_role(words, noun)
            if ent is not None:
                return ent
            return self.table.new(
                "unnamed", pos, forms=[lower_first(self._phrase(head))], descriptors={noun}, pending="person"
            )
        if definite and noun in ORG_NOUNS:
            ent = self.table.match_org_descriptor(noun)
            if ent is not None:
                return ent
            return self.table.new(
                "organisation",
                pos,
                forms=[lower_first(self._phrase(head))],
                descriptors={noun},
                pending="org",
                human=False,
            )
        if head.pos_ not in ("NOUN", "PROPN") or noun not in UNNAMED_PERSON_NOUNS | ORG_NOUNS:
            return None
        text = lower_first(self._phrase(head))
        known = self.table.by_form.get(text)
        if known is not None and known.root().kind == "unnamed":
            return known.root()
        kind = "organisation" if noun in ORG_NOUNS and noun not in UNNAMED_PERSON_NOUNS else "unnamed"
        plural = head.tag_ in ("NNS", "NNPS")
        return self.table.new(
            kind, pos, forms=[text], descriptors={noun}, human=noun in UNNAMED_PERSON_NOUNS, plural=plural
        )

    def _pronoun(self, head: Token) -> Entity | None:
        word = head.lower_
        gender = PRONOUN_GENDER.get(word)
        reporter = self._reporter_of(head)
        if reporter is not None and word in ("he", "she") and reporter.human and reporter.gender in (None, gender):
            return self._gender(reporter, gender)
        para = self.paragraph_of(head.idx)
        prev_sent_start = self.previous_sentence_start(head.idx)
        recent = [m for m in self.mentions[-_LOOKBACK_MENTIONS:] if m.pos < head.idx and para - m.paragraph <= 3]

        def fits(ent: Entity) -> bool:
            if word in ("he", "she"):
                return ent.human and not ent.plural and ent.kind != "organisation" and ent.gender in (None, gender)
            if word == "it":
                return ent.kind == "organisation"
            return ent.gender is None or ent.kind != "person"

        for want_subject in (True, False):
            for m in reversed(recent):
                ent = m.entity.root()
                if not want_subject and m.pos < prev_sent_start:
                    break  # an object mention only counts when it is close by
                if (m.subject or not want_subject) and fits(ent):
                    return self._gender(ent, gender)
        return None

    @staticmethod
    def _gender(ent: Entity, gender: str | None) -> Entity:
        if gender and ent.gender is None and ent.kind == "person":
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
