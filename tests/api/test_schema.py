import pytest
import yaml
from django.core.management import call_command
from openapi_spec_validator import OpenAPIV30SpecValidator

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in (
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/history/",
        "/api/v1/claims/{id}/claimreview/",
        "/api/v1/statements/",
        "/api/v1/statements/{id}/",
        "/api/v1/speakers/",
        "/api/v1/speakers/{id}/",
        "/api/v1/speakers/{id}/statements/",
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
        "/api/v1/articles/{id}/reextract/",
    ):
        assert f"  {path}:" in text
    for status in ("'400'", "'401'", "'403'", "'404'", "'409'", "'412'", "'413'"):
        assert status in text


def test_schema_passes_openapi_spec_validator(tmp_path):
    """The schema is valid OpenAPI 3.0 by an independent validator, not only by spectacular."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    spec = yaml.safe_load(out.read_text())

    errors = [f"{list(e.absolute_path)}: {e.message}" for e in OpenAPIV30SpecValidator(spec).iter_errors()]

    assert errors == []
    # A blank-allowed query parameter keeps its documented default, on the oneOf that accepts it.
    q = next(p for p in spec["paths"]["/api/v1/claims/"]["get"]["parameters"] if p["name"] == "q")
    assert q["schema"]["default"] == ""


def test_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_docs_use_no_inline_script_and_relax_only_style_src(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    csp = _directives(response["Content-Security-Policy"])
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self' 'unsafe-inline'"
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_site_pages_keep_the_strict_csp(client):
    csp = _directives(client.get("/api/schema/")["Content-Security-Policy"])
    assert csp["style-src"] == "'self'"
    assert csp["script-src"] == "'self'"


def _directives(header: str) -> dict[str, str]:
    """{"script-src": "'self'", ...}: django-csp does not promise an order."""
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_schema_documents_publish_and_exports_with_their_media_types(tmp_path):
    import yaml

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out))
    paths = yaml.safe_load(out.read_text())["paths"]
    assert "200" in paths["/api/v1/claims/{id}/publish/"]["post"]["responses"]
    assert "409" in paths["/api/v1/claims/{id}/publish/"]["post"]["responses"]
    for path, media_type in {
        "/api/v1/exports/claims.csv": "text/csv",
        "/api/v1/exports/claims.ndjson": "application/x-ndjson",
        "/api/v1/exports/statements.csv": "text/csv",
        "/api/v1/exports/statements.ndjson": "application/x-ndjson",
    }.items():
        responses = paths[path]["get"]["responses"]
        assert list(responses["200"]["content"]) == [media_type]
        assert list(responses["400"]["content"]) == ["application/json"]
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert {"speaker", "q", "date_from", "date_to"} <= names
