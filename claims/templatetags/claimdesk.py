"""Presentation helpers; everything from an article is escaped before any markup is added."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from claims.selectors.common import search_words
from sources.counting import COUNT_CAP

register = template.Library()


@register.filter
def highlight(text: str, query: str) -> SafeString:
    """`text` escaped, with words of `query` (and their longer forms: budget -> budgets) in <mark>."""
    words = sorted({w.lower() for w in search_words(query or "") if len(w) > 1}, key=len, reverse=True)
    if not words:
        return conditional_escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)
    pieces: list[SafeString] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(conditional_escape(text[position : match.start()]))
        pieces.append(format_html('<mark class="hit">{}</mark>', match.group(0)))
        position = match.end()
    pieces.append(conditional_escape(text[position:]))
    # format_html escapes each argument unless already safe: the pieces above are.
    return format_html("{}" * len(pieces), *pieces)


@register.filter(is_safe=True)
def shorten(text: str, length: int) -> str:
    """Django's truncatechars for a text longer than `length` characters; a shorter one as it is.

    truncatechars scans every character of every text, short ones included: ~35 µs a claim, a sixth
    of a review-queue row's rendering (measured at 10M statements). A text within `length` characters is
    never cut by it (combining characters only shorten the count), so the scan is skipped; the text
    is not NFC-normalised either, which changes no rendered glyph. Escaped as its caller's output.
    """
    text = str(text)
    if len(text) <= int(length):
        return text
    return Truncator(text).chars(length)


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key)


@register.filter
def capped(count: int) -> int | str:
    """A count from sources/counting.py for display: "10,000+" past COUNT_CAP, else the count."""
    return f"{COUNT_CAP:,}+" if count > COUNT_CAP else count
