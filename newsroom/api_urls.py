"""/api/: the versioned REST API, its OpenAPI schema and Swagger UI."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import include, path, re_path
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    # Swagger UI styles itself with a <style> block and style attributes; scripts stay 'self' only
    # (the split view serves its initialiser as a file, so there is no inline script).
    @extend_schema(exclude=True)
    @method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}))
    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return super().get(request, *args, **kwargs)


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
