"""Ingestion: one path for pasted text, uploaded files, URLs, the command line and the API."""

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from sources import cleaning
from sources.fetching import FetchError, fetch_url
from sources.models import Article, Outlet

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
_WORDS = re.compile(r"\w+")


class IngestError(ValueError):
    """Input that cannot become an article; the message is shown to the user as is."""


@dataclass(frozen=True)
class IngestResult:
    article: Article
    created: bool


def decode_upload(*, data: bytes, filename: str) -> tuple[str, bool]:
    """Text of an uploaded file and whether it is HTML; refuses binary, undecodable or unknown files."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        allowed = ", ".join(sorted(TEXT_SUFFIXES | HTML_SUFFIXES))
        raise IngestError(f"Unsupported file type {suffix or '(none)'!r}; upload one of {allowed}.")
    _check_size(len(data))
    if b"\x00" in data[:8192]:
        raise IngestError("The file looks binary, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError("The file is not valid UTF-8 text.") from None
    return text, suffix in HTML_SUFFIXES


def _check_size(size: int) -> None:
    if size > settings.INGEST_MAX_BYTES:
        limit_kb = settings.INGEST_MAX_BYTES // 1024
        raise IngestError(f"The article is larger than the {limit_kb} KB limit.")


def parse_published(value: str | dt.date | dt.datetime | None) -> dt.datetime | None:
    """A publication date from a datetime, a date or an ISO string; naive values are in UTC."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value.strip()) or parse_date(value.strip())
        if parsed is None:
            raise IngestError(f"{value!r} is not a date; use YYYY-MM-DD or an ISO 8601 date-time.")
        value = parsed
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def content_hash(text: str) -> str:
    """Same words, same article: white space and case do not make a new one."""
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def outlet_get_or_create(*, name: str, domain: str = "") -> Outlet | None:
    name = name.strip()
    if not name:
        return None
    outlet, _ = Outlet.objects.get_or_create(name=name, defaults={"domain": domain})
    return outlet


def article_ingest(
    *,
    raw: str,
    is_html: bool = False,
    title: str = "",
    outlet_name: str = "",
    url: str = "",
    byline: str = "",
    published: str | dt.date | dt.datetime | None = None,
    by: AbstractBaseUser | None = None,
    on_created: Callable[[Article], None] | None = None,
) -> IngestResult:
    """Clean and store an article; an article already stored is returned as is.

    `on_created(article)` runs inside the transaction that stores a new article (the layer above
    queues extraction there), so a failure in it stores nothing. Raises IngestError for bad input.
    """
    _check_size(len(raw.encode("utf-8")))
    if not raw.strip():
        raise IngestError("The article is empty.")
    cleaned = cleaning.clean_html(raw) if is_html or cleaning.looks_like_html(raw) else cleaning.clean_plain_text(raw)
    if not cleaned.text.strip():
        raise IngestError("No article text was left after removing page boilerplate.")
    published_at = parse_published(published or cleaned.published or None)
    digest = content_hash(cleaned.text)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing:
        return IngestResult(article=existing, created=False)
    domain = (urlsplit(url).hostname or "") if url else ""
    article = Article(
        outlet=None,
        url=url,
        title=(title.strip() or cleaned.title or cleaning.title_from_text(cleaned.text))[:500],
        byline=(byline.strip() or cleaned.byline)[:300],
        published_at=published_at,
        raw_text=cleaning.normalise_text(raw)[0],
        text=cleaned.text,
        removed=[part.as_dict() for part in cleaned.removed],
        content_hash=digest,
        word_count=len(_WORDS.findall(cleaned.text)),
        created_by=by,
    )
    try:
        with transaction.atomic():
            article.outlet = outlet_get_or_create(name=outlet_name or domain, domain=domain)
            article.full_clean(exclude=["outlet", "created_by"])
            article.save()
            if on_created is not None:
                on_created(article)
    except IntegrityError:
        # Two requests ingested the same text at once: the other one stored it first.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return IngestResult(article=existing, created=False)
    return IngestResult(article=article, created=True)


@transaction.atomic
def article_fill_provenance(
    *, article: Article, outlet_name: str = "", published: str | dt.date | dt.datetime | None = None
) -> Article:
    """Give a stored article the outlet and publication date it lacks; values it has are kept.

    For an article ingested once without them (re-ingesting the same text returns it unchanged).
    """
    changed = []
    if article.outlet_id is None and outlet_name.strip():
        article.outlet = outlet_get_or_create(name=outlet_name)
        changed.append("outlet")
    if article.published_at is None and published:
        article.published_at = parse_published(published)
        changed.append("published_at")
    if changed:
        article.save(update_fields=[*changed, "updated_at"])
    return article


def article_ingest_upload(*, data: bytes, filename: str, **fields) -> IngestResult:
    text, is_html = decode_upload(data=data, filename=filename)
    return article_ingest(raw=text, is_html=is_html, **fields)


def article_ingest_url(*, url: str, **fields) -> IngestResult:
    """Fetch a page (size-capped, private addresses refused unless settings allow) and ingest it."""
    try:
        page = fetch_url(
            url,
            timeout=settings.INGEST_FETCH_TIMEOUT,
            max_bytes=settings.INGEST_MAX_BYTES,
            allow_private=settings.INGEST_ALLOW_PRIVATE_URLS,
        )
    except FetchError as exc:
        raise IngestError(str(exc)) from exc
    if b"\x00" in page.body[:8192]:
        raise IngestError("The page is not text.")
    charset = _charset(page.content_type)
    try:
        raw = page.body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        raw = page.body.decode("utf-8", errors="replace")
    is_html = "html" in page.content_type.lower() or cleaning.looks_like_html(raw)
    return article_ingest(raw=raw, is_html=is_html, url=page.url, **fields)


def _charset(content_type: str) -> str:
    match = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else "utf-8"
