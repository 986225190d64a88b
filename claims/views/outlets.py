"""Outlets and their feeds: the list, an outlet's page with each feed's state, adding feeds (editors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from claims.permissions import check_user_can_manage_feeds, check_user_can_read
from claims.services.feeds import feed_follow
from sources.feeds import selectors
from sources.feeds.services import FeedError, feed_resume, outlet_create
from sources.forms import FeedAddForm, OutletAddForm
from sources.models import Feed, Outlet

PAGE_SIZE = 50


def _render_list(request: HttpRequest, *, form: OutletAddForm | None = None, status: int = 200) -> HttpResponse:
    page = Paginator(selectors.outlet_list_with_counts(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "form": form or OutletAddForm()}
    return render(request, "claims/outlet_list.html", context, status=status)


@login_required
@require_GET
def outlet_list(request: HttpRequest) -> HttpResponse:
    check_user_can_read(request.user)
    return _render_list(request)


@login_required
@require_POST
def outlet_add(request: HttpRequest) -> HttpResponse:
    check_user_can_manage_feeds(request.user)
    form = OutletAddForm(request.POST)
    if form.is_valid():
        try:
            outlet = outlet_create(name=form.cleaned_data["name"], domain=form.cleaned_data["domain"])
        except FeedError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, f"{outlet.name} added; add its feeds here.")
            return redirect("outlet_detail", outlet_id=outlet.pk)
    return _render_list(request, form=form, status=422)


def _render_outlet(request: HttpRequest, outlet: Outlet, *, form: FeedAddForm | None = None, status: int = 200):
    context = {
        "outlet": outlet,
        "feeds": selectors.outlet_feeds(outlet=outlet),
        "items": selectors.outlet_recent_items(outlet=outlet),
        "form": form or FeedAddForm(),
    }
    return render(request, "claims/outlet_detail.html", context, status=status)


@login_required
@require_GET
def outlet_detail(request: HttpRequest, outlet_id: int) -> HttpResponse:
    check_user_can_read(request.user)
    return _render_outlet(request, get_object_or_404(Outlet, pk=outlet_id))


@login_required
@require_POST
def feed_add_view(request: HttpRequest, outlet_id: int) -> HttpResponse:
    check_user_can_manage_feeds(request.user)
    outlet = get_object_or_404(Outlet, pk=outlet_id)
    form = FeedAddForm(request.POST)
    if form.is_valid():
        try:
            feed_follow(
                outlet=outlet, url=form.cleaned_data["url"], interval_minutes=form.cleaned_data["interval_minutes"]
            )
        except FeedError as exc:
            form.add_error("url", str(exc))
        else:
            messages.success(request, "Feed added; it is being polled now.")
            return redirect("outlet_detail", outlet_id=outlet.pk)
    return _render_outlet(request, outlet, form=form, status=422)


@login_required
@require_POST
def feed_resume_view(request: HttpRequest, feed_id: int) -> HttpResponse:
    check_user_can_manage_feeds(request.user)
    feed = get_object_or_404(Feed, pk=feed_id)
    feed_resume(feed=feed)
    messages.success(request, "Feed resumed; it will be polled within a minute.")
    return redirect("outlet_detail", outlet_id=feed.outlet_id)
