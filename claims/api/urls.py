from django.urls import path

from claims.api import views

urlpatterns = [
    path("claims/", views.ClaimListView.as_view(), name="api-claim-list"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="api-claim-detail"),
    path("claims/<int:pk>/history/", views.ClaimHistoryView.as_view(), name="api-claim-history"),
    path("claims/<int:pk>/claimreview/", views.ClaimReviewJSONLDView.as_view(), name="api-claim-claimreview"),
    path("statements/", views.StatementListView.as_view(), name="api-statement-list"),
    path("statements/<int:pk>/", views.StatementDetailView.as_view(), name="api-statement-detail"),
    path("speakers/", views.SpeakerListView.as_view(), name="api-speaker-list"),
    path("speakers/<int:pk>/", views.SpeakerDetailView.as_view(), name="api-speaker-detail"),
    path("speakers/<int:pk>/statements/", views.SpeakerStatementListView.as_view(), name="api-speaker-statements"),
    path("articles/", views.ArticleListView.as_view(), name="api-article-list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="api-article-detail"),
    path("articles/<int:pk>/reextract/", views.ArticleReextractView.as_view(), name="api-article-reextract"),
]
