"""drf-spectacular post-processing for the API's schema."""

from typing import Any

# Request bodies refuse unknown fields (claims/api/serializers.InputSerializer); say so.
STRICT_REQUEST_COMPONENTS = ("PatchedClaimUpdateRequest", "EvidenceLinkInputRequest", "ArticleCreateRequest")


def forbid_unknown_request_fields(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    schemas = result.get("components", {}).get("schemas", {})
    for name in STRICT_REQUEST_COMPONENTS:
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    return result
