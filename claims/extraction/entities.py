"""The article's table of sources: entities, the words that name them, and how mentions are matched."""

from collections.abc import Callable
from dataclasses import dataclass, field

from .lexicon import COMPANY_NOUNS, NAME_SUFFIXES, ORG_NOUNS, ORG_SYNONYMS
from .names import NAME_PARTICLES

_LEDE_PARAGRAPHS = 3
# Nouns for whoever leads a body, any of which a headline may call "the boss".
_LEADER_NOUNS = frozenset(
    {"boss", "chief", "executive", "head", "leader", "chairman", "chairwoman", "chair", "president"}
)
_COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx"})


@dataclass(eq=False)
class Entity:
    kind: str  # "person" | "organisation" | "unnamed"
    first: int
    paragraph: int
    names: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    role: str | None = None
    role_words: set[str] = field(default_factory=set)
    descriptors: set[str] = field(default_factory=set)
    gender: str | None = None
    gender_firm: bool = False  # from an honorific; a pronoun guess never overrides it
    human: bool = True
    plural: bool = False  # "residents", "officials": never "he" or "she"
    pending: str | None = None  # "person" | "org" for a description still waiting for its name
    parent: "Entity | None" = None
    mentions: int = 0
    last: int = -1  # position of the latest mention

    def add_form(self, form: str) -> None:
        if form and form not in self.forms:
            self.forms.append(form)

    def root(self) -> "Entity":
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    @property
    def canonical(self) -> str:
        if self.kind == "unnamed" or not self.names:
            return self.forms[0] if self.forms else ""
        return max(self.names, key=lambda n: (len(n.split()), len(n)))

    def aliases(self) -> tuple[str, ...]:
        canon = self.canonical
        seen: list[str] = []
        for form in [*self.names, *self.forms]:
            if form != canon and form not in seen:
                seen.append(form)
        return tuple(seen)

    def name_tokens(self) -> set[str]:
        words = {w.lower() for n in self.names for w in n.split()}
        return words | {p for w in words if "-" in w for p in w.split("-")}


