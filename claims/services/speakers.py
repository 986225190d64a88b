import re
import unicodedata
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from claims.models import Claim, ClaimReview, ClaimStatus, Speaker, SpeakerAlias, SpeakerKind, Statement
from claims.permissions import check_user_can_correct_statements
from claims.services.copies import statement_copies_refresh

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
        [
            SpeakerAlias(speaker=speaker, name=name, normalized=norm)
            for norm, name in wanted.items()
            if norm not in have
        ],
        ignore_conflicts=True,
    )


def speaker_create(
    *, name: str, kind: str = SpeakerKind.PERSON, role: str = "", aliases: tuple[str, ...] = ()
) -> Speaker:
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


@transaction.atomic
def speaker_alias_add(*, speaker: Speaker, name: str, by: AbstractBaseUser) -> None:
    """An editor records another name form for a speaker."""
    check_user_can_correct_statements(by)
    if not normalize_name(name):
        raise ValidationError({"name": "Type the alias."})
    speaker_add_aliases(speaker=speaker, names=[name[:300]])


def speakers_refresh_counts(*, speaker_ids: Iterable[int]) -> None:
    """Recount each speaker's kept statements and contested claims into Speaker.statement_count and
    .contested_count once the caller's transaction commits. Every service that adds, removes, rejects
    or re-attributes statements, or changes a claim's status or speaker, calls it;
    tests/claims/test_speaker_counts.py asserts the stored counts never drift from a recount.

    After the commit, not inside it: the recount locks speaker rows, and a service holding claim and
    statement locks while it waited for a speaker (whose merge holds that speaker and waits for the
    claims) would deadlock. Each recount is its own short transaction that locks the rows in id
    order, so two recounts of one speaker serialise and the later one counts everything committed
    before it: whichever runs last stores the right count. Outside a transaction it runs at once.
    """
    ids = sorted(set(speaker_ids))
    if ids:
        # robust: the caller's work is committed by now; a recount that fails (a deadlock, the
        # database gone for a moment) is logged and leaves the counts for the next change, never
        # turning a saved review or correction into an error page.
        transaction.on_commit(lambda: speakers_recount_now(speaker_ids=ids), robust=True)


@transaction.atomic
def speakers_recount_now(*, speaker_ids: Iterable[int]) -> None:
    """The recount speakers_refresh_counts schedules, done now in its own transaction (or savepoint)."""
    ids = sorted(set(speaker_ids))
    list(Speaker.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    _counts_store(Speaker.objects.filter(pk__in=ids))


def speakers_recount_all() -> int:
    """speakers_refresh_counts for every speaker at once, unlocked: for bulk loads (seed_archive) and
    repairs, not for concurrent use. Returns how many speakers were written."""
    return _counts_store(Speaker.objects.all())


def speaker_recounts() -> dict[str, Coalesce]:
    """{stored field: its recount}, correlated subqueries for a Speaker queryset's update or annotate."""
    kept = Statement.objects.filter(speaker=OuterRef("pk"), rejected=False).order_by().values("speaker")
    contested = Claim.objects.filter(speaker=OuterRef("pk"), status=ClaimStatus.CONTESTED).order_by().values("speaker")
    return {
        "statement_count": Coalesce(Subquery(kept.annotate(n=Count("*")).values("n")), 0),
        "contested_count": Coalesce(Subquery(contested.annotate(n=Count("*")).values("n")), 0),
    }


def _counts_store(speakers: QuerySet[Speaker]) -> int:
    return speakers.update(**speaker_recounts())


def _claim_merge(*, source: Claim, target: Claim) -> None:
    """Fold `source` into `target` (same speaker and words): statements and history move, nothing lost.

    Moved reviews are renumbered after the target's versions (versions are unique per claim), and the
    target's version is bumped, so an editor holding either claim's old version gets a conflict
    instead of overwriting the merge. The status with more reviews behind it wins; ties keep target's.
    """
    counts = dict(
        Claim.objects.filter(pk__in=[source.pk, target.pk]).annotate(n=Count("reviews")).values_list("pk", "n")
    )
    version = target.version
    for review in ClaimReview.objects.filter(claim=source).order_by("created_at", "id"):
        version += 1
        ClaimReview.objects.filter(pk=review.pk).update(claim=target, version=version)
    Statement.objects.filter(claim=source).update(claim=target, speaker=target.speaker)
    if counts.get(source.pk, 0) > counts.get(target.pk, 0):
        target.status = source.status
    if not target.suggested_status and source.suggested_status:
        target.suggested_status, target.suggested_reason = source.suggested_status, source.suggested_reason
    seen = [d for d in (source.first_seen_at, target.first_seen_at) if d]
    target.first_seen_at = min(seen) if seen else None
    target.version = max(version, target.version + 1)
    target.appearance_count = Statement.objects.filter(claim=target, rejected=False).count()
    target.save()
    source.delete()
    statement_copies_refresh(claim_ids=[target.pk])


@transaction.atomic
def speaker_merge(*, source: Speaker, target: Speaker, by: AbstractBaseUser) -> Speaker:
    """Merge `source` into `target`: aliases, statements and claims move, then `source` is deleted.

    A claim `target` already has (same words) absorbs `source`'s copy with its statements and reviews.
    """
    check_user_can_correct_statements(by)
    if source.pk == target.pk:
        raise ValidationError({"target": "A speaker cannot be merged into itself."})
    # Lock both rows: two editors merging the same pair at once serialise here.
    list(Speaker.objects.select_for_update().filter(pk__in=[source.pk, target.pk]))
    have = set(SpeakerAlias.objects.filter(speaker=target).values_list("normalized", flat=True))
    SpeakerAlias.objects.filter(speaker=source).exclude(normalized__in=have).update(speaker=target)
    for claim in Claim.objects.select_for_update().filter(speaker=source).order_by("pk"):
        twin = Claim.objects.select_for_update().filter(speaker=target, fingerprint=claim.fingerprint).first()
        if twin is None:
            # update() skips auto_now: set updated_at so API sync clients see the new speaker.
            Claim.objects.filter(pk=claim.pk).update(speaker=target, updated_at=timezone.now())
        else:
            _claim_merge(source=claim, target=twin)
    Statement.objects.filter(speaker=source).update(speaker=target)
    if source.role and not target.role:
        target.role = source.role
        target.save(update_fields=["role"])
    source.delete()  # its remaining aliases (forms target already had) go with it
    speakers_refresh_counts(speaker_ids=[target.pk])
    return target
