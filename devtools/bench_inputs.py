"""The benchmark's inputs, drawn from the archive itself: words at several frequencies, misspelt
speaker names, filters, and cursors deep into the keyset-paginated lists."""

import datetime as dt
import itertools
import random
import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from claims.models import Claim, ClaimStatus, Speaker, SpeakerAlias, Statement
from claims.selectors import keyset
from sources.models import Article, Outlet


def misspell(rng: random.Random, name: str) -> str:
    """One typo: a dropped, doubled, swapped or replaced letter, never in the first letter."""
    if len(name) < 4:
        return name
    i = rng.randint(1, len(name) - 2)
    op = rng.choice(("drop", "double", "swap", "replace"))
    if op == "drop":
        return name[:i] + name[i + 1 :]
    if op == "double":
        return name[:i] + name[i] + name[i:]
    if op == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice("aeioun") + name[i + 1 :]


def misspell_twice(rng: random.Random, name: str) -> str:
    """Two typos in different words when the name has two (as people misspell names), else in one."""
    words = name.split()
    if len(words) < 2:
        return misspell(rng, misspell(rng, name))
    first, second = rng.sample(range(len(words)), 2)
    words[first], words[second] = misspell(rng, words[first]), misspell(rng, words[second])
    return " ".join(words)


@dataclass
class Vocabulary:
    """Words of the archive's own statements by how often they occur: a sample's document counts."""

    common: list[str]
    median: list[str]
    rare: list[str]
    phrases: list[str]
    sample_size: int = 0


_TOKEN = re.compile(r"[a-z]{4,}")
_STOP = frozenset(
    (
        "that",
        "this",
        "with",
        "from",
        "have",
        "will",
        "been",
        "since",
        "over",
        "than",
        "they",
        "their",
        "were",
        "said",
        "there",
        "what",
        "when",
        "which",
        "would",
        "could",
        "about",
        "into",
        "after",
        "before",
    )
)


def vocabulary_sample(*, rng: random.Random, size: int = 20000) -> Vocabulary:
    """Sample statements at random ids and rank their words by how many statements use each.

    Common: the most used words; median: the middle of the ranking; rare: words one sampled statement
    in `size` uses (so about total/size statements in the archive); phrases: the most used word pairs.
    """
    top = Statement.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = sorted({rng.randint(1, top) for _ in range(size)}) if top else []
    documents: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for start in range(0, len(ids), 5000):
        for content in Statement.objects.filter(pk__in=ids[start : start + 5000]).values_list("content", flat=True):
            words = [w for w in _TOKEN.findall(content.lower()) if w not in _STOP]
            documents.update(set(words))
            pairs.update({f"{a} {b}" for a, b in itertools.pairwise(words)})
    ranked = [w for w, _ in documents.most_common()]
    once = [w for w, n in documents.items() if n == 1]
    middle = len(ranked) // 2
    return Vocabulary(
        common=ranked[:6],
        median=ranked[max(0, middle - 3) : middle + 3],
        rare=rng.sample(once, min(10, len(once))) or ranked[-6:],
        phrases=[p for p, _ in pairs.most_common(6)],
        sample_size=len(ids),
    )


@dataclass
class Inputs:
    aliases: list[str]
    aliases_twice: list[str]
    words: list[str]
    vocabulary: Vocabulary
    speaker_ids: list[int]
    outlet_ids: list[int]
    big_speaker: Speaker | None
    deep_cursors: list[str]
    speaker_cursors: list[str]
    article_ids: list[int]
    claim_ids: list[int]
    sync_since: list[dt.datetime]


def _sample_ids(model: type, *, rng: random.Random, k: int, **filters: object) -> list[int]:
    """Up to k random ids of `model` rows (random probes into the id range: no ORDER BY random())."""
    top = model.objects.order_by("-id").values_list("id", flat=True).first() or 0
    probes = [rng.randint(1, top) for _ in range(k * 3)] if top else []
    found = list(model.objects.filter(pk__in=probes, **filters).values_list("id", flat=True))
    return rng.sample(found, min(k, len(found)))


def inputs_collect(*, rng: random.Random) -> Inputs:
    """Popular and rare speakers, words at several frequencies, cursors deep into the queue."""
    speaker_counts = list(
        Statement.objects.values("speaker_id").annotate(n=Count("id")).order_by("-n").values_list("speaker_id", "n")
    )
    popular = [pk for pk, _ in speaker_counts[:20]]
    rare = [pk for pk, _ in rng.sample(speaker_counts[20:], min(40, max(0, len(speaker_counts) - 20)))]
    # The speaker page: the busiest speaker (tens of thousands of statements at 10M).
    big = speaker_counts[0][0] if speaker_counts else None
    aliases = list(
        SpeakerAlias.objects.filter(speaker_id__in=popular + rare, speaker__kind="person").values_list(
            "name", flat=True
        )
    )
    vocabulary = vocabulary_sample(rng=rng)
    queue = Claim.objects.filter(status=ClaimStatus.UNREVIEWED).order_by("-created_at", "-id")
    total = queue.count()
    deep = []
    for depth in (total // 10, total // 2, total * 9 // 10, max(0, total - 30)):
        row = queue.values("created_at", "id")[depth : depth + 1].first()
        if row:
            deep.append(keyset.cursor_encode(at=row["created_at"], pk=row["id"], field="created_at"))
    speaker_cursors = [""]
    if big:
        rows = Statement.objects.filter(speaker_id=big, rejected=False).order_by("-published_at", "-id")
        n = rows.count()
        for depth in (n // 4, n // 2, n - 30):
            row = rows.values("published_at", "id")[max(0, depth) : max(0, depth) + 1].first()
            if row:
                at = row["published_at"]
                speaker_cursors.append(keyset.cursor_encode(at=at, pk=row["id"], field="published_at"))
    bounds = Claim.objects.order_by("-updated_at").values_list("updated_at", flat=True)[:5000]
    sync = [bounds[i] for i in range(0, len(bounds), max(1, len(bounds) // 20))]
    published = Claim.objects.filter(published_review__isnull=False)  # only these have a ClaimReview
    return Inputs(
        aliases=[misspell(rng, a) for a in aliases] or ["nobody"],
        aliases_twice=[misspell_twice(rng, a) for a in aliases] or ["nobody"],
        words=vocabulary.common + vocabulary.median + vocabulary.rare + vocabulary.phrases,
        vocabulary=vocabulary,
        speaker_ids=popular + rare or [0],
        outlet_ids=list(Outlet.objects.values_list("id", flat=True)) or [0],
        big_speaker=Speaker.objects.filter(pk=big).first() if big else None,
        deep_cursors=deep or [""],
        speaker_cursors=speaker_cursors,
        article_ids=_sample_ids(Article, rng=rng, k=100) or [0],
        claim_ids=list(published.filter(pk__in=_sample_ids(Claim, rng=rng, k=2000)).values_list("id", flat=True)[:100])
        or list(published.values_list("id", flat=True)[:100]),
        sync_since=sync or [dt.datetime(2000, 1, 1, tzinfo=dt.UTC)],
    )
