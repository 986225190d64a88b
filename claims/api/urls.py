from django.urls import path

from claims.api.views import articles, claims, speakers, statements

urlpatterns = [
    path("claims/", claims.ClaimListView.as_view(), name="api-claim-list"),
    path("claims/<int:pk>/", claims.ClaimDetailView.as_view(), name="api-claim-detail"),
    path("claims/<int:pk>/history/", claims.ClaimHistoryView.as_view(), name="api-claim-history"),
    path("claims/<int:pk>/claimreview/", claims.ClaimReviewJSONLDView.as_view(), name="api-claim-claimreview"),
    path("statements/", statements.StatementListView.as_view(), name="api-statement-list"),
    path("statements/<int:pk>/", statements.StatementDetailView.as_view(), name="api-statement-detail"),
    path("speakers/", speakers.SpeakerListView.as_view(), name="api-speaker-list"),
    path("speakers/<int:pk>/", speakers.SpeakerDetailView.as_view(), name="api-speaker-detail"),
    path("speakers/<int:pk>/statements/", speakers.SpeakerStatementListView.as_view(), name="api-speaker-statements"),
    path("articles/", articles.ArticleListView.as_view(), name="api-article-list"),
    path("articles/<int:pk>/", articles.ArticleDetailView.as_view(), name="api-article-detail"),
    path("articles/<int:pk>/reextract/", articles.ArticleReextractView.as_view(), name="api-article-reextract"),
]
