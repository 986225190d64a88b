"""Names as written: titles and offices stripped, particles and suffixes kept, credits read."""

from spacy.tokens import Token

from .lexicon import HONORIFICS, POST_NOMINALS, ROLE_NOUNS, TITLE_ABBREVIATIONS, UNNAMED_PERSON_NOUNS

# Lower-case words inside a person's name ("Joost van der Berg", "Ines de la Cruz", "Yusuf bin Hadi").
NAME_PARTICLES = frozenset(
    "al ap bin bint ibn abu ben da das de del della der di do dos du el la le van von ter ten y zu".split()  # noqa: SIM905
)


def is_particle(words: list[str], k: int) -> bool:
    """Is words[k] a name particle: a known one between two capitalised parts of the name?"""
    if words[k].lower() not in NAME_PARTICLES or k == 0 or k + 1 >= len(words):
        return False
    prev = next((w for w in reversed(words[:k]) if w.lower() not in NAME_PARTICLES), "")
    nxt = next((w for w in words[k + 1 :] if w.lower() not in NAME_PARTICLES), "")
    return prev[:1].isupper() and nxt[:1].isupper()


def credit_name(label: str) -> str:
    """The name in a credit or label: "Board Chair Tobias Mwangi" -> "Tobias Mwangi", "HALVORSEN" -> "Halvorsen".

    Text after a comma is a description ("Priyesh Kaul, the board's finance director"); words up
    to the last title or office are the person's position, not their name.
    """
    head = label.split(",")[0].strip()
    words = head.split()
    if head.isupper():
        words = [w.capitalize() for w in words]
    cut = 0
    for k, w in enumerate(words):
        low = w.lower().rstrip(".")
        if is_title(low) or low in ROLE_NOUNS or (not w[:1].isupper() and not is_particle(words, k)):
            cut = k + 1
    rest = words[cut:] or words[-1:]
    return " ".join(rest)


def is_title(word: str) -> bool:
    """ "mr", "sen", "dr": an honorific or an abbreviated title (lower case, without its full stop)."""
    return word in HONORIFICS or word in TITLE_ABBREVIATIONS


def title_cut(chain: list[Token]) -> int:
    """Index where the name proper starts, after titles and roles ("Russian President | Vladimir Putin")."""
    cut = 0
    words = [t.text for t in chain]
    for k, t in enumerate(chain):
        w = t.lower_.rstrip(".")
        if t.text == "-" or t.tag_ == "POS":
            continue
        if is_title(w) or w in ROLE_NOUNS or (not t.text[:1].isupper() and not is_particle(words, k)):
            if w == "of" and cut and lowered_peer(chain[:k]):
                continue  # "Lord Fenwick of Alderley": a peer's territorial title is part of the name
            cut = k + 1
    return cut


_PEERAGE = {"lord", "lady", "baron", "baroness", "viscount", "earl"}


def lowered_peer(chain: list[Token]) -> bool:
    """Does the chain start with a peerage title ("Lord", "Baroness")?"""
    return bool(chain) and chain[0].lower_ in _PEERAGE


def strip_post_nominals(tokens: list[Token]) -> list[Token]:
    """ "Beatrix Ondaatje KC" -> "Beatrix Ondaatje": honours after a name are not part of it."""
    end = len(tokens)
    while end > 1 and tokens[end - 1].text.isupper() and tokens[end - 1].lower_.rstrip(".") in POST_NOMINALS:
        end -= 1
    return tokens[:end]


def join_name(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    text = "".join(t.text_with_ws for t in tokens).strip()
    return text


def has_particle(words: list[str]) -> bool:
    """ "Maarten van der Linde": a particle inside a name makes it a person's, whatever NER says."""
    return any(is_particle(words, k) for k in range(len(words)))


def lower_first(text: str) -> str:
    """An unnamed source as it would read mid-sentence: "Officers" -> "officers", "The ministry" -> "the ministry"."""
    first, _, rest = text.partition(" ")
    low = first.lower()
    if first in (
        "A",
        "An",
        "One",
        "The",
        "Some",
        "Two",
        "Three",
        "Several",
        "Many",
        "Another",
        "Her",
        "His",
        "Their",
    ) or (first.istitle() and (low in UNNAMED_PERSON_NOUNS or low.removesuffix("s") in UNNAMED_PERSON_NOUNS)):
        return first.lower() + (" " + rest if rest else "")
    return text
