"""The synthetic archive's vocabulary and rows: speakers, claims and sizes, from one seed."""

import datetime as dt
import itertools
import random
import re
from dataclasses import dataclass, field

from claims.models import ClaimStatus, SpeakerKind

SEED_DOMAIN = ".seed.example"
SEED_EDITORS = ("seed-editor-1", "seed-editor-2", "seed-editor-3", "seed-editor-4")
BASE_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ARCHIVE_DAYS = 3 * 365
CHUNK_ARTICLES = 2000
_WORDS = re.compile(r"\w+")

FIRST = (  # noqa: SIM905
    "Anna James Maria David Sarah Michael Laura Peter Elena Thomas Olga Daniel Grace Samuel Irina Paul "
    "Helen Mark Sofia Andrew Claire Robert Nadia Simon Emma John Fatima Ahmed Lucy Oliver Rachel Tomasz "
    "Ingrid Lars Chloe Hugo Amara Kwame Priya Rahul Mei Chen Yuki Kenji Leila Omar Ruth Martin Karen "
    "Viktor Ivana Pedro Lucia Diego Marta"
).split()
SURNAMES = (  # noqa: SIM905
    "Smith Johnson Brown Taylor Wilson Davies Evans Thomas Roberts Walker Wright Green Hall Wood Clarke "
    "Hughes Kowalski Nowak Petrov Ivanova Novak Horvat Rossi Bianchi Garcia Martinez Lopez Silva Santos "
    "Muller Schmidt Fischer Weber Dubois Laurent Moreau Jensen Hansen Nielsen Berg Lindqvist Okafor "
    "Mensah Diallo Khan Patel Singh Sharma Tanaka Sato Kim Park Nguyen Tran Haddad Mansour Cohen Levi "
    "Murphy Kelly Byrne Walsh Campbell Stewart"
).split()
TITLES = (
    "Finance Minister",
    "Health Secretary",
    "Opposition leader",
    "Mayor",
    "Chief Executive",
    "Defence Minister",
    "Senator",
    "Union leader",
    "Police Commissioner",
    "Professor",
)
ORG_FORMS = ("Ministry of {}", "{} Council", "{} Trade Association", "National {} Agency", "{} Workers Union")
ORG_TOPICS = ("Health", "Transport", "Energy", "Housing", "Defence", "Education", "Farming", "Water", "Finance")
UNNAMED = ("a senior official", "a government spokesperson", "a source close to the talks", "a diplomat")
FAMOUS = (("Vladimir Putin", "Russian President", "Putin"),)

SUBJECTS = (
    "the government",
    "our party",
    "the council",
    "unemployment",
    "inflation",
    "the health service",
    "crime",
    "the budget deficit",
    "house prices",
    "energy bills",
    "the army",
    "waiting lists",
    "school funding",
    "the company",
    "rail fares",
    "the economy",
)
VERBS = (
    "has fallen",
    "will rise",
    "has doubled",
    "was cut",
    "has never been higher",
    "will be frozen",
    "grew",
    "has halved",
    "will double",
    "fell sharply",
)
WHEN = ("since {y}", "in {y}", "before the election", "this year", "over the last decade", "by the end of {y}")
CUES = ("said", "told reporters", "warned", "insisted", "claimed", "said in a statement")
FILLER = (
    "The announcement came after weeks of pressure from campaigners in {p}.",
    "Officials in {p} declined to comment further on the figures.",
    "Critics said the plan lacked detail and would take years to deliver.",
    "The debate is expected to continue when parliament returns next month.",
    "Residents of {p} have complained about the issue for several years.",
    "Independent analysts have questioned how the numbers were calculated.",
)
EVIDENCE = {
    ClaimStatus.EVIDENCED: "official figures published last week confirm this",
    ClaimStatus.UNEVIDENCED: "no figures have been published to support this",
    ClaimStatus.CONTESTED: "independent analysts dispute the figures",
}
REVIEWED_STATUSES = (ClaimStatus.EVIDENCED, ClaimStatus.UNEVIDENCED, ClaimStatus.CONTESTED)
OUTLETS = (
    "Daily Ledger",
    "Morning Courier",
    "The Northern Post",
    "Evening Standard Bearer",
    "City Chronicle",
    "The Observer Desk",
    "Coastal Gazette",
    "Valley Times",
    "Capital Wire",
    "The Record",
    "Harbour Herald",
    "National Bulletin",
)


