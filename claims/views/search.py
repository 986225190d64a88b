"""Search: speakers by any alias as you type, statements by words and filters."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from claims.forms import SearchForm
from claims.models import Statement
from claims.permissions import check_user_can_read
from claims.selectors import speakers as speaker_selectors
from claims.selectors import statements as statement_selectors
from claims.selectors.articles import outlet_list
from claims.views.common import CappedPaginator, export_urls, speaker_filter_id

PAGE_SIZE = 20


@login_required
@require_GET
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    check_user_can_read(request.user)
    form = SearchForm(request.GET or None, outlets=outlet_list(user=request.user))
    data = form.cleaned_data if form.is_valid() else {}
    query = data.get("q") or ""
    searched = bool(request.GET) and form.is_valid()
    page = exports = None
    window_full = False
    results: list[Statement] = []
    if searched:
        filters = {
            "speaker_id": speaker_filter_id(user=request.user, text=data.get("speaker") or ""),
            "status": data.get("status") or None,
            "outlet_id": data["outlet"].pk if data.get("outlet") else None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        ids = statement_selectors.statement_search_ids(user=request.user, query=query, **filters)
        page = CappedPaginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
        # PostgreSQL ranks the newest SEARCH_RANK_WINDOW matches: when the window is full, say so.
        window_full = isinstance(ids, list) and len(ids) >= statement_selectors.SEARCH_RANK_WINDOW
        results = statement_selectors.statement_results(user=request.user, ids=list(page.object_list))
        exports = export_urls(
            "statements",
            {
                "q": query,
                "speaker": filters["speaker_id"],
                "status": filters["status"],
                "outlet": filters["outlet_id"],
                "date_from": filters["date_from"],
                "date_to": filters["date_to"],
            },
        )
    context = {
        "form": form,
        "query": query,
        "page": page,
        "results": results,
        "window_full": window_full,
        "exports": exports,
        # The results do not wait for the typo-tolerant speaker lookup: the page fetches the
        # matching speakers from speaker_suggest once it has loaded (htmx).
        "speakers_pending": bool(query),
    }
    template = "claims/search.html#results" if request.htmx else "claims/search.html"
    return render(request, template, context)


@login_required
@require_GET
def speaker_suggest(request: HttpRequest) -> HttpResponse:
    """Speakers matching the search box so far (typo-tolerant); an htmx fragment."""
    check_user_can_read(request.user)
    query = request.GET.get("q", "")[:300]
    speakers = speaker_selectors.speaker_search(user=request.user, query=query) if query.strip() else []
    return render(request, "claims/search.html#speakers", {"speakers": speakers, "query": query})
