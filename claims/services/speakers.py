import re
import unicodedata

from django.db import transaction
from django.utils.text import slugify

from claims.models import Speaker, SpeakerAlias, SpeakerKind

_HONORIFIC = re.compile(r"^(mr|mrs|ms|miss|dr|prof|sir|dame|lord|lady)\.?\s+", re.IGNORECASE)


def normalize_name(name: str) -> str:
    """Lower-case, accent-free, single-spaced: "Volodymyr Zelenskyy" == "volodymyr zelenskyy"."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("’", "'").casefold().split())


def unique_slug(name: str) -> str:
    base = slugify(normalize_name(name))[:300] or "speaker"
    slug, n = base, 2
    while Speaker.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def speaker_add_aliases(*, speaker: Speaker, names: list[str] | tuple[str, ...]) -> None:
    """Record name forms for a speaker; forms it already has are skipped."""
    wanted = {normalize_name(n): n.strip() for n in names if n.strip()}
    have = set(SpeakerAlias.objects.filter(speaker=speaker, normalized__in=wanted).values_list("normalized", flat=True))
    SpeakerAlias.objects.bulk_create(
        [SpeakerAlias(speaker=speaker, name=name, normalized=norm) for norm, name in wanted.items() if norm not in have],
        ignore_conflicts=True,
    )


def speaker_create(*, name: str, kind: str = SpeakerKind.PERSON, role: str = "", aliases: tuple[str, ...] = ()) -> Speaker:
    speaker = Speaker(name=name.strip()[:300], slug=unique_slug(name), kind=kind, role=(role or "")[:300])
    speaker.full_clean()
    speaker.save()
    speaker_add_aliases(speaker=speaker, names=[name, *aliases])
    return speaker


def _speakers_by_alias(normalized: str, kind: str) -> list[int]:
    return list(
        SpeakerAlias.objects.filter(normalized=normalized, speaker__kind=kind)
        .values_list("speaker_id", flat=True)
        .distinct()[:2]
    )


@transaction.atomic
def speaker_resolve(
    *, name: str, kind: str, aliases: tuple[str, ...] = (), role: str | None = None, article_key: str = ""
) -> Speaker:
    """Link an extracted speaker to the archive's speaker, or create one.

    The canonical name is tried first, then the other forms the article used; a form that names
    exactly one known speaker of the same kind links to it ("Putin" -> Vladimir Putin), an
    ambiguous form links to nobody. Unnamed sources ("a senior official") are never linked across
    articles: two articles' officials are not the same person, so `article_key` scopes them.
    """
    if kind == SpeakerKind.UNNAMED:
        scoped = f"{normalize_name(name)} [{article_key}]"
        existing = _speakers_by_alias(scoped, kind)
        if existing:
            return Speaker.objects.get(pk=existing[0])
        speaker = speaker_create(name=name, kind=kind, role=role or "")
        SpeakerAlias.objects.filter(speaker=speaker).update(normalized=scoped)
        return speaker
    # Only the canonical name links, never the article's shorter forms: "Ms Johnson" in an article
    # about Sarah Johnson must not pull her into Boris Johnson because both are "Johnson".
    for form in dict.fromkeys([name, _HONORIFIC.sub("", name)]):
        matches = _speakers_by_alias(normalize_name(form), kind)
        if len(matches) == 1:
            speaker = Speaker.objects.get(pk=matches[0])
            speaker_add_aliases(speaker=speaker, names=[name, *aliases])
            if role and not speaker.role:
                Speaker.objects.filter(pk=speaker.pk).update(role=role[:300])
            return speaker
        if len(matches) > 1:
            break
    return speaker_create(name=name, kind=kind, role=role or "", aliases=aliases)
