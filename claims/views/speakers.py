"""Speakers: the list (by name or contested claims), a page per speaker with their track record and
every statement, merging and aliases (editors)."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims.forms import AliasForm, MergeForm
from claims.models import ClaimStatus, Speaker
from claims.permissions import check_user_can_correct_statements, check_user_can_read
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors
from claims.selectors import track_record
from claims.services import speaker_alias_add, speaker_merge
from claims.views.charts import verdict_chart
from claims.views.common import CappedPaginator, form_add_service_errors, speaker_exact

PAGE_SIZE = 50
STATEMENTS_PER_PAGE = 25


def _speaker_or_404(request: HttpRequest, slug: str) -> Speaker:
    return get_object_or_404(speaker_selectors.speaker_list(user=request.user), slug=slug)


@login_required
@require_GET
def speaker_list(request: HttpRequest) -> HttpResponse:
    check_user_can_read(request.user)
    query = request.GET.get("q", "").strip()
    sort = request.GET.get("sort") if request.GET.get("sort") in track_record.SPEAKER_SORTS else "name"
    speakers = speaker_selectors.speaker_list(user=request.user)
    if query:
        speakers = speakers.filter(name__icontains=query)
    speakers = track_record.speaker_list_sorted(speakers=speakers, sort=sort)
    page = CappedPaginator(speakers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "claims/speaker_list.html", {"page": page, "query": query, "sort": sort})


def _render_speaker(request: HttpRequest, speaker: Speaker, *, merge_form=None, alias_form=None, status=200):
    record = track_record.speaker_record(user=request.user, speaker=speaker)
    context = {
        "speaker": speaker,
        "page": statement_selectors.speaker_statement_page(
            user=request.user, speaker=speaker, cursor=request.GET.get("cursor"), limit=STATEMENTS_PER_PAGE
        ),
        "statement_count": record.statements,
        "counts": record.counts,
        "tally": record.tally,
        "chart": verdict_chart(record.tally),
        "chart_key": _chart_key(speaker, record.tally),
        "repeated": record.repeated,
        "outlets": record.outlets,
        "statuses": ClaimStatus.choices,
        "merge_form": merge_form or MergeForm(),
        "alias_form": alias_form or AliasForm(),
    }
    return render(request, "claims/speaker_detail.html", context, status=status)


def _chart_key(speaker: Speaker, tally: list[track_record.MonthTally]) -> str:
    """The rendered chart and its table depend on these alone: a key that changes when any figure
    does, so the cached fragment is never stale (a 190-month chart is ~20 ms of template rendering)."""
    figures = [(m.month.isoformat(), sorted(m.counts.items()), m.total) for m in tally]
    return hashlib.sha256(repr((speaker.name, figures)).encode()).hexdigest()


@login_required
@require_GET
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    check_user_can_read(request.user)
    return _render_speaker(request, _speaker_or_404(request, slug))


@login_required
@require_POST
def speaker_merge_view(request: HttpRequest, slug: str) -> HttpResponse:
    check_user_can_correct_statements(request.user)
    source = _speaker_or_404(request, slug)
    form = MergeForm(request.POST)
    if form.is_valid():
        target = speaker_exact(user=request.user, text=form.cleaned_data["target"])
        if target is None:
            form.add_error("target", "No single speaker has exactly that name or slug.")
        else:
            try:
                speaker_merge(source=source, target=target, by=request.user)
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, f"{source.name} merged into {target.name}.")
                return redirect("speaker_detail", slug=target.slug)
    return _render_speaker(request, source, merge_form=form, status=422)


@login_required
@require_POST
def speaker_alias_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    check_user_can_correct_statements(request.user)
    speaker = _speaker_or_404(request, slug)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            speaker_alias_add(speaker=speaker, name=form.cleaned_data["name"], by=request.user)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Alias added.")
            return redirect("speaker_detail", slug=speaker.slug)
    return _render_speaker(request, speaker, alias_form=form, status=422)
