"""How a history shows a change: the field's verbose name, and its values the way the form shows them.

Every history page (a plan's changes, a day's customer-service log, the admin's change lists) renders a change
with :func:`change_display`, so no page shows a raw field name (``aov``) or a raw choice value (``draft``).
A model says how its numbers read with ``display_formats`` (field name -> :data:`PERCENT` or :data:`MONEY`);
choices show their label, dates and integers their usual form, JSON lists their items.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.numbers import count, money

PERCENT = "percent"  # a fraction stored as 0.0200, entered and shown as 2%
MONEY = "money"  # CNY, shown as ¥1,234.50
FORMATS = (PERCENT, MONEY)
EMPTY = "–"


@dataclass(frozen=True)
class FieldChange:
    """One changed value as a person reads it."""

    label: str
    old: str
    new: str


def display_formats(model: type[models.Model]) -> dict[str, str]:
    return dict(getattr(model, "display_formats", {}))


def field_label(model: type[models.Model], name: str) -> str:
    """The field's verbose name in the active language, capitalised as a form label."""
    return str(capfirst(model._meta.get_field(name).verbose_name))


def value_text(model: type[models.Model], name: str, value: Any) -> str:
    """``value`` of ``model.name`` (a Python value or the text a history stored) as the form shows it."""
    if value is None or value == "":
        return EMPTY
    field = model._meta.get_field(name)
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    kind = display_formats(model).get(name)
    if kind is not None:
        number = _decimal(value)
        if number is None:
            return str(value)
        return _percent(number) if kind == PERCENT else money(number)
    if isinstance(field, models.BooleanField):
        return _("yes") if value in (True, "True", "true", "1", 1) else _("no")
    if isinstance(field, models.DateTimeField):
        moment = value if isinstance(value, datetime) else _parse(datetime.fromisoformat, value)
        return moment.strftime("%Y-%m-%d %H:%M") if moment else str(value)
    if isinstance(field, models.DateField):
        day = value if isinstance(value, date) else _parse(date.fromisoformat, value)
        return day.isoformat() if day else str(value)
    if isinstance(field, models.IntegerField):
        number = _decimal(value)
        return count(int(number)) if number is not None and number == number.to_integral_value() else str(value)
    if isinstance(field, models.JSONField):
        return _json_text(value)
    return str(value)


def change_display(model: type[models.Model], name: str, old: Any, new: Any) -> FieldChange:
    return FieldChange(field_label(model, name), value_text(model, name, old), value_text(model, name, new))


def _percent(fraction: Decimal) -> str:
    return f"{format((fraction * 100).normalize(), 'f')}%"


def _decimal(value: Any) -> Decimal | None:
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _parse(parse: Any, text: Any) -> Any:
    try:
        return parse(str(text))
    except ValueError:
        return None


def _json_text(value: Any) -> str:
    """A list as its items joined by " · ", a mapping as "key: value" pairs (histories keep them as text)."""
    if isinstance(value, str):
        for load in (json.loads, ast.literal_eval):
            try:
                value = load(value)
                break
            except (ValueError, SyntaxError):
                continue
        else:
            return value
    if isinstance(value, dict):
        return "; ".join(f"{key}: {item}" for key, item in value.items()) or EMPTY
    if isinstance(value, list | tuple):
        return " · ".join(str(item) for item in value) or EMPTY
    return str(value)
