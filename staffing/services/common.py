"""What every staffing write shares: the refusal with messages per field, and number parsing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import ServiceForbidden, ServiceInvalid


class StaffingInvalid(ServiceInvalid):
    """Input breaks a rule; ``errors`` maps a field (or ``__all__``) to its messages."""


class StaffingForbidden(StaffingInvalid, ServiceForbidden):
    """The input is allowed in general but not to this editor (e.g. a shared person's details); a 403."""


def decimal_or_none(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None
