import pytest
from django.test import Client

from claims.models import ClaimMatch
from claims.services import claim_fingerprint
from tests.factories import ArticleFactory, ClaimFactory, ClaimReviewFactory, SpeakerFactory, StatementFactory


@pytest.fixture
def anonymous_client() -> Client:
    return Client()


@pytest.fixture
def sample(db):
    """One article with two speakers' statements, a reviewed claim said again in a second article."""
    putin = SpeakerFactory(name="Vladimir Putin", slug="vladimir-putin", alias_names=["Putin"], role="President")
    peskov = SpeakerFactory(name="Dmitry Peskov", slug="dmitry-peskov", alias_names=["Peskov"])
    article = ArticleFactory(
        title="Putin appeals to troops",
        text="Putin said the operation was going to plan. Peskov said talks were possible.",
    )
    claim = ClaimFactory(speaker=putin, text="the operation was going to plan", status="contested", version=2)
    first = StatementFactory(article=article, claim=claim, content="the operation was going to plan")
    second = StatementFactory(
        article=article, claim=ClaimFactory(speaker=peskov, text="talks were possible"), content="talks were possible"
    )
    elsewhere = StatementFactory(claim=claim, article=ArticleFactory(title="Second report"))
    ClaimReviewFactory(claim=claim, note="Contradicted by satellite images.")
    # The matcher asks whether Peskov's words repeat Putin's claim.
    match = ClaimMatch.objects.create(
        article=article, fingerprint=claim_fingerprint(second.content), statement=second, claim=claim, score=0.6
    )
    return {
        "match": match,
        "article": article,
        "putin": putin,
        "peskov": peskov,
        "claim": claim,
        "statement": first,
        "peskov_statement": second,
        "elsewhere": elsewhere,
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The personas hash passwords; the default hasher is slow on purpose, tests need not be.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
