"""Paragraphs with offsets, and the page furniture that is never part of an article's reporting.

Shared by ingestion (sources/cleaning.py, line by line with `boilerplate_reason`) and extraction
(claims/extraction, paragraphs with offsets).
"""

import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE = re.compile(r"[^\n]+")

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (
            r"^(read more|more on|more from|related|see also|watch|listen|watch now|also read|recommended)\b.*$",
            "link to other content",
        ),
        (r"^(image|media|video) (caption|source|copyright)\b.*$", "caption"),
        (r"^(photo|picture|image|illustration|graphic)( credit)?\s*[:,].{0,200}$", "caption"),
        (r"^(getty images|reuters|ap|afp|pa media|epa)( ?/ ?\w+)?$", "picture agency credit"),
        (r"^please use (chrome|a different|another) browser.*$", "player notice"),
        (r"^(this|the) (video|content|media) (can ?not|could not|is not available).*$", "player notice"),
        (r"^\d{1,2}:\d{2}(:\d{2})?$", "video duration"),
        (r"^(advertisement|advert|sponsored|promoted|ad)$", "advertisement"),
        (
            r"^(share|share this( article| story)?|follow us.*|sign up.*|subscribe.*"
            r"|skip to .*|back to top|click here.*)$",
            "sharing or navigation",
        ),
        (r"^(copyright|©).{0,200}$", "copyright notice"),
        (r"^(published|updated|last updated|posted)\b.{0,60}$", "timestamp"),
        (r"^(by|written by|reporting by|edited by) [A-Z][\w.'’ -]{1,60}$", "byline"),
        (r"^[\w'’&-]+( [\w'’&-]+){0,2}$", "section label"),
    )
)


_CONNECTORS = {"&", "and", "of"}


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int
    end: int
    text: str


def boilerplate_reason(paragraph_text: str) -> str | None:
    """Why this line or paragraph is page furniture ("caption", "video duration"...), or None to keep it."""
    line = paragraph_text.strip()
    if not line:
        return None
    for pattern, reason in _RULES:
        if pattern.match(line):
            if reason == "section label" and not _looks_like_label(line):
                continue
            return reason
    return None


def _looks_like_label(line: str) -> bool:
    # A short title-case line without sentence punctuation: "World", "Local News". A short
    # sentence ("He left.") or a quote fragment keeps its punctuation and is not a label.
    words = line.split()
    if len(words) == 3 and words[1] not in _CONNECTORS:
        return False  # "Putin Warns West" is a headline, not a section of the site
    return line[-1].isalnum() and all(w[0].isupper() or w[0].isdigit() or w in _CONNECTORS for w in words)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs (blank-line separated, or one per line when the text has no blank lines) with offsets."""
    if _PARAGRAPH_BREAK.search(text):
        bounds, pos = [], 0
        for brk in _PARAGRAPH_BREAK.finditer(text):
            bounds.append((pos, brk.start()))
            pos = brk.end()
        bounds.append((pos, len(text)))
    else:
        bounds = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    out = []
    for start, end in bounds:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Paragraph(len(out), start, end, text[start:end]))
    return out


def boilerplate_lines(paragraph: Paragraph) -> list[tuple[int, int, str]]:
    """(start, end, reason) of the boilerplate lines inside a paragraph, as offsets into the text."""
    found = []
    for m in _LINE.finditer(paragraph.text):
        reason = boilerplate_reason(m.group())
        if reason:
            found.append((paragraph.start + m.start(), paragraph.start + m.end(), reason))
    return found
