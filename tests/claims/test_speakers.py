from claims.models import Speaker, SpeakerKind
from claims.services import normalize_name, speaker_resolve
from tests.factories import SpeakerFactory


def test_normalize_name_folds_case_accents_and_spaces():
    assert normalize_name("  Volodymyr   ZELENSKYY ") == "volodymyr zelenskyy"
    assert normalize_name("Małgorzata Gersdorf") == normalize_name("Malgorzata Gersdorf".replace("l", "ł", 1))
    assert normalize_name("Emmanuel Macrón") == "emmanuel macron"


def test_a_later_article_naming_only_the_surname_links_to_the_known_person(db):
    putin = SpeakerFactory(name="Vladimir Putin", alias_names=["Putin", "Mr Putin"])

    assert speaker_resolve(name="Putin", kind=SpeakerKind.PERSON) == putin
    assert speaker_resolve(name="Mr Putin", kind=SpeakerKind.PERSON) == putin


def test_new_name_forms_become_aliases(db):
    putin = SpeakerFactory(name="Vladimir Putin")

    speaker_resolve(
        name="Vladimir Putin",
        kind=SpeakerKind.PERSON,
        aliases=("Russian President Vladimir Putin",),
        role="President of Russia",
    )

    assert "russian president vladimir putin" in set(putin.aliases.values_list("normalized", flat=True))
    putin.refresh_from_db()
    assert putin.role == "President of Russia"


def test_an_ambiguous_surname_links_to_nobody(db):
    SpeakerFactory(name="Boris Johnson", alias_names=["Johnson"])
    SpeakerFactory(name="Sarah Johnson", alias_names=["Johnson"])

    speaker = speaker_resolve(name="Johnson", kind=SpeakerKind.PERSON)

    assert speaker.name == "Johnson"
    assert Speaker.objects.count() == 3


def test_a_different_person_sharing_a_surname_is_not_merged_through_short_forms(db):
    boris = SpeakerFactory(name="Boris Johnson", alias_names=["Johnson", "Mr Johnson"])

    sarah = speaker_resolve(name="Sarah Johnson", kind=SpeakerKind.PERSON, aliases=("Ms Johnson", "Johnson"))

    assert sarah != boris
    assert sarah.slug == "sarah-johnson"


def test_unnamed_sources_are_not_linked_across_articles(db):
    first = speaker_resolve(name="a senior official", kind=SpeakerKind.UNNAMED, article_key="1")
    again = speaker_resolve(name="A senior official", kind=SpeakerKind.UNNAMED, article_key="1")
    other = speaker_resolve(name="a senior official", kind=SpeakerKind.UNNAMED, article_key="2")

    assert first == again
    assert other != first
    assert other.slug != first.slug


def test_organisations_link_by_name(db):
    kremlin = speaker_resolve(name="Kremlin", kind=SpeakerKind.ORGANISATION)
    assert speaker_resolve(name="kremlin", kind=SpeakerKind.ORGANISATION) == kremlin
    assert kremlin.kind == SpeakerKind.ORGANISATION
