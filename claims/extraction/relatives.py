"""Relatives as sources: "her father", "his sister", "Her brother Matthias" in profiles and obituaries.

A kinship noun with a possessive ("her father", "Freya's son, Tobin") names a person by their
relation to someone the article has named. Relations are recorded when the article states them
("his daughter Freya") and read both ways: if Henrik's daughter is Freya, Freya's father is Henrik.
"""

from dataclasses import dataclass

from spacy.tokens import Token

from .entities import Entity

# kinship noun -> (relation, gender of the relative). A relation's inverse is in _INVERSE.
KIN_NOUNS: dict[str, tuple[str, str | None]] = {
    "father": ("parent", "m"),
    "dad": ("parent", "m"),
    "mother": ("parent", "f"),
    "mum": ("parent", "f"),
    "mom": ("parent", "f"),
    "stepfather": ("parent", "m"),
    "stepmother": ("parent", "f"),
    "son": ("child", "m"),
    "daughter": ("child", "f"),
    "stepson": ("child", "m"),
    "stepdaughter": ("child", "f"),
    "brother": ("sibling", "m"),
    "sister": ("sibling", "f"),
    "twin": ("sibling", None),
    "husband": ("spouse", "m"),
    "wife": ("spouse", "f"),
    "widow": ("spouse", "f"),
    "widower": ("spouse", "m"),
    "grandfather": ("grandparent", "m"),
    "grandmother": ("grandparent", "f"),
    "grandson": ("grandchild", "m"),
    "granddaughter": ("grandchild", "f"),
    "uncle": ("parent's sibling", "m"),
    "aunt": ("parent's sibling", "f"),
    "nephew": ("sibling's child", "m"),
    "niece": ("sibling's child", "f"),
    "cousin": ("cousin", None),
}
_INVERSE = {
    "parent": "child",
    "child": "parent",
    "sibling": "sibling",
    "spouse": "spouse",
    "grandparent": "grandchild",
    "grandchild": "grandparent",
    "parent's sibling": "sibling's child",
    "sibling's child": "parent's sibling",
    "cousin": "cousin",
}
# Relatives who usually share the family name, so "Her brother Matthias" is Matthias Aldous and
# "Dr Haddad's husband, Samir" is Samir Haddad.
_SAME_SURNAME = {"parent", "child", "sibling", "grandparent", "grandchild", "spouse"}

# Person nouns that fix a gender ("a woman" is never "he"); kinship nouns add theirs.
GENDERED_NOUNS: dict[str, str] = {
    "man": "m",
    "woman": "f",
    "boy": "m",
    "girl": "f",
    "spokesman": "m",
    "spokeswoman": "f",
    "chairman": "m",
    "chairwoman": "f",
    "congressman": "m",
    "congresswoman": "f",
    "businessman": "m",
    "businesswoman": "f",
    "king": "m",
    "queen": "f",
    "prince": "m",
    "princess": "f",
    "actress": "f",
} | {noun: gender for noun, (_, gender) in KIN_NOUNS.items() if gender}


def kin_noun(head: Token, name_tok: Token | None = None) -> Token | None:
    """The kinship noun that introduces a name or is itself the mention, if it has an owner.

    "Her son, Rory Fairweather" (head "son", name an apposition), "Freya's son, Tobin" (the name
    is the mention, its head the noun), "his daughter Freya" (the noun a compound of the name).
    Only a noun with a possessive owner counts: "a father of three" names no relation.
    """
    options = [head]
    if name_tok is not None:
        options += [name_tok.head] if name_tok.dep_ in ("appos", "compound") else []
        options += [c for c in name_tok.lefts if c.dep_ == "compound"]
        first = name_tok.left_edge if name_tok.left_edge.i < name_tok.i else name_tok
        if first.i > 0:
            options.append(first.nbor(-1))  # "whose husband Tomas is ...", parsed apart
    for tok in options:
        if tok.lower_ in KIN_NOUNS and owner_token(tok) is not None:
            return tok
    return None


def owner_token(kin: Token) -> Token | None:
    """The possessive of a kinship noun: "her" in "her father", "Freya" in "Freya's son"."""
    return next((c for c in kin.children if c.dep_ == "poss"), None)


def family_name(given: str, relation: str, owner: Entity | None) -> str:
    """A relative named by a first name alone takes the owner's surname: "Her brother Matthias"
    in an article about Freya Aldous is Matthias Aldous. Other names are returned as they are."""
    if (
        owner is None
        or relation not in _SAME_SURNAME
        or " " in given
        or owner.kind != "person"
        or not any(" " in n for n in owner.names)
    ):
        return given
    full = max(owner.names, key=len)
    return f"{given} {full.split()[-1]}"


@dataclass
class _Link:
    owner: Entity
    relation: str
    relative: Entity


class Relatives:
    """The family relations an article states, read in both directions."""

    def __init__(self) -> None:
        self.links: list[_Link] = []

    def add(self, owner: Entity, relation: str, relative: Entity) -> None:
        if owner.root() is not relative.root():
            self.links.append(_Link(owner, relation, relative))

    def find(self, owner: Entity, noun: str) -> Entity | None:
        """The relative `noun` ("father") of `owner`, from a stated relation or its inverse; the
        relative's known gender must agree with the noun's. Most recently stated first."""
        relation, gender = KIN_NOUNS[noun]
        owner = owner.root()
        for link in reversed(self.links):
            if link.owner.root() is owner and link.relation == relation:
                found = link.relative.root()
            elif link.relative.root() is owner and _INVERSE[link.relation] == relation:
                found = link.owner.root()
            else:
                continue
            if gender is None or found.gender in (None, gender):
                return found
        return None
