"""What every API view module shares: documented error responses and body validation."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse

from claims.api.serializers.common import ErrorSerializer


def api_error(description: str, serializer: Any = ErrorSerializer) -> OpenApiResponse:
    return OpenApiResponse(response=serializer, description=description)


AUTH_ERRORS = {
    401: api_error("No credentials: send `Authorization: Token <key>` or a session cookie."),
    403: api_error("Signed in without the role this needs, or a session write without a CSRF token."),
    429: api_error("Too many requests for this user; retry later."),
}
LIST_ERRORS = {
    **AUTH_ERRORS,
    400: api_error("A query parameter is invalid; `errors` names it."),
    404: api_error("A cursor this API did not issue, or a page past the end."),
}
DETAIL_ERRORS = {**AUTH_ERRORS, 404: api_error("No such object.")}
WRITE_ERRORS = {
    400: api_error("Malformed JSON, nesting deeper than 32, NUL characters, or invalid fields (`errors`)."),
    413: api_error("The request body is larger than the upload limit."),
    415: api_error("The body is not application/json."),
}


def validated(serializer_class: type, data: Any) -> Any:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer
