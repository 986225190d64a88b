"""Who said it: noun phrases to article-level entities (names, honorifics, roles, pronouns, bodies).

Mentions are read in text order; each is resolved against what the article has said so far, and a
description that comes before the name ("the chief executive of X told ...", then "Jane Doe was
giving evidence") is tied to the next person the article names, as news ledes do.
"""

from collections.abc import Callable

from spacy.tokens import Doc, Token

from .entities import Entity, EntityTable, surname
from .faults import unguarded
from .lexicon import (
    HONORIFICS,
    ORG_NOUNS,
    PRONOUN_GENDER,
    ROLE_NOUNS,
    TITLE_OFFICES,
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
from .noun_phrases import (
    compound_chain,
    coordinated_name,
    described_as_person,
    org_name,
    peer_territory,
    phrase,
    role_text,
    surface,
)
from .pronouns import Mention, PronounResolution
from .relatives import GENDERED_NOUNS, KIN_NOUNS, Relatives, family_name, kin_noun, owner_token

_DEFINITE = {"the", "this", "that", "its", "their", "his", "her", "our"}
_NAME_ACL = {"calling", "called", "named", "known"}
_COLLECTIVE_NOUNS = {"family", "staff", "police", "crowd", "public"}  # "her family said": never "she"
# Days and the months that are never first names ("May", "June", "April" are).
_CALENDAR_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "july", "september", "october", "november", "december"}
)
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}


