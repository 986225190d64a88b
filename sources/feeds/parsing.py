"""Feed documents to entries: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed by hand.

Plain Python, no Django. An entry that cannot be used (no link, a broken date) is skipped with its
reason; it never costs the other entries.
"""

import calendar
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

MAX_URL_CHARS = 2000  # the longest link stored (FeedItem.url, Article.url)
TRACKING_PARAMS = {"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid"}


class FeedParseError(ValueError):
    """The document is not a feed at all; the message says why."""


@dataclass(frozen=True)
class FeedEntry:
    key: str  # SHA-256 hex of the guid, else the canonical link
    url: str  # canonical link
    title: str
    author: str
    published_at: dt.datetime | None  # aware, UTC


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[FeedEntry]
    skipped: list[str] = field(default_factory=list)  # one reason per entry left out


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no utm_* or click-id parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    default_port = {"http": 80, "https": 443}.get(scheme)
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith("utm_") and name.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def _entry_key(guid: str, url: str) -> str:
    basis = f"id:{guid.strip()}" if guid.strip() else f"url:{url}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def _entry(*, guid: str, link: str, title: str, author: str, published: dt.datetime | None, base: str) -> FeedEntry:
    link = urljoin(base, link.strip()) if (link or "").strip() else ""
    if urlsplit(link).scheme not in ("http", "https"):
        raise ValueError(f"no http(s) link ({title[:60] or guid[:60] or 'untitled'!r})")
    url = canonical_url(link)
    if len(url) > MAX_URL_CHARS:
        raise ValueError(f"link longer than {MAX_URL_CHARS} characters ({title[:60] or 'untitled'!r})")
    return FeedEntry(_entry_key(guid, url), url, title.strip()[:500], author.strip()[:300], published)


def parse_feed(body: bytes, *, content_type: str = "", base_url: str = "") -> ParsedFeed:
    """Entries of an RSS, Atom or JSON Feed document, in document order, duplicates removed.

    Raises FeedParseError when the document yields no feed at all (HTML page, broken XML with
    nothing recoverable, JSON that is not a JSON Feed).
    """
    stripped = body.lstrip()
    if "json" in content_type.lower() or stripped.startswith(b"{"):
        parsed = parse_json_feed(body, base_url=base_url)
    else:
        parsed = _parse_xml_feed(body, content_type=content_type, base_url=base_url)
    seen: set[str] = set()
    unique = [e for e in parsed.entries if not (e.key in seen or seen.add(e.key))]
    return ParsedFeed(parsed.title, unique, parsed.skipped)


def _struct_to_datetime(value) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.UTC)


def _parse_xml_feed(body: bytes, *, content_type: str, base_url: str) -> ParsedFeed:
    headers = {"content-location": base_url} if base_url else {}
    if content_type:
        headers["content-type"] = content_type
    result = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    if not result.get("version") and not result.entries:
        reason = result.get("bozo_exception") or "no RSS, Atom or JSON Feed document found"
        raise FeedParseError(f"Not a feed: {reason}")
    entries, skipped = [], []
    for raw in result.entries:
        try:
            entries.append(
                _entry(
                    guid=raw.get("id") or "",
                    link=raw.get("link") or "",
                    title=raw.get("title") or "",
                    author=(raw.get("author_detail") or {}).get("name") or raw.get("author") or "",
                    published=_struct_to_datetime(raw.get("published_parsed") or raw.get("updated_parsed")),
                    base=base_url,
                )
            )
        except (ValueError, TypeError, OverflowError) as exc:
            skipped.append(f"Entry skipped: {exc}")
    if result.bozo and not entries:
        raise FeedParseError(f"Malformed feed: {result.get('bozo_exception')}")
    return ParsedFeed(result.feed.get("title", ""), entries, skipped)


def parse_json_feed(body: bytes, *, base_url: str = "") -> ParsedFeed:
    """JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1): items with id, url, title, authors."""
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedParseError(f"Malformed JSON Feed: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith("https://jsonfeed.org/"):
        raise FeedParseError("Not a feed: JSON without a jsonfeed.org version")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedParseError("Malformed JSON Feed: 'items' is not a list")
    base = str(document.get("home_page_url") or base_url)
    entries, skipped = [], []
    for item in items:
        try:
            entries.append(_json_entry(item, base=base))
        except (ValueError, TypeError, AttributeError) as exc:
            skipped.append(f"Entry skipped: {exc}")
    return ParsedFeed(str(document.get("title") or ""), entries, skipped)


def _json_entry(item: dict, *, base: str) -> FeedEntry:
    if not isinstance(item, dict):
        raise ValueError("item is not an object")
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    names = [str(a.get("name", "")).strip() for a in authors if isinstance(a, dict)]
    published = item.get("date_published") or item.get("date_modified")
    return _entry(
        guid=str(item.get("id") or ""),
        link=str(item.get("url") or item.get("external_url") or ""),
        title=str(item.get("title") or ""),
        author=", ".join(name for name in names if name),
        published=_rfc3339(published) if published else None,
        base=base,
    )


def _rfc3339(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)