class EntityTable:
    """Entities in order of introduction, indexed by the words of their names, roles and descriptions."""

    def __init__(self, paragraph_of: Callable[[int], int]):
        self.paragraph_of = paragraph_of
        self.entities: list[Entity] = []
        self.by_word: dict[str, list[Entity]] = {}
        self.by_form: dict[str, Entity] = {}

    def new(self, kind: str, pos: int, **fields) -> Entity:
        ent = Entity(kind=kind, first=pos, paragraph=self.paragraph_of(pos), **fields)
        self.entities.append(ent)
        self.index(ent)
        return ent

    def index(self, ent: Entity) -> None:
        """Word -> entities, so matching looks at a few candidates, not the whole article."""
        words = ent.name_tokens() | {n.lower() for n in ent.names} | ent.role_words | ent.descriptors
        for w in words:
            bucket = self.by_word.setdefault(w, [])
            if ent not in bucket:
                bucket.append(ent)
        for form in ent.forms:
            self.by_form.setdefault(form, ent)

    def _candidates(self, words: set[str], kind: str | None = None) -> list[Entity]:
        seen: set[int] = set()
        out: list[Entity] = []
        for w in words:
            for ent in self.by_word.get(w, ()):
                r = ent.root()
                if id(r) not in seen and (kind is None or r.kind == kind):
                    seen.add(id(r))
                    out.append(r)
        out.sort(key=lambda e: -e.first)
        return out  # most recently introduced first

    def _recency(self, ent: Entity) -> int:
        return max(ent.last, ent.first)

    def match_full(self, name: str) -> Entity | None:
        """The person a name of several words refers to: the same name, or a known name it ends
        ("St. Clair" of "Delphine St. Clair"), or a surname met before the full name."""
        low = name.lower()
        words = set(low.replace("-", " ").split()) | {low}
        people = self._candidates(words, "person")
        for ent in people:
            if any(n.lower() == low for n in ent.names):
                return ent
        for ent in people:
            if any(n.lower().endswith(" " + low) for n in ent.names):
                return ent
        last = surname(low)
        for ent in people:
            # a surname met before the full name ("Mbatha ... Ezra Mbatha")
            if all(len(n.split()) == 1 for n in ent.names) and any(n.lower() == last for n in ent.names):
                ent.names.append(name)
                self.index(ent)
                return ent
        return None

    def match_person(self, word: str, gender: str | None, honorific: str | None = None) -> Entity | None:
        """The person a surname (or first name) refers to: the most recent compatible one.

        People sharing a surname: the most recent one whose gender and titles fit ("Mrs Aldous" is not
        the woman already called "Ms Aldous"), then the most recent of the honorific's gender; a
        title never changes a known gender.
        """
        return self._match_person_gendered(word, gender, honorific) or (
            self._match_person_gendered(word, None, honorific) if gender else None
        )

    def _match_person_gendered(self, word: str, gender: str | None, honorific: str | None) -> Entity | None:
        low = word.lower()
        best, best_pos = None, -1
        for ent in self._candidates({low}, "person"):
            if gender and ent.gender and ent.gender != gender:
                continue
            last = {surname(n).lower() for n in ent.names}
            first = {n.lower().split()[0] for n in ent.names if len(n.split()) > 1}
            if low in last or low in first:
                r = self._recency(ent) + (10**9 if low in last else 0) + (10**10 if fits_title(ent, honorific) else 0)
                if r > best_pos:
                    best, best_pos = ent, r
        return best

    def match_org(self, name: str) -> Entity | None:
        words = set(name.lower().split())
        for ent in self._candidates(words, "organisation"):
            for n in ent.names:
                other = set(n.lower().split())
                if words == other or (
                    words
                    and (words <= other or other <= words)
                    and not _generic(words)
                    and not _generic(other)
                    and _body_noun(name) == _body_noun(n)
                ):
                    if name not in ent.names:
                        ent.names.append(name)
                        self.index(ent)
                    return ent
        return None

    def match_org_word(self, word: str, honorific: str | None) -> Entity | None:
        if honorific:
            return None
        low = word.lower()
        for ent in self._candidates({low}, "organisation"):
            if low in ent.name_tokens():
                return ent
        return None

    def match_role(self, words: set[str], noun: str) -> Entity | None:
        """The person a description names: every word of "the finance minister" in their office, else
        its noun; "the Linwick boss" is whoever leads Linwick ("Linwick's chief executive")."""
        candidates = [e for e in self._candidates(words | {noun}) if e.kind != "organisation" and e.human]
        for strict in (True, False):
            best, best_pos = None, -1
            for ent in candidates:
                pool = ent.role_words | ent.descriptors
                leads = noun in _LEADER_NOUNS and pool & _LEADER_NOUNS and (words - {noun}) & pool
                if (words <= pool) if strict else (noun in pool or leads):
                    r = self._recency(ent)
                    if r > best_pos:
                        best, best_pos = ent, r
            if best is not None:
                return best
        return None

    def person_typed_as_org(self, surname_word: str) -> Entity | None:
        """A two- or three-word name NER took for a body ("Gemma Tierney"), now called by its last word
        alone ("Mrs Tierney", "Oakes says"), as people are and bodies are not: retyped as a person and
        returned. None when no such name ends in this word ("Halden & Rowe" is a firm)."""
        low = surname_word.lower()
        for ent in self._candidates({low}, "organisation"):
            if any(n.split()[-1].lower() == low for n in ent.names) and reads_as_person_name(ent):
                ent.kind, ent.human = "person", True
                return ent
        return None

    def match_org_descriptor(self, noun: str) -> Entity | None:
        keys = ORG_SYNONYMS.get(noun, {noun}) | {noun}
        best, best_pos = None, -1
        for ent in self._candidates(keys, "organisation"):
            if ent.pending:
                continue
            if keys & (ent.name_tokens() | ent.descriptors):
                r = self._recency(ent)
                if r > best_pos:
                    best, best_pos = ent, r
        return best

    def settle_pending(self) -> None:
        busiest: list[Entity | None] = []
        for n, ent in enumerate(self.entities):
            if ent.parent is not None or not ent.pending:
                continue
            target = self._forward_target(ent, n, busiest)
            if target is not None and target is not ent:
                for form in ent.forms:
                    target.add_form(form)
                target.role_words |= ent.descriptors
                target.last = max(target.last, ent.last)
                ent.parent = target
            ent.pending = None

    def _forward_target(self, ent: Entity, n: int, busiest: list["Entity | None"]) -> Entity | None:
        # a lede names its people a few paragraphs after describing them; past the lede, "the harbour
        # master says" is not the next person the story names, unless in the same paragraph
        if ent.pending == "person" and len(ent.role_words) > 1:
            # "the finance minister" asked about, then "The finance minister, Tomasz Wielgosz, joined"
            office = next(
                (
                    e
                    for e in self.entities[n + 1 :]
                    if e.kind == "person" and e.parent is None and e.names and ent.role_words <= e.role_words
                ),
                None,
            )
            if office is not None:
                return office
        reach = _LEDE_PARAGRAPHS if ent.pending != "person" or ent.paragraph <= _LEDE_PARAGRAPHS else 0
        later = []
        for e in self.entities[n + 1 :]:
            if e.paragraph - ent.paragraph > reach:
                break
            if e.parent is None and e.first > ent.first and e.names:
                later.append(e)
        if ent.pending == "person":
            return next((e for e in later if e.kind == "person"), None)
        noun = next(iter(ent.descriptors))
        keys = ORG_SYNONYMS.get(noun, {noun}) | {noun}
        for e in later:
            if e.kind == "organisation" and keys & (e.name_tokens() | e.descriptors):
                return e
        if noun in COMPANY_NOUNS:
            if not busiest:
                orgs = [
                    e
                    for e in self.entities
                    if e.parent is None and e.kind == "organisation" and e.names and not e.pending and _company(e)
                ]
                busiest.append(max(orgs, key=lambda e: e.mentions) if orgs else None)
            return busiest[0]
        return None