@dataclass
class Plan:
    """Sizes derived from the statement count, in the brief's proportions (1M statements: 200k articles,
    50k speakers, 300k claims, 20k reviews)."""

    statements: int
    seed: int
    speakers: int = 0
    claims: int = 0
    reviews: int = 0

    def __post_init__(self) -> None:
        self.speakers = self.speakers or max(20, self.statements // 20)
        self.claims = self.claims or max(5, self.statements * 3 // 10)
        self.reviews = self.reviews or max(4, self.statements // 50)


@dataclass
class SpeakerRow:
    id: int
    name: str
    kind: str
    role: str
    aliases: list[str]


@dataclass
class ClaimRow:
    id: int
    speaker_id: int
    text: str
    appearances: int
    hint: str = ""
    first_seen: dt.datetime | None = None
    count: int = 0
    status: str = ClaimStatus.UNREVIEWED


@dataclass
class SeedReport:
    outlets: int = 0
    speakers: int = 0
    aliases: int = 0
    articles: int = 0
    statements: int = 0
    claims: int = 0
    reviews: int = 0
    timings: dict[str, float] = field(default_factory=dict)


# --- Generating ----------------------------------------------------------------------------------


def zipf_weights(n: int, exponent: float = 0.9) -> list[float]:
    """Cumulative weights: rank 1 is said most; at 1M statements the head has tens of thousands."""
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, n + 1)))


def place_names(rng: random.Random, n: int) -> list[str]:
    syllables = ("vel", "bro", "cor", "vane", "ash", "grove", "lin", "dor", "mar", "ket", "sel", "wyn", "tor", "ick")
    names: dict[str, None] = {}
    while len(names) < n:
        names["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()] = None
    return list(names)


def speakers_generate(rng: random.Random, n: int) -> list[SpeakerRow]:
    rows: list[SpeakerRow] = []
    for i in range(1, n + 1):
        if i <= len(FAMOUS):
            name, title, surname = FAMOUS[i - 1]
            aliases = [name, surname, f"Mr {surname}", f"{title} {name}"]
            rows.append(SpeakerRow(i, name, SpeakerKind.PERSON, title, aliases))
            continue
        roll = rng.random()
        if roll < 0.8:
            rows.append(_person(rng, i))
        elif roll < 0.93:
            name = rng.choice(ORG_FORMS).format(rng.choice(ORG_TOPICS))
            rows.append(SpeakerRow(i, name, SpeakerKind.ORGANISATION, "", [name]))
        else:
            name = rng.choice(UNNAMED)
            rows.append(SpeakerRow(i, name, SpeakerKind.UNNAMED, "", [name]))
    return rows


def _person(rng: random.Random, i: int) -> SpeakerRow:
    first, surname, title = rng.choice(FIRST), rng.choice(SURNAMES), rng.choice(TITLES)
    name = f"{first} {surname}"
    honorific = rng.choice(("Mr", "Ms", "Dr"))
    extra = [surname, f"{honorific} {surname}", f"{title} {name}"]
    return SpeakerRow(i, name, SpeakerKind.PERSON, title, [name, *rng.sample(extra, rng.randint(0, 3))])


def claim_text(rng: random.Random, places: list[str], place_weights: list[float]) -> str:
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    qty = rng.choice((f"by {rng.randint(2, 60)} per cent", f"to {rng.randint(2, 900)} million", ""))
    when = rng.choice(WHEN).format(y=rng.randint(2010, 2025))
    place = rng.choices(places, cum_weights=place_weights)[0]
    words = " ".join(w for w in (subject, verb, qty, when, f"in {place}") if w)
    return words[0].upper() + words[1:]


def claims_generate(rng: random.Random, plan: Plan, speakers: list[SpeakerRow], places: list[str]) -> list[ClaimRow]:
    """Claims with how often each is said; appearances sum to exactly plan.statements."""
    from claims.services.extraction import claim_fingerprint

    speaker_cum = zipf_weights(len(speakers))
    place_cum = zipf_weights(len(places), 1.1)
    owners = rng.choices(range(1, len(speakers) + 1), cum_weights=speaker_cum, k=plan.claims)
    seen: set[tuple[int, str]] = set()
    rows: list[ClaimRow] = []
    remaining = plan.statements
    for speaker_id in owners:
        if remaining <= 0:
            break
        text = claim_text(rng, places, place_cum)
        while (speaker_id, claim_fingerprint(text)) in seen:
            text = claim_text(rng, places, place_cum)
        seen.add((speaker_id, claim_fingerprint(text)))
        appearances = 1 + min(int(rng.expovariate(1 / 2.33)), 40)
        rows.append(ClaimRow(len(rows) + 1, speaker_id, text, min(appearances, remaining)))
        remaining -= rows[-1].appearances
    # Too few claims for the statements asked: the last claims are said more often.
    for i in itertools.cycle(range(len(rows))):
        if remaining <= 0:
            break
        rows[i].appearances += 1
        remaining -= 1
    for row in rows:
        if rng.random() < 0.1:
            row.hint = rng.choice(list(EVIDENCE))
    return rows
