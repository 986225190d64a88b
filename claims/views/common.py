import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.urls import reverse
from django.utils.functional import cached_property

from claims.models import Speaker, SpeakerAlias
from claims.selectors import speakers as speaker_selectors
from claims.services import normalize_name
from sources.counting import COUNT_CAP, capped_count

NOBODY = -1  # a speaker filter that names no one matches nothing, not everything


class CappedPaginator(Paginator):
    """A Paginator that counts at most COUNT_CAP rows (sources/counting.py): `count` stops there,
    `capped` says there are more, and no page past the cap is offered. A QuerySet is counted with
    one bounded query; a list by its length."""

    cap = COUNT_CAP

    @cached_property
    def total(self) -> int:
        rows = self.object_list
        return capped_count(rows, cap=self.cap) if isinstance(rows, QuerySet) else len(rows)

    @cached_property
    def count(self) -> int:
        return min(self.total, self.cap)

    @property
    def capped(self) -> bool:
        return self.total > self.cap


def speaker_from_text(*, user: AbstractBaseUser | AnonymousUser, text: str) -> Speaker | None:
    """The speaker a filter box names: a slug, else the best alias match."""
    text = text.strip()
    if not text:
        return None
    exact = speaker_selectors.speaker_get(user=user, slug=text)
    if exact is not None:
        return exact
    found = speaker_selectors.speaker_search(user=user, query=text, limit=1)
    return found[0] if found else None


def speaker_exact(*, user: AbstractBaseUser | AnonymousUser, text: str) -> Speaker | None:
    """The one speaker a slug or an exact name form names; never a fuzzy guess (merging is final)."""
    text = text.strip()
    exact = speaker_selectors.speaker_get(user=user, slug=text) if text else None
    if exact is not None:
        return exact
    ids = set(SpeakerAlias.objects.filter(normalized=normalize_name(text)).values_list("speaker_id", flat=True)[:2])
    if len(ids) != 1:
        return None
    return speaker_selectors.speaker_list(user=user).filter(pk__in=ids).first()


def speaker_filter_id(*, user: AbstractBaseUser | AnonymousUser, text: str) -> int | None:
    if not text.strip():
        return None
    speaker = speaker_from_text(user=user, text=text)
    return speaker.pk if speaker else NOBODY


def form_add_service_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where the form has it."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for field, messages in errors.items():
        form.add_error(field if field in form.fields else None, messages)


def export_urls(kind: str, filters: dict[str, Any]) -> dict[str, str]:
    """The API export addresses (CSV and NDJSON) of `kind` with these page filters as its query.

    `filters` uses the export endpoints' parameter names; empty values are left out.
    """
    query = urlencode({key: _param(value) for key, value in filters.items() if value not in (None, "")})
    return {fmt: reverse(f"api-export-{kind}-{fmt}") + (f"?{query}" if query else "") for fmt in ("csv", "ndjson")}


def _param(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
