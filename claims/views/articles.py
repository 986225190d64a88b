"""Article pages: the list with live extraction status, adding, reading with statements in place."""

from dataclasses import dataclass
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh, HttpResponseStopPolling

from claims.forms import StatementAddForm
from claims.models import ClaimStatus, Speaker, Statement
from claims.permissions import check_user_can_ingest, check_user_can_read, user_can_correct_statements
from claims.selectors import articles as article_selectors
from claims.selectors import statements as statement_selectors
from claims.services import article_reextract
from claims.services.intake import article_intake
from claims.views.common import CappedPaginator
from sources.forms import ArticleAddForm, ArticleFilterForm
from sources.models import Article, ExtractionStatus
from sources.services import IngestError, IngestResult

PAGE_SIZE = 25
FINISHED = {ExtractionStatus.DONE, ExtractionStatus.FAILED}


@login_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    check_user_can_read(request.user)
    outlets = article_selectors.outlet_list(user=request.user)
    form = ArticleFilterForm(request.GET or None, outlets=outlets)
    filters = form.cleaned_data if form.is_valid() else {}
    articles = article_selectors.article_list(
        user=request.user,
        outlet_id=filters.get("outlet") and filters["outlet"].pk,
        status=filters.get("status") or None,
        query=filters.get("q") or "",
    )
    # The page's ids first, then its rows with their counts: with OFFSET, PostgreSQL computes the
    # select list's per-article counts for every skipped row too (2 s for page 400 at 10M).
    page = CappedPaginator(articles.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = articles.filter(pk__in=list(page.object_list))
    context = {"page": page, "articles": rows, "form": form, "statuses": ClaimStatus}
    return render(request, "claims/article_list.html", context)


@login_required
@require_GET
def article_status(request: HttpRequest, article_id: int) -> HttpResponse:
    """The polling status cell (or the article page's badge, `?on=article`).

    Once extraction has finished, 286 tells htmx to stop polling; the article page reloads instead,
    to show the statements.
    """
    check_user_can_read(request.user)
    article = get_object_or_404(article_selectors.article_status_list(user=request.user), pk=article_id)
    on_article = request.GET.get("on") == "article"
    if on_article and article.extraction_status in FINISHED and request.htmx:
        return HttpResponseClientRefresh()  # the article page reloads to show its statements
    template = "claims/article_detail.html#status" if on_article else "claims/article_list.html#status"
    html = render_to_string(template, {"article": article}, request=request)
    if article.extraction_status in FINISHED:
        return HttpResponseStopPolling(html)
    return HttpResponse(html)


@login_required
def article_add(request: HttpRequest) -> HttpResponse:
    check_user_can_ingest(request.user)
    form = ArticleAddForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = _ingest(form.cleaned_data, user=request.user)
        except IngestError as exc:
            form.add_error(None, str(exc))
        else:
            if result.created:
                messages.success(request, "Article added; statements are being extracted.")
            else:
                messages.info(request, "This article is already in Claimdesk; here it is.")
            return redirect("article_detail", article_id=result.article.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "claims/article_add.html", {"form": form}, status=status)


def _ingest(data: dict, *, user) -> IngestResult:
    upload = data.get("file")
    return article_intake(
        raw=data["text"],
        data=upload.read() if upload else None,
        filename=upload.name if upload else "",
        fetch=bool(data.get("fetch")),
        url=data["url"],
        title=data["title"],
        outlet_name=data["outlet"],
        published=data["published"],
        by=user,
    )


@dataclass(frozen=True)
class Segment:
    start: int
    text: str
    statement: Statement | None = None


def text_segments(text: str, statements: list[Statement]) -> list[Segment]:
    """The article text cut at statement offsets; a statement overlapping an earlier one is not marked."""
    segments: list[Segment] = []
    position = 0
    for statement in sorted(statements, key=lambda s: (s.start, s.end)):
        if statement.start < position or statement.end > len(text):
            continue
        if statement.start > position:
            segments.append(Segment(position, text[position : statement.start]))
        segments.append(Segment(statement.start, text[statement.start : statement.end], statement))
        position = statement.end
    if position < len(text):
        segments.append(Segment(position, text[position:]))
    return segments


def _article_context(request: HttpRequest, article: Article) -> dict:
    statements = list(statement_selectors.statement_list_for_article(user=request.user, article_id=article.pk))
    by_speaker = sorted(statements, key=lambda s: (s.speaker.name.casefold(), s.speaker_id, s.start))
    groups = [(speaker, list(items)) for speaker, items in groupby(by_speaker, key=lambda s: s.speaker)]
    context = {
        "article": article,
        "segments": text_segments(article.text, statements),
        "speaker_groups": groups,
        "statement_count": len(statements),
        "selected": None,
    }
    if user_can_correct_statements(request.user):
        speakers = Speaker.objects.filter(pk__in={s.speaker_id for s in statements}).order_by("name")
        context["add_form"] = StatementAddForm(speakers=speakers)
    return context


@login_required
@require_GET
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    check_user_can_read(request.user)
    article = get_object_or_404(article_selectors.article_detail_list(user=request.user), pk=article_id)
    return render(request, "claims/article_detail.html", _article_context(request, article))


@login_required
@require_POST
def article_reextract_view(request: HttpRequest, article_id: int) -> HttpResponse:
    check_user_can_ingest(request.user)
    article = get_object_or_404(article_selectors.article_detail_list(user=request.user), pk=article_id)
    article_reextract(article=article)
    messages.success(request, "Extraction queued again; editors' corrections are kept.")
    return redirect("article_detail", article_id=article.pk)
