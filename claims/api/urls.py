from django.urls import path

from claims.api.views import articles, claims, exports, matches, publishing, speakers, statements

urlpatterns = [
    path("claims/", claims.ClaimListView.as_view(), name="api-claim-list"),
    path("claims/<int:pk>/", claims.ClaimDetailView.as_view(), name="api-claim-detail"),
    path("claims/<int:pk>/history/", claims.ClaimHistoryView.as_view(), name="api-claim-history"),
    path("claims/<int:pk>/claimreview/", claims.ClaimReviewJSONLDView.as_view(), name="api-claim-claimreview"),
    path("claims/<int:pk>/publish/", publishing.ClaimPublishView.as_view(), name="api-claim-publish"),
    path("matches/<int:pk>/confirm/", matches.MatchConfirmView.as_view(), name="api-match-confirm"),
    path("matches/<int:pk>/reject/", matches.MatchRejectView.as_view(), name="api-match-reject"),
    path("exports/claims.csv", exports.ClaimCSVExportView.as_view(), name="api-export-claims-csv"),
    path("exports/claims.ndjson", exports.ClaimNDJSONExportView.as_view(), name="api-export-claims-ndjson"),
    path("exports/statements.csv", exports.StatementCSVExportView.as_view(), name="api-export-statements-csv"),
    path(
        "exports/statements.ndjson",
        exports.StatementNDJSONExportView.as_view(),
        name="api-export-statements-ndjson",
    ),
    path("statements/", statements.StatementListView.as_view(), name="api-statement-list"),
    path("statements/<int:pk>/", statements.StatementDetailView.as_view(), name="api-statement-detail"),
    path("speakers/", speakers.SpeakerListView.as_view(), name="api-speaker-list"),
    path("speakers/<int:pk>/", speakers.SpeakerDetailView.as_view(), name="api-speaker-detail"),
    path("speakers/<int:pk>/statements/", speakers.SpeakerStatementListView.as_view(), name="api-speaker-statements"),
    path("articles/", articles.ArticleListView.as_view(), name="api-article-list"),
    path("articles/<int:pk>/", articles.ArticleDetailView.as_view(), name="api-article-detail"),
    path("articles/<int:pk>/reextract/", articles.ArticleReextractView.as_view(), name="api-article-reextract"),
]
