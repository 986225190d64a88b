import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from claims.models import Claim, ClaimReview, ClaimStatus, Speaker, SpeakerAlias, Statement, WebhookEndpoint
from claims.services import claim_fingerprint, normalize_name
from claims.services.speakers import speakers_recount_now
from sources.models import Article, ExtractionStatus, Feed, Outlet
from sources.services import content_hash


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct-horse-battery")


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "") + ".example")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(lambda n: f"Article body number {n}. The minister said the plan would work.")
    raw_text = factory.LazyAttribute(lambda a: a.text)
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.text))
    published_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    extraction_status = ExtractionStatus.DONE


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Speaker Person{n}")
    slug = factory.LazyAttribute(lambda s: s.name.lower().replace(" ", "-"))
    kind = "person"

    @factory.post_generation
    def alias_names(self, create: bool, extracted: list[str] | None, **kwargs) -> None:
        if not create:
            return
        for name in [self.name, *(extracted or [])]:
            SpeakerAlias.objects.get_or_create(speaker=self, normalized=normalize_name(name), defaults={"name": name})


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    speaker = factory.SubFactory(SpeakerFactory)
    text = factory.Sequence(lambda n: f"Claim number {n} about the budget")
    fingerprint = factory.LazyAttribute(lambda c: claim_fingerprint(c.text))
    status = ClaimStatus.UNREVIEWED
    appearance_count = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        claim = super()._create(model_class, *args, **kwargs)
        speakers_recount_now(speaker_ids=[claim.speaker_id])  # as the services keep them
        return claim


class StatementFactory(factory.django.DjangoModelFactory):
    """A statement whose content sits at its offsets in its article's text."""

    class Meta:
        model = Statement

    article = factory.SubFactory(ArticleFactory)
    claim = factory.SubFactory(ClaimFactory)
    speaker = factory.SelfAttribute("claim.speaker")
    content = factory.SelfAttribute("claim.text")
    kind = "indirect"
    cue = "said"
    published_at = factory.LazyAttribute(lambda s: s.article.published_at or timezone.now())
    claim_status = factory.SelfAttribute("claim.status")
    outlet = factory.SelfAttribute("article.outlet")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        article = kwargs["article"]
        content = kwargs["content"]
        if content not in article.text:
            article.text = f"{article.text}\n\n{kwargs['speaker'].name} said {content}."
            article.content_hash = content_hash(article.text)
            article.save(update_fields=["text", "content_hash"])
        kwargs["start"] = article.text.index(content)
        kwargs["end"] = kwargs["start"] + len(content)
        statement = super()._create(model_class, *args, **kwargs)
        speakers_recount_now(speaker_ids=[statement.speaker_id])  # as the services keep them
        return statement


class ClaimReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimReview

    claim = factory.SubFactory(ClaimFactory)
    reviewer = factory.SubFactory(UserFactory)
    from_status = ClaimStatus.UNREVIEWED
    to_status = ClaimStatus.CONTESTED
    note = "Checked against the ministry's figures."
    version = 2


class FeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feed

    outlet = factory.SubFactory(OutletFactory)
    url = factory.Sequence(lambda n: f"https://feeds.example/{n}.xml")
    next_poll_at = factory.LazyFunction(timezone.now)


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    url = factory.Sequence(lambda n: f"https://hooks.example/{n}")
    events = factory.LazyFunction(lambda: ["claim.reviewed", "article.extracted"])
    owner = factory.SubFactory(UserFactory, is_staff=True)
