"""Noun phrases as the article writes them: a name's words, a description, an office, a surface form."""

from spacy.tokens import Token

from .lexicon import GENERIC_ORG_NOUNS, ROLE_NOUNS
from .names import is_particle, is_title, join_name, lowered_peer


def compound_chain(tok: Token) -> list[Token]:
    """The words of a name around its head: compounds, modifiers and hyphen pieces ("Okonjo-Pryce")."""
    doc = tok.doc
    left = [
        c
        for c in tok.lefts
        if c.dep_ in ("compound", "amod", "nmod")
        and (c.pos_ == "PROPN" or c.text[:1].isupper() or c.lower_ in ROLE_NOUNS)
    ]
    start = tok.i
    for c in sorted(left, key=lambda t: -t.i):
        if c.i == start - 1 or all(
            doc[k].dep_ in ("compound", "punct", "amod", "nmod") or doc[k].text == "-" for k in range(c.i + 1, start)
        ):
            start = c.left_edge.i if c.left_edge.pos_ in ("PROPN", "NOUN", "ADJ") else c.i
    # names like "Okonjo-Pryce" arrive as three tokens; keep the hyphen pieces
    toks = [t for t in doc[start : tok.i + 1] if t.dep_ not in ("det", "poss", "case", "punct") or t.text == "-"]
    end = tok.i
    while (
        end + 2 < len(doc)
        and doc[end + 1].text == "-"
        and not doc[end + 1].whitespace_
        and doc[end + 2].pos_ == "PROPN"
        and not doc[end].whitespace_
    ):
        toks += [doc[end + 1], doc[end + 2]]
        end += 2
    return toks


def role_text(head: Token, name_tok: Token, chain: list[Token]) -> str | None:
    """The office written with a name ("chief executive" of "Chief executive Jane Doe"), or None."""
    parts = [t for t in chain if not is_title(t.lower_.rstrip("."))]
    words = [t.text for t in parts]
    role_tokens: list[Token] = []
    for k, t in enumerate(parts):
        if t.text == "-" or is_particle(words, k):  # "von" in "Friederike von Hallerstein" is no office
            continue
        if t.lower_ in ROLE_NOUNS or not t.text[:1].isupper():
            role_tokens = parts[: parts.index(t) + 1]
    if role_tokens:
        return join_name(role_tokens)
    if head.i != name_tok.i and (head.pos_ == "NOUN" or head.lower_ in ROLE_NOUNS):  # "Prime Minister, NAME"
        return phrase(head, stop_at=name_tok)
    for child in name_tok.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            return phrase(child)
    # "lost their captain, Corrigan O'Dowd, to the sin bin": the office just before the name, however parsed
    k = (chain[0].i if chain else name_tok.i) - 1
    if k >= 1 and name_tok.doc[k].text == ",":
        office = name_tok.doc[k - 1]
        if office.lower_ in ROLE_NOUNS and office.pos_ == "NOUN":
            return phrase(office, stop_at=name_tok)
    return None


def phrase(head: Token, stop_at: Token | None = None) -> str:
    """A noun phrase as written, without relative clauses, appositions and what follows a comma."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    dropped = {t.i for c in head.children if c.dep_ in ("relcl", "appos") for t in c.subtree}
    toks = []
    for t in doc[start:end]:
        if t.text == "," or (stop_at is not None and t.i >= stop_at.i) or t.i in dropped:
            if t.i > head.i:
                break
            continue
        toks.append(t)
    return "".join(t.text_with_ws for t in toks).strip()


def surface(head: Token, name_tok: Token) -> str:
    """How the article wrote this mention ("Her son, Rory Fairweather"), kept as an alias."""
    doc = head.doc
    if head.i == name_tok.i:
        s = head.left_edge.i
        toks = [t for t in doc[s : head.i + 1] if t.text != ","]
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)  # a list item's "- "
        return "".join(t.text_with_ws for t in toks).strip()
    return phrase(head) + ", " + join_name(compound_chain(name_tok))


def org_name(chain: list[Token]) -> str:
    """A body's name from its words, without "the" and without a trailing kind-of-body noun."""
    toks = [t for t in chain if t.lower_ != "the"]
    # "The Save Holloway Bay group": the proper name, not the kind of body it is; but "the
    # Tarvel interior ministry" is a body of Tarvel, and its noun is what distinguishes it
    while (
        len(toks) > 1 and toks[-1].pos_ == "NOUN" and toks[-1].lower_ in GENERIC_ORG_NOUNS and toks[-1].text.islower()
    ):
        toks = toks[:-1]
    return join_name(toks)


def described_as_person(name_tok: Token) -> bool:
    """ "Gemma Tierney, whose two sons ...", "Ruth Adeyemi, 38, ...": a who-clause or an age says person."""
    for child in name_tok.children:
        if child.dep_ == "relcl" and any(w.lower_ in ("who", "whom", "whose") for w in child.subtree if w.i < child.i):
            return True
        if child.dep_ == "appos" and child.like_num and child.i == name_tok.i + 2:
            return True
    return False


_NAME_JOINERS = {"and", "&", ","}


def coordinated_name(chain: list[Token]) -> list[Token]:
    """A body's name with the capitalised words joined to it by "and", "&" or commas: "the Rail,
    Maritime and Signal Workers' Union", "the Medicines and Healthcare Products Agency"."""
    if not chain:
        return chain
    doc = chain[0].doc
    start = chain[0].i
    while start >= 2 and doc[start - 1].lower_ in _NAME_JOINERS:
        if doc[start - 1].text == "," and start == chain[0].i:
            break  # "Leanne Farrow, CareWatch": a comma joins a name only in a list closed by "and"
        k = start - 2
        if not (doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper()):
            break
        while k > 0 and doc[k - 1].pos_ == "PROPN" and doc[k - 1].text[:1].isupper():
            k -= 1
        start = k
    return [*doc[start : chain[0].i], *chain]


def peer_territory(chain: list[Token], name_tok: Token) -> list[Token]:
    """ "Lord Ashby of Wendell": after a peerage title, "of" and a place are part of the name."""
    if not lowered_peer(chain) or chain[-1].i != name_tok.i:
        return chain
    of = next((c for c in name_tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == name_tok.i + 1), None)
    place = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "PROPN"), None) if of is not None else None
    if place is None or place.i != of.i + 1:
        return chain
    return [*chain, of, place]
