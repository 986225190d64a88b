from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path
from django.views import defaults

from claims.api.exceptions import UNEXPECTED_ERROR


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("api/", include("newsroom.api_urls")),
    path("", include("claims.urls")),
]
if settings.DEV_APPS:  # the benchmarks' reference views; never in production (see settings)
    urlpatterns.append(path("", include("devtools.urls")))


def handler500(request: HttpRequest) -> HttpResponse:
    """An error outside any API view (a middleware, the database) is still JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": UNEXPECTED_ERROR}, status=500)
    return defaults.server_error(request)
