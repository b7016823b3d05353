"""What every staffing write shares: the refusal with messages per field, and number parsing."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any


class StaffingInvalid(Exception):
    """Input breaks a rule; ``errors`` maps a field (or ``__all__``) to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = dict(errors)


class StaffingForbidden(StaffingInvalid):
    """The input is allowed in general but not to this editor (e.g. a shared person's details); a 403."""


def decimal_or_none(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None
