"""PostgreSQL's table of distinct alias names (migration 0012): every write path keeps it whole, and
typo search over it ranks speakers as it did over the aliases."""

import pytest
from django.core.management import call_command
from django.db import connection

from claims.models import Speaker, SpeakerAlias, SpeakerKind
from claims.selectors import speakers as speaker_selectors
from claims.services import speaker_resolve
from claims.services.speakers import speaker_merge
from tests.factories import SpeakerFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the name table is PostgreSQL's"),
]


def names_missing() -> list[str]:
    """Alias forms the name table lacks: what the search could never find."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT a.normalized FROM claims_speakeralias a "
            "WHERE NOT EXISTS (SELECT 1 FROM claims_alias_name n WHERE n.normalized = a.normalized)"
        )
        return [row[0] for row in cursor.fetchall()]


def names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT normalized FROM claims_alias_name")
        return {row[0] for row in cursor.fetchall()}


def test_every_write_path_adds_the_names_and_search_finds_them(reporter):
    putin = speaker_resolve(name="Vladimir Putin", kind=SpeakerKind.PERSON, aliases=("Mr Putin",), article_key="1")
    peskov = speaker_resolve(name="Dmitry Peskov", kind=SpeakerKind.PERSON, aliases=(), article_key="1")
    SpeakerAlias.objects.bulk_create([SpeakerAlias(speaker=peskov, name="Kremlin spokesman", normalized="kremlin x")])
    SpeakerAlias.objects.filter(speaker=peskov, normalized="kremlin x").update(normalized="kremlin spokesman")
    unnamed = speaker_resolve(name="an official", kind=SpeakerKind.UNNAMED, aliases=(), article_key="9")

    assert names_missing() == []
    assert {"vladimir putin", "mr putin", "dmitry peskov", "kremlin spokesman"} <= names()
    assert any(name.startswith("an official") for name in names())
    assert speaker_selectors.speaker_search(user=reporter, query="Vladimr Putn")[0] == putin
    assert speaker_selectors.speaker_search(user=reporter, query="Kremlin spokesmn")[0] == peskov
    assert unnamed not in speaker_selectors.speaker_search(user=reporter, query="Putin")


def test_a_name_left_without_aliases_finds_nobody_and_a_merge_keeps_the_rest(reporter, editor):
    first = speaker_resolve(name="Maria Zakharova", kind=SpeakerKind.PERSON, aliases=(), article_key="1")
    second = speaker_resolve(name="M. Zakharova", kind=SpeakerKind.PERSON, aliases=(), article_key="2")
    speaker_merge(source=second, target=first, by=editor)
    SpeakerAlias.objects.filter(normalized="maria zakharova").delete()

    assert names_missing() == []
    assert "maria zakharova" in names()  # kept: names are only ever added
    assert speaker_selectors.speaker_search(user=reporter, query="Zakharova") == [first]  # via "m zakharova"
    assert not Speaker.objects.filter(pk=second.pk).exists()


def test_seeding_by_copy_fills_the_table_and_force_starts_it_afresh():
    call_command("seed_archive", "--statements", "300", "--seed", "3", stdout=None)
    assert names_missing() == []
    first = names()
    call_command("seed_archive", "--statements", "300", "--seed", "4", "--force", stdout=None)
    assert names_missing() == []
    assert names() == set(SpeakerAlias.objects.values_list("normalized", flat=True))
    assert names() != first


def test_a_speaker_holding_many_of_the_best_names_does_not_crowd_out_the_next(reporter):
    many = speaker_resolve(
        name="Jon Smithers",
        kind=SpeakerKind.PERSON,
        aliases=("Jon Smither", "Jonny Smithers", "J Smithers", "Mr Jon Smithers", "Jon A Smithers"),
        article_key="1",
    )
    other = speaker_resolve(name="Jan Smithers", kind=SpeakerKind.PERSON, aliases=(), article_key="2")

    found = speaker_selectors.speaker_search(user=reporter, query="Jon Smithers", limit=2)

    assert found == [many, other]


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("Kovcas", "Miriam Kovacs"),
        ("Peksov", "Dmitry Peskov"),
        ("Kovqcs", "Miriam Kovacs"),
        ("Miriam Kovcas", "Miriam Kovacs"),
    ],
)
def test_a_surname_with_letters_swapped_or_replaced_finds_its_speaker(reporter, typo, expected):
    # Kovacs has a bare-surname alias; Peskov only his full name (the surname is its last word).
    speaker_resolve(name="Miriam Kovacs", kind=SpeakerKind.PERSON, aliases=("Kovacs",), article_key="1")
    speaker_resolve(name="Dmitry Peskov", kind=SpeakerKind.PERSON, aliases=(), article_key="1")
    speaker_resolve(name="Thomas Kowalski", kind=SpeakerKind.PERSON, aliases=(), article_key="1")
    found = speaker_selectors.speaker_search(user=reporter, query=typo)
    assert [s.name for s in found][:1] == [expected]


@pytest.mark.parametrize("typo", ["Dr Prk", "Pakr", "Paark"])
def test_a_short_surname_with_a_typo_finds_its_speaker_before_names_sharing_its_first_letters(reporter, typo):
    park = speaker_resolve(name="Jiwoo Park", kind=SpeakerKind.PERSON, aliases=("Dr Park",), article_key="1")
    for i, name in enumerate(("Priya Kumar", "Pravin Rakesh", "Prudence Krk", "Pablo Rek")):
        speaker_resolve(name=name, kind=SpeakerKind.PERSON, aliases=(), article_key=str(i))
    assert speaker_selectors.speaker_search(user=reporter, query=typo)[:1] == [park]


def test_a_short_word_is_not_retried_at_the_lower_threshold(reporter):
    speaker_resolve(name="Jiwoo Park", kind=SpeakerKind.PERSON, aliases=(), article_key="1")
    statements: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
        found = speaker_selectors.speaker_search(user=reporter, query="Prk")
    assert [s.name for s in found] == ["Jiwoo Park"]
    assert not any("word_similarity_threshold" in sql for sql in statements)


def test_a_surname_missing_a_letter_is_found_by_its_one_edit_variants_before_the_lower_threshold(reporter):
    campbell = speaker_resolve(name="Laura Campbell", kind=SpeakerKind.PERSON, aliases=(), article_key="1")
    speaker_resolve(name="Laura Bell", kind=SpeakerKind.PERSON, aliases=(), article_key="2")
    statements: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *args: statements.append(sql) or execute(sql, *args)):
        found = speaker_selectors.speaker_search(user=reporter, query="Cambell")  # word similarity 0.55
    assert found == [campbell]
    assert not any("word_similarity_threshold" in sql for sql in statements)


def test_one_edit_lookup_reads_further_when_a_few_speakers_hold_the_first_names(reporter):
    # Four speakers each hold "kim", "dr kim", "mr kim" and "ms kim": the first 16 rows (twice the 8
    # suggestions) name only them, and the speakers called "... Kim" come after.
    crowd = [SpeakerFactory(name=f"Kim Crowd{n}", alias_names=["Kim", "Dr Kim", "Mr Kim", "Ms Kim"]) for n in range(4)]
    others = [SpeakerFactory(name=f"Jun Kim{n}", alias_names=["Jun Kim"]) for n in range(6)]
    found = speaker_selectors.speaker_search(user=reporter, query="Kmi")
    assert len(found) == 8
    assert set(crowd) < set(found)
    assert set(found) - set(crowd) <= set(others)


def test_a_word_one_edit_from_no_name_finds_nobody(reporter):
    speaker_resolve(name="Miriam Kovacs", kind=SpeakerKind.PERSON, aliases=("Kovacs",), article_key="1")
    assert speaker_selectors.speaker_search(user=reporter, query="inflation") == []
