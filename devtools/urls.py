"""Development-only routes (mounted by newsroom/urls.py only when the devtools app is installed)."""

from django.urls import path

from devtools import views

urlpatterns = [
    path("dev/api/claims-reference/", views.ClaimReferenceListView.as_view(), name="dev-claims-reference"),
    path("dev/api/claims-bare/", views.claims_bare, name="dev-claims-bare"),
]
