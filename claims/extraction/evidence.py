"""What the article itself says about a claim's support: no evidence, disputed, or confirmed."""

import re
from bisect import bisect_right
from dataclasses import dataclass

from .article import ArticleIndex, Candidate

_Q = "[\"“”’']?"
_DISPUTE_VERBS = r"(?:disputed|rejected|denied|contested|dismissed|challenged|refuted|questioned)"
_CLAIM_NOUNS = (
    r"(?:claims?|figures?|charges?|views?|allegations?|accusations?|suggestion|account|estimates?|numbers?|"
    r"assertion|characteri[sz]ation|version|statement|argument|date|timeline|timetable|cost|total|sum|"
    r"description|interpretation|conclusion|prediction|forecast|assessment|explanation|narrative)"
)

_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "unevidenced",
        "inline",
        re.compile(
            r"\b(?:without (?:offering|providing|giving|citing|presenting|producing|showing|supplying)"
            r"(?: any)? (?:evidence|proof)"
            r"|(?:providing|offering|offered|provided|gave|giving|presented|cited|produced|supplied)"
            r" no (?:evidence|proof)"
            r"|(?:did|does|has|have) not (?:provide|provided|offer|offered|give|given|present|presented|cite|cited)"
            r" (?:any )?(?:evidence|proof)"
            r"|without evidence|no evidence (?:was|has been|had been) (?:provided|offered|given|presented))",
            re.IGNORECASE,
        ),
    ),
    (
        "contested",
        "inline",
        re.compile(rf",\s+(?:a|an|the) {_CLAIM_NOUNS}\b[^.;]{{0,80}}?\b{_DISPUTE_VERBS}\b", re.IGNORECASE),
    ),
    (
        "contested",
        "after",
        re.compile(
            rf"\b(?:den(?:y|ies|ied)|reject(?:s|ed)?|disput(?:e|es|ed)|contest(?:s|ed)?|refut(?:e|es|ed)|dismiss(?:es|ed)?){_Q}\s+"
            rf"(?:this|that|it|the {_CLAIM_NOUNS}|(?:his|her|their|these|those|such|the) {_CLAIM_NOUNS})\b",
            re.IGNORECASE,
        ),
    ),
    (
        "evidenced",
        "inline",
        re.compile(
            r"(?:,\s+(?:a|an|the|which|something)\b[^.;]{0,100}?\b(?:confirmed by|confirm|confirms|confirmed)\b"
            r"|\b(?:figures|data|records|statistics|documents)\b[^.;]{0,100}?\bconfirm(?:s|ed)?\b)",
            re.IGNORECASE,
        ),
    ),
)

# ", a claim ...", ", and figures ... confirm": where a cue starts, the statement before it ends
LEADS_INTO_CUE = re.compile(r",?\s*(?:,|\band\b|\bbut\b)\s*$")


@dataclass(frozen=True)
class EvidenceCue:
    start: int
    end: int
    hint: str
    reach: str  # "inline": qualifies the statement just before it; "after": a later reaction to it
    text: str


def find_cues(text: str) -> list[EvidenceCue]:
    """Every evidence cue in the text, in order."""
    cues = []
    for hint, reach, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start = m.start()
            while start < m.end() and text[start] in ", ":
                start += 1
            cues.append(EvidenceCue(start, m.end(), hint, reach, _cue_words(text[start : m.end()])))
    cues.sort(key=lambda c: c.start)
    return cues


def _cue_words(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


# -- evidence --------------------------------------------------------------------------------
def apply_evidence(idx: ArticleIndex, cands: list[Candidate], cues: list[EvidenceCue]) -> None:
    """Mark each candidate the article's evidence cues speak about; a failing cue marks nothing."""
    starts = [c.start for c in cands]
    for cue in cues:
        idx.faults.guard("evidence", cue.start, cue.end, _apply_cue, idx, cands, starts, cue)


def _apply_cue(idx: ArticleIndex, cands: list[Candidate], starts: list[int], cue: EvidenceCue) -> None:
    if cue.hint == "contested" and cue.reach == "inline" and idx.in_quote(cue.start):
        return
    sent_no = idx.sentence_of(cue.start)
    k = bisect_right(starts, cue.start)
    nearby = cands[max(0, k - 12) : k]  # statements that start before the cue, the latest ones
    same = [c for c in nearby if idx.sentence_of(c.start) == sent_no and c.end <= cue.start + 1 and c.kind != "direct"]
    containing = [c for c in nearby if c.start < cue.start < c.end]
    for c in containing:
        lead = LEADS_INTO_CUE.search(idx.text, c.start, cue.start) if cue.reach == "inline" else None
        if lead:
            c.end = lead.start()
            same.append(c)
    if same:
        _mark(max(same, key=lambda c: c.end), cue)
        return
    if containing and cue.reach == "inline":
        return
    _mark_previous(idx, nearby, cue, sent_no, containing)


def _mark_previous(
    idx: ArticleIndex, cands: list[Candidate], cue: EvidenceCue, sent_no: int, exclude: list[Candidate]
) -> None:
    para = idx.paragraph_of(cue.start)
    earlier = [
        c for c in cands if c.end <= cue.start and c.kind != "direct" and c not in exclude and para - c.paragraph <= 2
    ]
    if not earlier:
        return
    target_sent = idx.sentence_of(earlier[-1].start)
    group = [c for c in earlier if idx.sentence_of(c.start) == target_sent]
    if cue.reach == "inline":
        group = group[-1:]
    for c in group:
        _mark(c, cue)


def _mark(c: Candidate, cue: EvidenceCue) -> None:
    if c.hint is None:
        c.hint, c.hint_cue = cue.hint, cue.text
