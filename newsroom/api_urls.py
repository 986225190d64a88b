"""/api/: the versioned REST API, its OpenAPI schema and Swagger UI."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from newsroom.security import content_security_policy

# Swagger UI styles itself with a <style> block and style attributes; scripts stay 'self' only
# (the split view serves its initialiser as a file, so there is no inline script).
DOCS_CSP = content_security_policy(style_src="'self' 'unsafe-inline'")


class DocsView(SpectacularSwaggerSplitView):
    @extend_schema(exclude=True)
    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP  # the site middleware only sets a default
        return response


@csrf_exempt  # it changes nothing; a PATCH to a wrong address is a 404, not a CSRF page
def api_not_found(request: HttpRequest) -> JsonResponse:
    """Any other /api/ address: a JSON 404 like the API's own, not the HTML page."""
    return JsonResponse({"detail": "No such API endpoint."}, status=404)


urlpatterns = [
    path("v1/", include("claims.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^[\s\S]*$", api_not_found),  # [\s\S], not ".": also addresses holding a newline
]
