"""The review queue: unreviewed claims, most check-worthy first (or newest), keyset-paginated."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.forms import QueueFilterForm
from claims.models import ClaimStatus
from claims.permissions import check_user_can_read
from claims.selectors import claims as claim_selectors
from claims.selectors import tracking as tracking_selectors
from claims.selectors.articles import outlet_list
from claims.views.common import export_urls, speaker_filter_id

PAGE_SIZE = 25


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    check_user_can_read(request.user)
    form = QueueFilterForm(request.GET or None, outlets=outlet_list(user=request.user))
    data = form.cleaned_data if form.is_valid() else {}
    filters = {
        "speaker_id": speaker_filter_id(user=request.user, text=data.get("speaker") or ""),
        "outlet_id": data["outlet"].pk if data.get("outlet") else None,
        "date_from": data.get("date_from"),
        "date_to": data.get("date_to"),
        "suggested_status": data.get("suggested_status") or None,
    }
    order = data.get("order") or "worthy"
    page = claim_selectors.claim_review_queue(
        user=request.user, cursor=request.GET.get("cursor"), limit=PAGE_SIZE, order=order, **filters
    )
    counts = claim_selectors.claim_status_counts(
        claims=claim_selectors.claim_queue_filter(user=request.user, status=None, **filters)
    )
    exports = export_urls(
        "claims",
        {
            "status": ClaimStatus.UNREVIEWED,
            "speaker": filters["speaker_id"],
            "outlet": filters["outlet_id"],
            "date_from": filters["date_from"],
            "date_to": filters["date_to"],
            "suggested_status": filters["suggested_status"],
        },
    )
    repeats = []
    if data.get("repeats_first") and not request.GET.get("cursor"):
        repeats = list(tracking_selectors.claim_repeat_list(user=request.user, **filters)[:PAGE_SIZE])
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "statuses": ClaimStatus.choices,
        "exports": exports,
        "repeats": repeats,
        "order": order,
    }
    return render(request, "claims/review_queue.html", context)
