"""Editors' answers on which statements make a claim: possible matches, split, merge."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from claims.forms import ClaimMergeForm
from claims.models import ClaimMatch, Statement
from claims.permissions import check_user_can_link_claims
from claims.selectors import claims as claim_selectors
from claims.selectors import statements as statement_selectors
from claims.selectors import tracking as tracking_selectors
from claims.services.tracking import claim_match_confirm, claim_match_reject, claim_merge, statement_split
from claims.views.claims import claim_or_404, render_claim


def _claim_url(claim_id: int, statement: Statement | None) -> str:
    url = reverse("claim_detail", args=[claim_id])
    return f"{url}?statement={statement.pk}" if statement else url


def _match_or_404(request: HttpRequest, match_id: int) -> ClaimMatch:
    match = tracking_selectors.claim_match_get(user=request.user, match_id=match_id)
    if match is None:
        raise Http404
    return match


def _after_answer(request: HttpRequest, match: ClaimMatch) -> HttpResponse:
    statement = statement_selectors.statement_get(user=request.user, statement_id=match.statement_id or 0)
    if statement is None:
        return redirect("claim_detail", match.claim_id)
    if request.htmx:
        return render_claim(request, statement.claim, statement)
    return redirect(_claim_url(statement.claim_id, statement))


def _answer(request: HttpRequest, match_id: int, service: Callable[..., ClaimMatch]) -> HttpResponse:
    check_user_can_link_claims(request.user)
    match = _match_or_404(request, match_id)
    try:
        service(match=match, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Joined to the earlier claim." if service is claim_match_confirm else "Kept apart.")
    return _after_answer(request, match)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def match_confirm(request: HttpRequest, match_id: int) -> HttpResponse:
    return _answer(request, match_id, claim_match_confirm)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def match_reject(request: HttpRequest, match_id: int) -> HttpResponse:
    return _answer(request, match_id, claim_match_reject)


@login_required
@require_POST
def statement_split_view(request: HttpRequest, statement_id: int) -> HttpResponse:
    check_user_can_link_claims(request.user)
    statement = statement_selectors.statement_get(user=request.user, statement_id=statement_id)
    if statement is None:
        raise Http404
    try:
        claim = statement_split(statement=statement, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_claim_url(statement.claim_id, statement))
    messages.success(request, "Split off onto its own claim.")
    return redirect(_claim_url(claim.pk, statement))


@login_required
@require_POST
def claim_merge_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    check_user_can_link_claims(request.user)
    claim = claim_or_404(request, claim_id)
    form = ClaimMergeForm(request.POST)
    if form.is_valid():
        other = claim_selectors.claim_get(user=request.user, claim_id=form.cleaned_data["other"])
        if other is None:
            form.add_error("other", "No such claim.")
        else:
            try:
                claim_merge(claim=other, into=claim, by=request.user)
            except ValidationError as exc:
                form.add_error("other", exc.messages)
            else:
                messages.success(request, f"Merged claim {form.cleaned_data['other']} into this one.")
                return redirect("claim_detail", claim.pk)
    return render_claim(request, claim, None, merge_form=form, status=422)
