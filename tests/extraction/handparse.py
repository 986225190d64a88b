"""Hand-built parses for rule tests, so a rule's test does not depend on the statistical model."""

import functools

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

_NO_SPACE_BEFORE = {",", ".", ":", ";", "”", "’s", "'s", "?", "!", "-"}
_NO_SPACE_AFTER = {"“", "-"}


def parse(rows: list[tuple], vocab: Vocab | None = None) -> Doc:
    """A hand-built parse: rows of (word, head index, dep, pos[, entity label]).

    Spacing follows English typography (no space before "," or a closing quote, none after an
    opening quote), so tests read like the sentence they encode.
    """
    words = [r[0] for r in rows]
    spaces = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        spaces.append(
            nxt is not None
            and nxt not in _NO_SPACE_BEFORE
            and w not in _NO_SPACE_AFTER
            and nxt != "\n\n"
            and w != "\n\n"
        )
    ents, prev = [], None
    for r in rows:
        label = r[4] if len(r) > 4 else None
        ents.append("O" if not label else ("I-" if prev == label else "B-") + label)
        prev = label
    return Doc(
        vocab or _english_vocab(),
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        ents=ents,
    )


@functools.cache
def _english_vocab() -> Vocab:
    # English lexical attributes (lower case, is_punct ...) without loading any model
    return spacy.blank("en").vocab
