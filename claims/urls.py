from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path

from claims.permissions import check_user_can_read
from claims.views import (
    articles,
    claims,
    integrations,
    outlets,
    public,
    queue,
    search,
    speakers,
    statements,
    tracking,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    check_user_can_read(request.user)
    return redirect("article_list")


urlpatterns = [
    path("", home, name="home"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/add/", articles.article_add, name="article_add"),
    path("articles/<int:article_id>/", articles.article_detail, name="article_detail"),
    path("articles/<int:article_id>/status/", articles.article_status, name="article_status"),
    path("articles/<int:article_id>/reextract/", articles.article_reextract_view, name="article_reextract"),
    path("claims/<int:claim_id>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/review/", claims.claim_review, name="claim_review"),
    path("claims/<int:claim_id>/publish/", claims.claim_publish_view, name="claim_publish"),
    path("fact-checks/<int:claim_id>/", public.fact_check, name="fact_check"),
    path("claims/<int:claim_id>/merge/", tracking.claim_merge_view, name="claim_merge"),
    path("matches/<int:match_id>/confirm/", tracking.match_confirm, name="match_confirm"),
    path("matches/<int:match_id>/reject/", tracking.match_reject, name="match_reject"),
    path("review/", queue.review_queue, name="review_queue"),
    path("search/", search.search, name="search"),
    path("search/speakers/", search.speaker_suggest, name="speaker_suggest"),
    path("speakers/", speakers.speaker_list, name="speaker_list"),
    path("speakers/<slug:slug>/", speakers.speaker_detail, name="speaker_detail"),
    path("speakers/<slug:slug>/merge/", speakers.speaker_merge_view, name="speaker_merge"),
    path("speakers/<slug:slug>/aliases/", speakers.speaker_alias_add_view, name="speaker_alias_add"),
    path("statements/<int:statement_id>/correct/", statements.statement_correct, name="statement_correct"),
    path("statements/<int:statement_id>/speaker/", statements.statement_speaker, name="statement_speaker"),
    path("statements/<int:statement_id>/span/", statements.statement_span, name="statement_span"),
    path("statements/<int:statement_id>/split/", tracking.statement_split_view, name="statement_split"),
    path("statements/<int:statement_id>/reject/", statements.statement_reject_view, name="statement_reject"),
    path("articles/<int:article_id>/statements/add/", statements.statement_add_view, name="statement_add"),
    path("outlets/", outlets.outlet_list, name="outlet_list"),
    path("outlets/add/", outlets.outlet_add, name="outlet_add"),
    path("outlets/<int:outlet_id>/", outlets.outlet_detail, name="outlet_detail"),
    path("outlets/<int:outlet_id>/feeds/", outlets.feed_add_view, name="feed_add"),
    path("feeds/<int:feed_id>/resume/", outlets.feed_resume_view, name="feed_resume"),
    path("integrations/webhooks/", integrations.webhook_endpoints, name="webhook_endpoints"),
]
