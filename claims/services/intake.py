"""Article intake: sources' ingestion, then extraction queued for a new article.

Every way in (the web form, the API, `manage.py ingest`, `demo_setup`) calls `article_intake`, so a
new article is always queued, and sources itself never needs to know that extraction exists.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser

from claims.services.outbox import article_enqueue_extraction
from sources.models import Article
from sources.services import IngestResult, article_ingest, article_ingest_upload, article_ingest_url


def _enqueue(article: Article) -> None:
    article_enqueue_extraction(article=article)


def article_intake(
    *,
    raw: str | None = None,
    data: bytes | None = None,
    filename: str = "",
    fetch: bool = False,
    url: str = "",
    title: str = "",
    outlet_name: str = "",
    byline: str = "",
    published: str | dt.date | dt.datetime | None = None,
    by: AbstractBaseUser | None = None,
) -> IngestResult:
    """Store an article from pasted `raw` text, uploaded `data` (with its `filename`) or, with
    `fetch`, the page at `url`; a new article is queued for extraction once the store commits.

    `url` is the article's address in every case (fetched only with `fetch`). Text already stored
    returns that article with `created=False` and queues nothing. Raises IngestError (a message for
    the user) for empty, oversized, binary or unfetchable input; nothing is stored then.
    """
    fields = {
        "title": title,
        "outlet_name": outlet_name,
        "byline": byline,
        "published": published,
        "by": by,
        "on_created": _enqueue,
    }
    if data is not None:
        return article_ingest_upload(data=data, filename=filename, url=url, **fields)
    if fetch:
        return article_ingest_url(url=url, **fields)
    return article_ingest(raw=raw or "", url=url, **fields)
