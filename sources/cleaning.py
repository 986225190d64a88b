"""Reduce what a newsroom pastes, uploads or fetches to article text, recording what was dropped.

Plain Python: no Django. Statement offsets always point into `CleanedArticle.text`.
"""

import re
from dataclasses import dataclass, field

import trafilatura
from lxml import etree

from newstext.boilerplate import boilerplate_reason

# Control characters other than tab and newline never belong in article text; NUL breaks PostgreSQL.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_HTML_SNIFF = re.compile(r"<\s*(!doctype\s+html|html|head|body|article|p|div)\b", re.IGNORECASE)
_TITLE_MAX = 140
_BLOCK_TAGS = {"p", "head", "item", "list", "quote"}
# trafilatura escapes its XML itself; never resolve entities or reach the network while reading it back.
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class RemovedPart:
    text: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class CleanedArticle:
    text: str
    title: str = ""
    byline: str = ""
    published: str = ""
    removed: tuple[RemovedPart, ...] = field(default_factory=tuple)


def looks_like_html(raw: str) -> bool:
    return bool(_HTML_SNIFF.search(raw[:5000]))


def normalise_text(raw: str) -> tuple[str, list[RemovedPart]]:
    """Unify line endings and drop control characters (NUL included), recording that it happened."""
    removed: list[RemovedPart] = []
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    controls = _CONTROL_CHARS.findall(text)
    if controls:
        text = _CONTROL_CHARS.sub("", text)
        removed.append(RemovedPart(text=f"{len(controls)} control character(s)", reason="control characters"))
    return text, removed


def clean_plain_text(raw: str) -> CleanedArticle:
    """Split into paragraphs, drop page boilerplate (section labels, player notices, durations...)."""
    text, removed = normalise_text(raw)
    kept: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        lines = [line.strip() for line in paragraph.strip().split("\n")]
        kept_lines = []
        for line in lines:
            if not line:
                continue
            reason = boilerplate_reason(line)
            if reason:
                removed.append(RemovedPart(text=line, reason=reason))
            else:
                kept_lines.append(line)
        if kept_lines:
            kept.append("\n".join(kept_lines))
    return CleanedArticle(text="\n\n".join(kept), removed=tuple(removed))


def clean_html(raw: str) -> CleanedArticle:
    """Article text from a web page with trafilatura, then the same boilerplate pass as plain text.

    The page's blocks (headings, paragraphs, lists, block quotes) stay apart, one blank line between
    them, so a headline never runs into the first sentence of the story.
    """
    extracted = trafilatura.extract(
        raw,
        output_format="xml",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        # trafilatura's deduplication remembers text across calls in the process: the fourth copy
        # of a wire story (or a page fetched again) came out empty instead of matching its hash.
        deduplicate=False,
    )
    metadata = trafilatura.extract_metadata(raw)
    body = clean_plain_text(_blocks_text(extracted) if extracted else "")
    removed = (RemovedPart(text="page markup, navigation and scripts", reason="html boilerplate"), *body.removed)
    return CleanedArticle(
        text=body.text,
        title=(metadata.title or "").strip() if metadata else "",
        byline=(metadata.author or "").strip() if metadata else "",
        published=(metadata.date or "") if metadata else "",
        removed=removed,
    )


def _blocks_text(xml: str) -> str:
    """Plain text of trafilatura's XML output: one block a paragraph, list items and line breaks on lines."""
    root = etree.fromstring(xml.encode("utf-8"), parser=_XML_PARSER)
    main = root.find("main")
    if main is None:
        return ""
    blocks = []
    for block in main:
        if block.tag == "list":
            text = "\n".join(_inline_text(item) for item in block.iter("item"))
        else:
            text = _inline_text(block)
        if text.strip():
            blocks.append(text.strip())
    return "\n\n".join(blocks)


def _inline_text(element: etree._Element) -> str:
    parts = []
    for node in element.iter():
        if node.tag == "lb":
            parts.append("\n")
        elif node is not element and node.tag in _BLOCK_TAGS:
            parts.append("\n")  # a paragraph or item nested in a quote or list item starts a line
        parts.append(node.text or "")
        if node is not element:
            parts.append(node.tail or "")
    return "".join(parts)


def title_from_text(text: str) -> str:
    """The first real sentence of the cleaned text, cut at a word boundary."""
    first_paragraph = text.strip().split("\n", 1)[0] if text.strip() else ""
    sentence = re.split(r"(?<=[.!?”\"])\s", first_paragraph, maxsplit=1)[0].strip()
    if len(sentence) <= _TITLE_MAX:
        return sentence
    return sentence[:_TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;:–-") + "…"