def reads_as_person_name(ent: Entity) -> bool:
    """Could this body's name be a person's ("Lennart Oakes", "Gwilym ap Rhys")? Two or three
    capitalised words (particles allowed), no organisation noun, no "&" or digits."""
    for n in ent.names:
        words = n.split()
        if (
            2 <= len(words) <= 3
            and all(
                (w[:1].isupper() or w in NAME_PARTICLES) and w.replace("-", "").replace("'", "").isalpha()
                for w in words
            )
            and not set(map(str.lower, words)) & ORG_NOUNS
        ):
            return True
    return False


def fits_title(ent: Entity, honorific: str | None) -> bool:
    """Does `honorific` ("mrs") fit `ent` best? Not when the article already calls it by another
    courtesy title ("Ms"); a title such as "Dr" or "Sir" fits best who was already given it."""
    used = {f.split()[0].lower().rstrip(".") for f in ent.forms if " " in f}
    if honorific not in _COURTESY_TITLES:
        # "Dr Pritchard-Evans" is the relative introduced as "Dr Catrin Pritchard-Evans", if there is one
        return honorific is None or honorific in used
    used &= _COURTESY_TITLES
    return not used or honorific in used


def surname(name: str) -> str:
    """The last word of a name that is not a suffix: "Harold Becker Sr." -> "Becker"."""
    words = name.split()
    while len(words) > 1 and words[-1].lower().rstrip(".,") in NAME_SUFFIXES:
        words.pop()
    return words[-1].rstrip(",") if words else ""


def _company(ent: Entity) -> bool:
    """Could this body be "the company" / "the supermarket"? Not a guild, union, ministry or council."""
    words = {w.lower() for n in ent.names for w in n.split()}
    return not (words & ORG_NOUNS) - COMPANY_NOUNS - _COMPANY_SUFFIXES


_COMPANY_SUFFIXES = {"corp", "corporation", "gmbh", "holdings", "inc", "llc", "ltd", "plc", "systems", "industries"}


def _body_noun(name: str) -> str | None:
    """ "Progress Party" and "Progress Party government" are two bodies: their last organisation
    nouns differ. None for a name without one ("Lumora")."""
    return next((w for w in reversed(name.lower().split()) if w in ORG_NOUNS), None)


def _generic(words: set[str]) -> bool:
    return words <= ORG_NOUNS | {"of", "the", "and", "for"}
