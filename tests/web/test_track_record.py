"""A speaker's track record: verdicts over time (SVG + table), claims said most, outlets; the speakers
list sorted by contested claims. Permissions, escaping and query counts included."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import ClaimStatus
from claims.selectors.track_record import speaker_outlets, speaker_repeated_claims, speaker_verdict_tally
from claims.views.charts import verdict_chart
from tests.factories import ArticleFactory, ClaimFactory, OutletFactory, SpeakerFactory, StatementFactory
from tests.web.test_queries import _same_cost

pytestmark = pytest.mark.django_db


def _at(year: int, month: int, day: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 12))


def _claim(speaker, when: dt.datetime, status: str = ClaimStatus.UNREVIEWED, said: int = 1, **kwargs):
    claim = ClaimFactory(speaker=speaker, first_seen_at=when, status=status, appearance_count=said, **kwargs)
    for _ in range(said):
        StatementFactory(claim=claim, article=ArticleFactory(published_at=when))
    return claim


def test_tally_counts_claims_by_month_first_said_and_verdict_with_empty_months(reporter):
    speaker = SpeakerFactory()
    _claim(speaker, _at(2026, 1), ClaimStatus.CONTESTED)
    _claim(speaker, _at(2026, 1, 28), ClaimStatus.EVIDENCED)
    _claim(speaker, _at(2026, 3), ClaimStatus.CONTESTED)
    _claim(speaker, _at(2026, 3), ClaimStatus.UNREVIEWED)
    _claim(SpeakerFactory(), _at(2026, 2), ClaimStatus.CONTESTED)  # someone else's

    tally = speaker_verdict_tally(user=reporter, speaker=speaker)

    assert [m.month for m in tally] == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    assert [m.counts["contested"] for m in tally] == [1, 0, 1]
    assert [m.counts["evidenced"] for m in tally] == [1, 0, 0]
    assert [m.total for m in tally] == [2, 0, 2]


def test_tally_keeps_the_latest_months_only(reporter):
    speaker = SpeakerFactory()
    _claim(speaker, _at(2020, 5))
    _claim(speaker, _at(2026, 6))
    tally = speaker_verdict_tally(user=reporter, speaker=speaker, months=12)
    assert (tally[0].month, tally[-1].month, len(tally)) == (dt.date(2025, 7, 1), dt.date(2026, 6, 1), 12)


def test_tally_is_empty_for_an_outsider_and_a_speaker_without_claims(outsider, reporter):
    speaker = SpeakerFactory()
    assert speaker_verdict_tally(user=reporter, speaker=speaker) == []
    _claim(speaker, _at(2026, 1))
    assert speaker_verdict_tally(user=outsider, speaker=speaker) == []
    assert verdict_chart([]) is None


def test_chart_stacks_one_rect_per_verdict_with_heights_proportional_to_counts(reporter):
    speaker = SpeakerFactory()
    for _ in range(3):
        _claim(speaker, _at(2026, 1), ClaimStatus.CONTESTED)
    _claim(speaker, _at(2026, 1), ClaimStatus.EVIDENCED)
    _claim(speaker, _at(2026, 2), ClaimStatus.EVIDENCED)
    chart = verdict_chart(speaker_verdict_tally(user=reporter, speaker=speaker))

    january = [bar for bar in chart.bars if bar.label.startswith("January 2026")]
    assert [(bar.status, bar.label) for bar in january] == [
        ("contested", "January 2026: 3 Contested"),
        ("evidenced", "January 2026: 1 Evidenced"),
    ]
    contested, evidenced = january
    assert contested.height == pytest.approx(3 * evidenced.height, abs=0.2)
    assert contested.y + contested.height == pytest.approx(chart.bottom)  # contested sits on the axis
    assert evidenced.y + evidenced.height == pytest.approx(contested.y)  # stacked on top
    assert [t.value for t in chart.ticks][-1] >= 4


def test_speaker_page_draws_the_chart_and_the_same_numbers_as_a_table(reporter_client):
    speaker = SpeakerFactory(name="Ada Minister", slug="ada")
    _claim(speaker, _at(2026, 1), ClaimStatus.CONTESTED)
    _claim(speaker, _at(2026, 1), ClaimStatus.CONTESTED)
    _claim(speaker, _at(2026, 2), ClaimStatus.EVIDENCED)
    response = reporter_client.get(reverse("speaker_detail", args=["ada"]))
    html = response.content.decode()

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="verdict-chart-title verdict-chart-desc"' in svg
    assert '<title id="verdict-chart-title">Verdicts on Ada Minister\'s claims over time</title>' in svg
    assert "stacked by verdict: 0 unreviewed, 1 evidenced, 0 unevidenced, 2 contested." in svg  # the <desc>
    assert svg.count("<rect ") == 2
    assert "<title>January 2026: 2 Contested</title>" in svg
    assert "style=" not in svg  # the CSP has no unsafe-inline: colours come from classes
    table = html[html.index('<table class="table visually-hidden" id="verdict-table">') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)
    numbers = {month: re.findall(r'<td class="num">(\d+)</td>', cells) for month, cells in rows}
    # columns: Unreviewed, Evidenced, Unevidenced, Contested, All
    assert numbers == {"January 2026": ["0", "0", "0", "2", "2"], "February 2026": ["0", "1", "0", "0", "1"]}


def test_claims_said_most_come_first_and_said_once_are_left_out(reporter, reporter_client):
    speaker = SpeakerFactory(slug="rep")
    twice = _claim(speaker, _at(2026, 1), said=2, text="said twice")
    thrice = _claim(speaker, _at(2026, 1), said=3, text="said three times")
    _claim(speaker, _at(2026, 1), said=1, text="said once")

    assert list(speaker_repeated_claims(user=reporter, speaker=speaker)) == [thrice, twice]
    html = reporter_client.get(reverse("speaker_detail", args=["rep"])).content.decode()
    section = html[html.index('id="repeated-heading"') : html.index('id="outlets-heading"')]
    assert section.index("said three times") < section.index("said twice")
    assert "said 3 times" in section
    assert "said once" not in section


def test_outlets_are_counted_by_statements_most_first(reporter):
    speaker = SpeakerFactory()
    daily, weekly = OutletFactory(name="The Daily"), OutletFactory(name="The Weekly")
    claim = ClaimFactory(speaker=speaker)
    for outlet, n in ((daily, 1), (weekly, 3)):
        for _ in range(n):
            StatementFactory(claim=claim, article=ArticleFactory(outlet=outlet))
    StatementFactory(claim=claim, article=ArticleFactory(outlet=daily), rejected=True)  # not counted

    assert speaker_outlets(user=reporter, speaker=speaker) == [
        {"outlet_id": weekly.pk, "name": "The Weekly", "statements": 3},
        {"outlet_id": daily.pk, "name": "The Daily", "statements": 1},
    ]


def test_speakers_list_sorts_by_contested_claims(reporter_client):
    calm, loud, middling = (SpeakerFactory(name=n) for n in ("Aaron Calm", "Zed Loud", "Mia Mid"))
    for speaker, n in ((loud, 3), (middling, 1)):
        for _ in range(n):
            ClaimFactory(speaker=speaker, status=ClaimStatus.CONTESTED)
    ClaimFactory(speaker=calm, status=ClaimStatus.EVIDENCED)

    by_name = reporter_client.get(reverse("speaker_list")).content.decode()
    assert by_name.index("Aaron Calm") < by_name.index("Mia Mid") < by_name.index("Zed Loud")
    contested = reporter_client.get(reverse("speaker_list"), {"sort": "contested"}).content.decode()
    assert contested.index("Zed Loud") < contested.index("Mia Mid") < contested.index("Aaron Calm")
    assert '<strong aria-current="true">Most contested claims</strong>' in contested
    unknown = reporter_client.get(reverse("speaker_list"), {"sort": "-pk"}).content.decode()
    assert unknown.index("Aaron Calm") < unknown.index("Zed Loud")


@pytest.mark.parametrize(
    ("role", "expected"), [("anonymous", 302), ("outsider", 403), ("reporter", 200), ("editor", 200)]
)
def test_track_record_pages_per_role(role, expected, request, sample):
    client = request.getfixturevalue(f"{role}_client")
    assert client.get(reverse("speaker_list"), {"sort": "contested"}).status_code == expected
    assert client.get(reverse("speaker_detail", args=[sample["peskov"].slug])).status_code == expected


def test_track_record_escapes_names_claims_and_outlets(reporter_client):
    hostile = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    speaker = SpeakerFactory(name=f"Eve {hostile}", slug="eve")
    claim = ClaimFactory(speaker=speaker, text=f"Claim {hostile}", appearance_count=2, first_seen_at=_at(2026, 1))
    for _ in range(2):
        StatementFactory(claim=claim, article=ArticleFactory(outlet=OutletFactory(name=f"Outlet {hostile}")))
    html = reporter_client.get(reverse("speaker_detail", args=["eve"])).content.decode()
    assert "<script>window.__xss" not in html
    assert "<img src=x" not in html
    assert html.count("&lt;script&gt;window.__xss=1&lt;/script&gt;") >= 4  # title, repeats, outlet, heading
    listing = reporter_client.get(reverse("speaker_list"), {"sort": "contested"}).content.decode()
    assert "<img src=x" not in listing


def test_speaker_page_costs_the_same_for_1_or_10_claims_months_and_outlets(reporter_client):
    speaker = SpeakerFactory(slug="busy")

    def row(n: int) -> None:
        when = _at(2025, 1) + dt.timedelta(days=31 * n)
        claim = _claim(speaker, when, [ClaimStatus.CONTESTED, ClaimStatus.EVIDENCED][n % 2], said=2)
        StatementFactory(claim=claim, article=ArticleFactory(outlet=OutletFactory()))

    _same_cost(reporter_client, row, lambda: reverse("speaker_detail", args=["busy"]))


def test_speakers_by_contested_costs_the_same_for_1_or_10_rows(reporter_client):
    def row(n: int) -> None:
        ClaimFactory(speaker=SpeakerFactory(alias_names=[f"Alias {n}"]), status=ClaimStatus.CONTESTED)

    _same_cost(reporter_client, row, lambda: reverse("speaker_list"), {"sort": "contested"})


def test_a_busy_speakers_record_is_cached_and_a_quiet_ones_is_live(reporter, settings):
    from claims.selectors.track_record import speaker_record

    settings.SPEAKER_RECORD_CACHE_FROM = 2
    busy, quiet = SpeakerFactory(), SpeakerFactory()
    _claim(busy, _at(2026, 1), ClaimStatus.CONTESTED, said=2)
    _claim(quiet, _at(2026, 1), ClaimStatus.CONTESTED)

    busy.refresh_from_db()  # the stored statement count, as the page reads the speaker
    first = speaker_record(user=reporter, speaker=busy)
    assert (first.statements, first.counts["contested"]) == (2, 1)
    _claim(busy, _at(2026, 2), ClaimStatus.EVIDENCED)
    assert speaker_record(user=reporter, speaker=busy) == first  # cached: lags by at most the TTL
    _claim(quiet, _at(2026, 2), ClaimStatus.EVIDENCED)
    quiet.refresh_from_db()
    live = speaker_record(user=reporter, speaker=quiet)
    assert (live.statements, live.counts["evidenced"]) == (2, 1)


def test_the_record_is_computed_when_the_cache_is_down(reporter, settings, monkeypatch):
    from django.core.cache import cache

    from claims.selectors.track_record import speaker_record

    settings.SPEAKER_RECORD_CACHE_FROM = 1
    monkeypatch.setattr(cache, "get", lambda *a, **k: None)  # what django-redis gives with Redis away
    monkeypatch.setattr(cache, "set", lambda *a, **k: None)
    speaker = SpeakerFactory()
    _claim(speaker, _at(2026, 1), ClaimStatus.CONTESTED)
    assert speaker_record(user=reporter, speaker=speaker).counts["contested"] == 1


def test_the_speaker_page_shows_the_cached_record(reporter_client, settings):
    settings.SPEAKER_RECORD_CACHE_FROM = 1
    speaker = SpeakerFactory(name="Ilse Marwick")
    _claim(speaker, _at(2026, 1), ClaimStatus.CONTESTED, said=3)
    url = reverse("speaker_detail", args=[speaker.slug])
    first = reporter_client.get(url)
    assert first.status_code == 200
    assert "3 statements" in first.content.decode()
    again = reporter_client.get(url)
    assert "3 statements" in again.content.decode()
