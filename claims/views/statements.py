"""Editors' corrections: a statement's speaker and span, rejecting it, adding a missed one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from claims.forms import SpanForm, SpeakerChoiceForm, StatementAddForm
from claims.models import Speaker, Statement
from claims.permissions import check_user_can_correct_statements
from claims.selectors import statements as statement_selectors
from claims.selectors.articles import article_detail_list
from claims.services import statement_add, statement_adjust_span, statement_correct_speaker, statement_reject
from claims.views.common import form_add_service_errors


def _statement_or_404(request: HttpRequest, statement_id: int) -> Statement:
    return get_object_or_404(statement_selectors.statement_list(user=request.user), pk=statement_id)


def _article_speakers(article_id: int) -> QuerySet[Speaker]:
    return Speaker.objects.filter(statements__article_id=article_id).distinct().order_by("name")


def _to_article(statement: Statement) -> HttpResponse:
    return redirect(reverse("article_detail", args=[statement.article_id]) + f"#statement-{statement.pk}")


def _render_correct(request: HttpRequest, statement: Statement, *, speaker_form=None, span_form=None, status=200):
    speakers = _article_speakers(statement.article_id)
    context = {
        "statement": statement,
        "speaker_form": speaker_form or SpeakerChoiceForm(initial={"speaker": statement.speaker_id}, speakers=speakers),
        "span_form": span_form or SpanForm(initial={"start": statement.start, "end": statement.end}),
    }
    return render(request, "claims/statement_correct.html", context, status=status)


@login_required
def statement_correct(request: HttpRequest, statement_id: int) -> HttpResponse:
    check_user_can_correct_statements(request.user)
    return _render_correct(request, _statement_or_404(request, statement_id))


@login_required
@require_POST
def statement_speaker(request: HttpRequest, statement_id: int) -> HttpResponse:
    check_user_can_correct_statements(request.user)
    statement = _statement_or_404(request, statement_id)
    form = SpeakerChoiceForm(request.POST, speakers=Speaker.objects.all())
    if form.is_valid():
        try:
            statement_correct_speaker(
                statement=statement,
                speaker=form.cleaned_data["speaker"],
                speaker_name=form.cleaned_data["speaker_name"],
                by=request.user,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Speaker changed to {statement.speaker.name}.")
            return _to_article(statement)
    return _render_correct(request, statement, speaker_form=form, status=422)


@login_required
@require_POST
def statement_span(request: HttpRequest, statement_id: int) -> HttpResponse:
    check_user_can_correct_statements(request.user)
    statement = _statement_or_404(request, statement_id)
    form = SpanForm(request.POST)
    if form.is_valid():
        try:
            statement_adjust_span(
                statement=statement, start=form.cleaned_data["start"], end=form.cleaned_data["end"], by=request.user
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Statement span adjusted.")
            return _to_article(statement)
    return _render_correct(request, statement, span_form=form, status=422)


@login_required
@require_POST
def statement_reject_view(request: HttpRequest, statement_id: int) -> HttpResponse:
    check_user_can_correct_statements(request.user)
    statement = _statement_or_404(request, statement_id)
    statement_reject(statement=statement, by=request.user)
    messages.success(request, "Statement removed; re-extraction will not bring it back.")
    return redirect("article_detail", article_id=statement.article_id)


@login_required
def statement_add_view(request: HttpRequest, article_id: int) -> HttpResponse:
    check_user_can_correct_statements(request.user)
    article = get_object_or_404(article_detail_list(user=request.user), pk=article_id)
    form = StatementAddForm(request.POST or None, speakers=Speaker.objects.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            statement = statement_add(
                article=article,
                start=data["start"],
                end=data["end"],
                text=data["text"],
                speaker=data["speaker"],
                speaker_name=data["speaker_name"],
                kind=data["kind"],
                cue=data["cue"],
                by=request.user,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Statement added.")
            return _to_article(statement)
    if request.method == "GET":
        form = StatementAddForm(speakers=_article_speakers(article.pk), initial=request.GET.dict())
    status = 422 if request.method == "POST" else 200
    return render(request, "claims/statement_add.html", {"article": article, "form": form}, status=status)
