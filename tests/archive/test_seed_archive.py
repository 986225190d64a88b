"""seed_archive: deterministic, offsets exact, derived columns as the services compute them, refusals."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from claims.models import Claim, ClaimReview, ClaimStatus, Speaker, SpeakerAlias, SpeakerKind, Statement
from claims.services import claim_fingerprint, normalize_name
from devtools.seeding import SEED_DOMAIN, archive_seed, archive_state, archive_wipe
from sources.models import Article, Outlet
from sources.services import content_hash
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SIZE = 400


def seed(*extra: str, statements: int = SIZE, seed: int = 7) -> None:
    call_command("seed_archive", "--statements", str(statements), "--seed", str(seed), *extra, stdout=None)


def snapshot() -> dict[str, list]:
    return {
        "articles": list(
            Article.objects.order_by("id").values_list("id", "outlet_id", "title", "text", "published_at")
        ),
        "statements": list(
            Statement.objects.order_by("id").values_list(
                "id", "article_id", "speaker_id", "claim_id", "content", "start", "end", "kind", "published_at"
            )
        ),
        "claims": list(
            Claim.objects.order_by("id").values_list(
                "id", "speaker_id", "fingerprint", "status", "suggested_status", "version", "created_at", "updated_at"
            )
        ),
        "aliases": list(SpeakerAlias.objects.order_by("id").values_list("speaker_id", "name", "normalized")),
        "reviews": list(
            ClaimReview.objects.order_by("id").values_list(
                "claim_id", "reviewer__username", "from_status", "to_status", "evidence", "version", "created_at"
            )
        ),
    }


def test_same_seed_gives_the_same_rows():
    seed()
    first = snapshot()
    seed("--force")
    assert snapshot() == first
    assert len(first["statements"]) == SIZE


def test_articles_generated_in_a_second_process_are_the_same_rows():
    archive_seed(statements=SIZE, seed=7, log=lambda _: None, background=False)
    inline = snapshot()
    archive_wipe()
    archive_seed(statements=SIZE, seed=7, log=lambda _: None, background=True)
    assert snapshot() == inline


def test_another_seed_gives_other_rows():
    seed(seed=1)
    first = snapshot()
    seed("--force", seed=2)
    assert snapshot()["statements"] != first["statements"]


def test_statement_offsets_point_at_their_content():
    seed()
    for statement in Statement.objects.select_related("article"):
        assert statement.article.text[statement.start : statement.end] == statement.content
        assert statement.published_at == statement.article.published_at


def test_derived_columns_match_the_services():
    seed()
    for article in Article.objects.all():
        assert article.content_hash == content_hash(article.text)
        assert article.outlet.domain.endswith(SEED_DOMAIN)
    for claim in Claim.objects.all():
        assert claim.fingerprint == claim_fingerprint(claim.text)
    for alias in SpeakerAlias.objects.exclude(speaker__kind=SpeakerKind.UNNAMED):
        assert alias.normalized == normalize_name(alias.name)
    wrong = Claim.objects.annotate(n=Count("statements")).exclude(n=F("appearance_count"))
    assert not wrong.exists()


def test_claims_recur_and_reviews_record_history():
    seed()
    assert Claim.objects.filter(appearance_count__gt=1).exists()
    reviewed = Claim.objects.exclude(status=ClaimStatus.UNREVIEWED)
    assert reviewed.exists()
    published = 0
    for claim in reviewed:
        last = claim.reviews.order_by("-version").first()
        assert last.to_status == claim.status
        if claim.published_review_id is None:
            assert last.version == claim.version
            assert last.signed_off_at is None
            continue
        # As claim_publish records it: the last verdict signed off by another editor, one more version.
        published += 1
        assert claim.published_review_id == last.pk
        assert claim.version == last.version + 1
        assert last.signed_off_by_id != last.reviewer_id
        assert last.created_at < last.signed_off_at == claim.published_at == claim.updated_at
    assert 0 < published < reviewed.count()
    assert not Claim.objects.filter(status=ClaimStatus.UNREVIEWED, published_review__isnull=False).exists()
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert len(statuses) >= 3


def test_speakers_have_name_forms_and_a_popular_head():
    seed(statements=2000)
    putin = Speaker.objects.get(name="Vladimir Putin")
    assert set(putin.aliases.values_list("name", flat=True)) == {
        "Vladimir Putin",
        "Putin",
        "Mr Putin",
        "Russian President Vladimir Putin",
    }
    counts = sorted(Speaker.objects.annotate(n=Count("statements")).values_list("n", flat=True), reverse=True)
    assert counts[0] > 10 * counts[len(counts) // 2]
    assert {SpeakerKind.PERSON, SpeakerKind.ORGANISATION, SpeakerKind.UNNAMED} <= set(
        Speaker.objects.values_list("kind", flat=True)
    )


def test_refuses_a_database_with_data_it_did_not_seed():
    ArticleFactory()
    assert archive_state() == "foreign"
    with pytest.raises(CommandError, match="did not create"):
        seed()
    assert not Statement.objects.exists()


def test_force_replaces_foreign_data():
    foreign = ArticleFactory()
    seed("--force")
    assert not Article.objects.filter(pk=foreign.pk, title=foreign.title).exists()
    assert not Outlet.objects.exclude(domain__endswith=SEED_DOMAIN).exists()
    assert archive_state() == "seeded"


def test_force_that_fails_leaves_the_old_archive_as_it_was(monkeypatch):
    seed()
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("devtools.seeding.write.claims_and_reviews_write", fail)
    with pytest.raises(RuntimeError, match="went away"):
        seed("--force", seed=8)
    assert snapshot() == before
    assert archive_state() == "seeded"


def test_a_second_run_without_force_refuses():
    seed()
    with pytest.raises(CommandError, match="seeded archive"):
        seed()
    assert Statement.objects.count() == SIZE
