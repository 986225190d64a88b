"""Shared by every serializer module: strict input fields, the unknown-field check, the error envelope."""

from typing import Any

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from rest_framework import serializers

NOT_ONLY_SPACE = RegexValidator(
    r"^\s*[^\s\x00][^\x00]*$", "Must contain something other than white space, and no null characters."
)
# Also a `pattern` in the schema (the same regex in ECMA syntax), so clients know NUL is refused.
# "+" not "*": an allowed blank is handled before validators, and the schema's blank alternative
# must not also match "" (spectacular documents blank-allowed patterned fields as a oneOf).
NO_NUL = RegexValidator(r"^[^\x00]+$", "Null characters are not allowed.")


# --- Strict input fields: JSON types as documented, no coercion ------------------------------------


class StrictCharField(serializers.CharField):
    """A string, never a number or boolean turned into one; NUL refused (unless a given pattern does)."""

    def __init__(self, **kwargs: Any) -> None:
        validators = kwargs.get("validators", [])
        if not any(isinstance(v, RegexValidator) for v in validators):
            kwargs["validators"] = [*validators, NO_NUL]
        super().__init__(**kwargs)
        # The pattern refuses NUL already (and documents it): DRF's own check would repeat the message.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictURLField(StrictCharField, serializers.URLField):
    pass


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer, not "12", 12.0 or true."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class InputSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo or a read-only field is a 400, not silently lost."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):  # nested too: the raw data of each level comes through here
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: ["Unknown or read-only field."] for name in unknown[:20]})
        return super().to_internal_value(data)


# --- Errors (documentation of claims/api/exceptions.py's envelope) --------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text='Messages per field, e.g. {"status": ["..."], "evidence[0].url": ["..."]}.',
    )
