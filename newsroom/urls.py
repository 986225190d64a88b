from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from newsroom.auth import RateLimitedLoginView


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("api/", include("newsroom.api_urls")),
    path("", include("claims.urls")),
]
if settings.DEV_APPS:  # the benchmarks' reference views; never in production (see settings)
    urlpatterns.append(path("", include("devtools.urls")))
