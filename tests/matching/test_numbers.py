"""Figures normalised so equal values written differently agree and changed ones do not."""

import pytest

from claims.matching.numbers import figures, figures_agree


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Forty per cent of nurses", {0.4}),
        ("40% of nurses", {0.4}),
        ("0.4 of nurses", {0.4}),
        ("£350 million a week", {350_000_000}),
        ("£350m a week", {350_000_000}),
        ("350,000,000 pounds", {350_000_000}),
        ("a hundred and twenty thousand jobs", {120_000}),
        ("one in five children", {0.2}),
        ("Crime fell by a third in 2019", {0.3333, 2019}),
        ("two thirds of voters", {0.6667}),
        ("waiting lists were halved", {0.5}),
        ("cut by half", {0.5}),
        ("seven point six million", {7_600_000}),
        ("one and a half million homes", {1_500_000}),
        ("It cost £2.5bn", {2_500_000_000}),
    ],
)
def test_figures_are_normalised(text, expected):
    assert figures(text) == frozenset(expected)


@pytest.mark.parametrize("text", ["one of the best", "the first time", "We have one aim", "an increase"])
def test_words_that_are_not_figures_give_none(text):
    assert figures(text) == frozenset()


def test_rounded_fractions_agree_but_years_and_counts_must_be_exact():
    assert figures_agree(figures("a third of surgeries"), figures("33.3% of surgeries"))
    assert not figures_agree(figures("since 2019"), figures("since 2010"))
    assert not figures_agree(figures("906,000 people"), figures("905,000 people"))
    assert not figures_agree(figures("5.2%"), figures("5.3%"))
