"""A claim: its speaker, suggestion, history, other appearances, and the editor's review form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import trigger_client_event

from claims.forms import ClaimMergeForm, PublishForm, ReviewForm
from claims.models import Claim, Statement
from claims.permissions import (
    check_user_can_publish_claims,
    check_user_can_read,
    check_user_can_review_claims,
    user_can_link_claims,
    user_can_sign_off,
)
from claims.selectors import claims as claim_selectors
from claims.selectors import statements as statement_selectors
from claims.selectors import tracking as tracking_selectors
from claims.selectors.publishing import claim_publication_state
from claims.services import ClaimConflict, claim_fingerprint, claim_publish, claim_set_status
from claims.views.common import form_add_service_errors

APPEARANCES_SHOWN = 20


def claim_or_404(request: HttpRequest, claim_id: int) -> Claim:
    return get_object_or_404(claim_selectors.claim_list(user=request.user), pk=claim_id)


def _statement_for(request: HttpRequest, claim: Claim, raw: str | None) -> Statement | None:
    """The statement the claim was opened from (?statement=), if it is one of the claim's."""
    if not raw or not raw.isdigit():
        return None
    statement = statement_selectors.statement_get(user=request.user, statement_id=int(raw))
    return statement if statement is not None and statement.claim_id == claim.pk else None


def _own_words(claim: Claim, statement: Statement) -> bool:
    return statement.speaker_id == claim.speaker_id and claim_fingerprint(statement.content) == claim.fingerprint


def render_claim(
    request: HttpRequest,
    claim: Claim,
    statement: Statement | None,
    *,
    form: ReviewForm | None = None,
    conflict: ClaimConflict | None = None,
    merge_form: ClaimMergeForm | None = None,
    status: int = 200,
    publish_error: str = "",
) -> HttpResponse:
    """The claim page, or its panel for htmx: verdict, said before, possible matches, history."""
    appearances = list(
        claim_selectors.claim_appearance_list(
            user=request.user, claim=claim, exclude_article_id=statement.article_id if statement else None
        )[:APPEARANCES_SHOWN]
    )
    reviews = list(claim_selectors.claim_review_list(claim=claim))
    latest = reviews[0] if reviews else None
    context = {
        "claim": claim,
        "statement": statement,
        "reviews": reviews,
        "publication": claim_publication_state(claim=claim, latest_review=latest),
        "can_sign_off": latest is not None and latest.signed_off_at is None and user_can_sign_off(request.user, latest),
        "publish_form": PublishForm(initial={"expected_version": claim.version}, auto_id="publish_%s"),
        "appearances": appearances,
        # A verdict already given, and where the claim was said before this statement.
        "said_before": [a for a in appearances if statement and a.published_at <= statement.published_at],
        "open_matches": tracking_selectors.claim_open_matches(user=request.user, claim=claim, statement=statement),
        "can_link": user_can_link_claims(request.user),
        "can_split": bool(statement) and user_can_link_claims(request.user) and not _own_words(claim, statement),
        "merge_form": merge_form or ClaimMergeForm(),
        "form": form or ReviewForm(initial={"status": claim.status, "expected_version": claim.version}),
        "conflict": conflict,
        "publish_error": publish_error,
    }
    template = "claims/claim_detail.html#panel" if request.htmx else "claims/claim_detail.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    check_user_can_read(request.user)
    claim = claim_or_404(request, claim_id)
    return render_claim(request, claim, _statement_for(request, claim, request.GET.get("statement")))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def claim_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    check_user_can_review_claims(request.user)
    claim = claim_or_404(request, claim_id)
    statement = _statement_for(request, claim, request.POST.get("statement"))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, statement, form=form, status=422)
    try:
        claim_set_status(
            claim=claim,
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            evidence=form.evidence(),
            by=request.user,
            expected_version=form.cleaned_data["expected_version"],
        )
    except ClaimConflict as conflict:
        # Keep what this editor typed, but at the version they have now seen, so saving again is
        # a deliberate choice over the other editor's change rather than a silent overwrite.
        data = request.POST.copy()
        data["expected_version"] = str(conflict.current.version)
        return render_claim(request, conflict.current, statement, form=ReviewForm(data), conflict=conflict, status=409)
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return render_claim(request, claim, statement, form=form, status=422)
    if request.htmx:
        messages.success(request, f"Marked {claim.get_status_display().lower()}.")
        response = render_claim(request, claim, statement)
        return trigger_client_event(response, "claimStatusChanged", {"claim": claim.pk, "status": claim.status})
    messages.success(request, f"Marked {claim.get_status_display().lower()}.")
    url = reverse("claim_detail", args=[claim.pk])
    return redirect(f"{url}?statement={statement.pk}" if statement else url)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def claim_publish_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Sign off the draft verdict the editor saw; a second editor unless the setting says otherwise."""
    check_user_can_publish_claims(request.user)
    claim = claim_or_404(request, claim_id)
    statement = _statement_for(request, claim, request.POST.get("statement"))
    form = PublishForm(request.POST)
    if not form.is_valid():
        return render_claim(request, claim, statement, status=422, publish_error="Reload the claim and try again.")
    try:
        claim_publish(claim=claim, by=request.user, expected_version=form.cleaned_data["expected_version"])
    except ClaimConflict as conflict:
        return render_claim(request, conflict.current, statement, status=409, publish_error=str(conflict))
    except ValidationError as exc:
        return render_claim(request, claim, statement, status=422, publish_error=" ".join(exc.messages))
    messages.success(request, "Signed off and published.")
    if request.htmx:
        return render_claim(request, claim, statement)
    url = reverse("claim_detail", args=[claim.pk])
    return redirect(f"{url}?statement={statement.pk}" if statement else url)