class SpeakerResolver(PronounResolution):
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
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Entity | None] = {}
        self.by_word: dict[str, list[Entity]] = {}
        self.table.by_form: dict[str, Entity] = {}
        self.relatives = Relatives()
        self.guard: Callable = unguarded  # the pipeline sets Faults.guard
        self.in_content: Callable[[int], bool] = lambda pos: False  # the pipeline sets the statements' spans
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
                # "The youngest Aldous on the slipway is Freya's son, Tobin": the person a copula presents
                subject = head.dep_ in ("nsubj", "nsubjpass") or (
                    head.dep_ in ("appos", "poss") and head.head.dep_ in ("nsubj", "attr")
                )
                self.mentions.append(Mention(head.idx, ent, subject, self.paragraph_of(head.idx), self._reported(head)))
        self.guard("descriptions", 0, len(self.doc.text), self.table.settle_pending)

    def fallback(self, head: Token) -> Entity:
        """An unnamed source kept as written, for a noun phrase no rule recognised."""
        text = lower_first(phrase(head))
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
        if head.lower_ in ROLE_NOUNS:  # "Tarnland's Prime Minister, Ingrid Ravensworth,": the name, not the office
            named = next((c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
            if named is not None:
                return named
        if (head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG")) and (
            not head.is_lower or (head.pos_ == "PROPN" and head.lower_ in ORG_NOUNS)
        ):
            return head  # a lower-case "minister" the tagger calls PROPN, or NER's "His van", is no name
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
        chain = compound_chain(name_tok)
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
        # "On Saturday Jonna Vikstrom will ...": a day or month the parser joined to the name is not part of it
        while len(chain) > 1 and chain[0].lower_ in _CALENDAR_WORDS:
            chain = chain[1:]
        chain = chain or [name_tok]
        words = [t.text for t in chain]
        lowered = [w.lower().rstrip(".") for w in words]
        honorific = next((w for w in lowered if is_title(w)), None)
        kin = kin_noun(head, name_tok)
        if kin is not None or (head.i != name_tok.i and head.lower_ in ROLE_NOUNS):
            kind = "person"  # "The finance minister, Tomasz Wielgosz", "Freya's son, Tobin", whatever NER says
        else:
            kind = self._named_kind(name_tok, chain, lowered, honorific)
        pos = head.idx
        office = role_text(head, name_tok, chain)
        if kind == "organisation":
            chain = coordinated_name(chain)
            name = org_name(chain)
            ent = self.table.match_org(name) or self.table.new("organisation", pos, names=[name], human=False)
            ent.add_form(surface(head, name_tok))
            if head.i != name_tok.i and head.pos_ == "NOUN":
                ent.descriptors.add(head.lower_)
            for t in chain:
                if t.pos_ == "NOUN":
                    ent.descriptors.add(t.lower_)
            for child in name_tok.children:
                if child.dep_ in ("appos", "compound") and child.pos_ == "NOUN":
                    ent.descriptors.add(child.lower_)  # "the patients' charity CareWatch"
            return ent
        chain = peer_territory(chain, name_tok)
        cut = title_cut(chain)
        name = join_name(strip_post_nominals(chain[cut:] or chain[-1:]))
        gender = HONORIFICS.get(honorific) if honorific else None
        owner = self._owner(kin) if kin is not None else None
        if kin is not None and kin.i != name_tok.i:
            chain = [t for t in chain if t.i != kin.i]
            name = family_name(
                join_name(strip_post_nominals(chain[title_cut(chain) :] or chain[-1:])), KIN_NOUNS[kin.lower_][0], owner
            )
            gender = gender or KIN_NOUNS[kin.lower_][1]
        surname_only = name.split()[0].lower() in NAME_PARTICLES  # "Ms de la Cruz"
        if len(name.split()) >= 2 and not surname_only:
            ent = self.table.match_full(name) or self.table.new("person", pos, names=[name])
        else:
            key = surname(name)
            ent = self.table.match_person(key, gender, honorific) or self.table.match_org_word(key, honorific)
            if ent is None or ent.kind == "organisation":
                # "Gemma Tierney" (NER: ORG), then "Mrs Tierney" or "Tierney says"
                ent = self.table.person_typed_as_org(key) or ent
            if ent is None:
                if not honorific and name_tok.ent_type_ != "PERSON":
                    return None  # a capitalised word alone ("Video appears ...") is not yet a person
                ent = self.table.new("person", pos, names=[name])
        if gender and not ent.gender_firm:
            ent.gender, ent.gender_firm = gender, True
        if owner is not None and kin is not None:
            self.relatives.add(owner, KIN_NOUNS[kin.lower_][0], ent)
        ent.add_form(surface(head, name_tok))
        if office:
            if ent.role is None:
                ent.role = office
            ent.role_words |= {w.lower() for w in office.replace("’s", " ").replace("'s", " ").split()}
        ent.role_words |= {TITLE_OFFICES.get(w, w) for w in lowered[:cut] if is_title(w) or w in ROLE_NOUNS}
        return ent

    def _named_kind(self, name_tok: Token, chain: list[Token], lowered: list[str], honorific: str | None) -> str:
        if honorific or has_particle([t.text for t in chain]) or strip_post_nominals(chain) != chain:
            return "person"  # "Ms X", "Joost van der Berg", "Beatrix Holloway KC"
        if len(chain) >= 2 and lowered[-1] in ORG_NOUNS and chain[-1].text[:1].isupper():
            return "organisation"  # "Kestwick United", "Harbour Trust": a body whatever NER says
        if name_tok.ent_type_ == "PERSON" or described_as_person(name_tok):
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

    def _description(self, head: Token) -> Entity | None:
        noun = head.lower_
        if noun in KIN_NOUNS and owner_token(head) is not None:
            return self._relative(head)
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
                "unnamed",
                pos,
                forms=[lower_first(phrase(head))],
                descriptors={noun},
                role_words=words,
                pending="person",
                gender=GENDERED_NOUNS.get(noun),
            )
        if definite and noun in ORG_NOUNS:
            ent = self.table.match_org_descriptor(noun)
            if ent is not None:
                return ent
            return self.table.new(
                "organisation",
                pos,
                forms=[lower_first(phrase(head))],
                descriptors={noun},
                pending="org",
                human=False,
            )
        if head.pos_ not in ("NOUN", "PROPN") or noun not in UNNAMED_PERSON_NOUNS | ORG_NOUNS:
            return None
        text = lower_first(phrase(head))
        known = self.table.by_form.get(text)
        if known is not None and known.root().kind == "unnamed":
            return known.root()
        kind = "organisation" if noun in ORG_NOUNS and noun not in UNNAMED_PERSON_NOUNS else "unnamed"
        plural = head.tag_ in ("NNS", "NNPS") or noun in _COLLECTIVE_NOUNS
        return self.table.new(
            kind,
            pos,
            forms=[text],
            descriptors={noun},
            human=noun in UNNAMED_PERSON_NOUNS,
            plural=plural,
            gender=GENDERED_NOUNS.get(noun),
        )

    def _relative(self, head: Token) -> Entity:
        """ "her father", "his sister": the relative the article named, else an unnamed source as written."""
        owner = self._owner(head)
        found = self.relatives.find(owner, head.lower_) if owner is not None else None
        if found is not None:
            return found
        ent = self.table.new(
            "unnamed",
            head.idx,
            forms=[lower_first(phrase(head))],
            descriptors={head.lower_},
            gender=KIN_NOUNS[head.lower_][1],
        )
        if owner is not None:
            self.relatives.add(owner, KIN_NOUNS[head.lower_][0], ent)
        return ent

    def _owner(self, kin: Token) -> Entity | None:
        poss = owner_token(kin)
        if poss is None:
            return None
        if poss.lower_ == "whose":  # "Nell Prendergast, whose husband Tomas is ...": the clause's antecedent
            clause = poss
            while clause.dep_ != "relcl" and clause.head.i != clause.i:
                clause = clause.head
            ent = self.by_token.get(clause.head.i) if clause.dep_ == "relcl" else None
            return ent.root() if ent is not None else None
        if poss.lower_ in _POSSESSIVE_PRONOUNS:
            return self._pronoun(poss, _POSSESSIVE_PRONOUNS[poss.lower_])
        ent = self.by_token.get(poss.i)
        return ent.root() if ent is not None else None
