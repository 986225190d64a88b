"""Server-rendered SVG charts: the geometry is computed here, the template only draws it.

No JavaScript and no inline styles (the CSP forbids them): bars carry status classes that the
stylesheet colours, and the template adds <title>/<desc> and a table of the same numbers.
"""

import math
from dataclasses import dataclass

from claims.models import ClaimStatus
from claims.selectors.track_record import MonthTally

WIDTH = 640
HEIGHT = 220
LEFT = 36  # room for the y-axis labels
BOTTOM = 28  # room for the month labels
TOP = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    status: str
    label: str  # "March 2026: 3 Contested", the bar's own <title>


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class MonthLabel:
    x: float
    text: str


@dataclass(frozen=True)
class VerdictChart:
    width: int
    height: int
    left: int
    bottom: float
    bars: list[Bar]
    ticks: list[Tick]
    months: list[MonthLabel]
    summary: str  # the chart's <desc>: the same story in one sentence


def _step(top: int) -> int:
    """A round tick step giving at most four ticks up to `top`: 1, 2, 5, 10, 20, 50 ..."""
    raw = max(1, top / 4)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def verdict_chart(tally: list[MonthTally]) -> VerdictChart | None:
    """Stacked bars, one per month, a segment per verdict (Contested at the bottom); None when empty."""
    if not tally:
        return None
    plot_h = HEIGHT - BOTTOM - TOP
    peak = max(month.total for month in tally) or 1
    step = _step(peak)
    top = step * math.ceil(peak / step)
    slot = (WIDTH - LEFT) / len(tally)
    bar_w = max(2.0, slot * 0.7)
    labels = dict(ClaimStatus.choices)
    order = [ClaimStatus.CONTESTED, ClaimStatus.UNEVIDENCED, ClaimStatus.EVIDENCED, ClaimStatus.UNREVIEWED]
    bars, months = [], []
    every = math.ceil(len(tally) / 8)  # at most eight month labels
    for i, month in enumerate(tally):
        x = LEFT + i * slot + (slot - bar_w) / 2
        base = HEIGHT - BOTTOM
        for status in order:
            n = month.counts.get(status, 0)
            if not n:
                continue
            h = plot_h * n / top
            base -= h
            text = f"{month.month:%B %Y}: {n} {labels[status]}"
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(base, 1),
                    width=round(bar_w, 1),
                    height=round(h, 1),
                    status=status,
                    label=text,
                )
            )
        if i % every == 0:
            months.append(MonthLabel(x=round(x + bar_w / 2, 1), text=f"{month.month:%b %Y}"))
    ticks = [Tick(y=round(HEIGHT - BOTTOM - plot_h * v / top, 1), value=v) for v in range(0, top + 1, step)]
    return VerdictChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        bottom=HEIGHT - BOTTOM,
        bars=bars,
        ticks=ticks,
        months=months,
        summary=_summary(tally),
    )


def _summary(tally: list[MonthTally]) -> str:
    totals = {status: sum(m.counts.get(status, 0) for m in tally) for status in ClaimStatus.values}
    parts = ", ".join(f"{totals[value]} {label.lower()}" for value, label in ClaimStatus.choices)
    return (
        f"Claims by the month first said, {tally[0].month:%B %Y} to {tally[-1].month:%B %Y}, "
        f"stacked by verdict: {parts}."
    )
