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


def hoist_defaults_out_of_one_of(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Move a `default` (or `example`) from a oneOf branch up to the oneOf itself.

    spectacular documents a blank-allowed field with a pattern as oneOf [patterned string, empty
    string] and leaves the default "" on the patterned branch, where it breaks the pattern: the
    schema then fails openapi-spec-validator. On the parent, "" is valid (the empty branch).
    """
    _hoist(result)
    return result


def _hoist(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _hoist(item)
        return
    if not isinstance(node, dict):
        return
    for branch in node.get("oneOf", []):
        for key in ("default", "example"):
            if isinstance(branch, dict) and key in branch:
                node.setdefault(key, branch.pop(key))
    for value in node.values():
        _hoist(value)
