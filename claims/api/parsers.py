"""The API's only request parser: JSON, refused (never a 500) when too big, too deep or holding NUL."""

import json
from typing import Any

from django.conf import settings
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


class RequestTooLarge(APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self) -> None:
        limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        super().__init__(f"The request body is larger than the {limit_kb} KB limit.")


class SafeJSONParser(JSONParser):
    """JSONParser with a size cap, a nesting cap and no NUL characters.

    Stock DRF reads the body stream directly, bypassing DATA_UPLOAD_MAX_MEMORY_SIZE, and lets the
    RecursionError of 100k nested brackets escape as a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge()
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(f"Malformed JSON: {exc}") from None
        _check_tree(data)
        return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


def _check_tree(data: Any) -> None:
    """Walk iteratively (no recursion to exhaust): depth cap, and no NUL in any key or string."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.")
            children = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in children:
                if isinstance(key, str) and "\x00" in key:
                    raise ParseError("NUL characters are not allowed.")
                pending.append((value, depth + 1))
        elif isinstance(node, str) and "\x00" in node:
            raise ParseError("NUL characters are not allowed.")
