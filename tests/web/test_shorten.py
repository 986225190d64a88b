"""The `shorten` filter renders what truncatechars renders, without scanning short texts."""

import unicodedata

import pytest
from django.template import Context, Template
from django.template.defaultfilters import truncatechars

from claims.templatetags.claimdesk import shorten

TEXTS = [
    "",
    "Unemployment has fallen",
    "x" * 180,
    "x" * 181,
    "Inflation will rise by 9 per cent by the end of 2025 in Velbrocor " * 4,
    "Cafe\u0301 prices rose " * 20,
    "Cafe\u0301 prices rose",  # combining accents: truncatechars counts them as nothing
    "Ölpreise fielen um 30 % im Jahr 2024 " * 8,
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("length", [1, 40, 160, 180])
def test_a_cut_text_is_what_truncatechars_gives(text, length):
    if len(text) > length:
        assert shorten(text, length) == truncatechars(text, length)
    else:
        assert shorten(text, length) == text
        assert truncatechars(text, length) == unicodedata.normalize("NFC", text)  # not cut either


def test_shortened_text_is_still_escaped():
    rendered = Template("{% load claimdesk %}{{ text|shorten:12 }}|{{ short|shorten:40 }}").render(
        Context({"text": "<b>Tax</b> & spend, they said", "short": "<i>cuts</i>"})
    )
    assert rendered == "&lt;b&gt;Tax&lt;/b&gt; …|&lt;i&gt;cuts&lt;/i&gt;"
