"""Errors people can act on: a service's refusal (one type for every app, mapped to pages and to the API in one
place each) and validation errors as messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

ALL = NON_FIELD_ERRORS  # the key of the errors of an input as a whole


def validation_messages(exc: ValidationError) -> list[str]:
    """Every message of ``exc``, each prefixed with its field where it has one."""
    if hasattr(exc, "error_dict"):
        return [
            f"{field}: {message}" if field != "__all__" else message
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return list(exc.messages)


class ServiceInvalid(Exception):
    """A service's refusal: the input breaks a rule and nothing was written. ``errors`` maps a field (``__all__``
    for the input as a whole) to its messages. Pages put them next to their fields (core.forms.
    service_errors_apply); the API answers 400 with them (core.api.exception_handler). Every app's refusal is one."""

    def __init__(self, errors: Mapping[str | None, Sequence[str]] | str) -> None:
        if isinstance(errors, str):
            errors = {ALL: [errors]}
        self.errors = {ALL if key is None else key: [str(m) for m in messages] for key, messages in errors.items()}
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        """Every message, the fields' in order."""
        return [message for messages in self.errors.values() for message in messages]

    @property
    def message_dict(self) -> dict[str, list[str]]:
        """Field -> messages, as Django's ValidationError names it."""
        return self.errors

    def api_detail(self) -> dict[str, Any]:
        """The 400 body: field -> messages, the input's own under ``non_field_errors`` (DRF's name)."""
        return {("non_field_errors" if key == ALL else key): messages for key, messages in self.errors.items()}


class ServiceForbidden(ServiceInvalid):
    """The input is allowed in general but not to this caller (e.g. a shared person's details): a 403."""
