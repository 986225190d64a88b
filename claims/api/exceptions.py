"""One exception handler: every API error is JSON shaped as {"detail", "errors"?, "current"?}.

Service errors become HTTP answers here, so views call services without try/except:
Django ValidationError -> 400 with field messages, PermissionDenied -> 403, ClaimConflict -> 409
with the claim as it now stands, IngestError -> 400, RequestDataTooBig -> 413, anything else -> a
JSON 500 (logged). Errors raised outside a view (middleware) get newsroom.urls.handler500.
"""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.api.lookups import claim_current_state
from claims.api.parsers import RequestTooLarge
from claims.services import ClaimConflict
from sources.services import IngestError

logger = logging.getLogger(__name__)

UNEXPECTED_ERROR = "The server hit an unexpected error; it has been logged. Try again later."


class PreconditionFailed(exceptions.APIException):
    """If-Match named a version that is no longer current; `current` is what it is now."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The claim changed since the ETag you sent; here is its current state."
    default_code = "precondition_failed"

    def __init__(self, *, current: dict) -> None:
        super().__init__()
        self.current = current


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ClaimConflict):
        return _conflict_response(exc, context)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_messages(exc))
    elif isinstance(exc, IngestError):
        exc = exceptions.ValidationError({"detail": [str(exc)]})
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        # Anything else is a bug or an outage, still answered in the API's JSON shape; Django
        # would not log it once it is handled here, so log it with its traceback.
        logger.error("Unhandled API error in %s", context.get("view"), exc_info=exc)
        return Response({"detail": UNEXPECTED_ERROR}, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    response.data = _envelope(exc, response.data)
    if isinstance(exc, PreconditionFailed):
        response.data["current"] = exc.current
    return response


def _django_messages(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _envelope(exc: Exception, data: Any) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(data)
        detail = errors.pop("detail", None) or ["The request has invalid fields."]
        return {"detail": detail[0], "errors": errors} if errors else {"detail": detail[0]}
    if isinstance(data, dict) and "detail" in data:
        return {"detail": str(data["detail"])}
    return {"detail": str(data)}


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as {"evidence[0].url": ["..."]}: one flat, documented shape."""
    if isinstance(data, dict):
        out: dict[str, list[str]] = {}
        for key, value in data.items():
            # List errors are keyed by item index: "evidence[0].url".
            name = f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else str(key))
            out.update(_flatten(value, name))
        return out
    if isinstance(data, list):
        if all(not isinstance(item, dict | list) for item in data):
            return {prefix or "non_field_errors": [str(item) for item in data]} if data else {}
        out = {}
        for index, item in enumerate(data):
            out.update(_flatten(item, f"{prefix}[{index}]"))
        return out
    return {prefix or "non_field_errors": [str(data)]}


def _conflict_response(exc: ClaimConflict, context: dict[str, Any]) -> Response:
    request = context["request"]
    return Response(
        {"detail": str(exc), "current": claim_current_state(request=request, claim_id=exc.current.pk)},
        status=status.HTTP_409_CONFLICT,
    )
