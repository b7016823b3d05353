"""Business dates: the one range of days opsplan accepts, and date arithmetic that cannot overflow.

Python's dates run from 0001-01-01 to 9999-12-31, and a day a week before the first (a promotion's stock decision)
or a month after the last (a calendar's next month) raises ``OverflowError``. No plan, order or promotion of an
e-commerce store lies near either end, so every date that comes in (a model field, a form or API field, a query
parameter, a cell of an import, a record of a push) must lie in ``[BUSINESS_DATE_MIN, BUSINESS_DATE_MAX]``
(settings, 2000-01-01 to 2099-12-31 by default), checked by :func:`validate_business_date` and nothing else:

- models declare :class:`BusinessDateField` (a system check refuses a plain ``DateField``);
- forms get :class:`BusinessDateFormField` from the model, or declare it; filters use :class:`BusinessDateFilter`;
- serializers get the validator from the model, or declare :class:`BusinessDateSerializerField`;
- query parameters go through :func:`parse_business_date` / :func:`parse_business_month`, imports and pushes
  through :func:`business_date_problem`.

Rows stored before the range was enforced may lie outside it: ``manage.py check --database default`` lists them
(:func:`check_stored_business_dates`), and arithmetic on stored days goes through :func:`shift`, which clamps.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import django_filters
from django import forms
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MONTH_TEXT = re.compile(r"^(\d{4})-(\d{2})$")
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def business_range() -> tuple[date, date]:
    """The first and the last day opsplan accepts (``BUSINESS_DATE_MIN``, ``BUSINESS_DATE_MAX``)."""
    return settings.BUSINESS_DATE_MIN, settings.BUSINESS_DATE_MAX


def out_of_range_message() -> str:
    first, last = business_range()
    return _("Enter a date from %(first)s to %(last)s.") % {"first": first.isoformat(), "last": last.isoformat()}


def business_date_problem(day: date) -> str | None:
    """Why ``day`` cannot be stored (None when it can): for imports and pushes that collect messages per row."""
    if isinstance(day, datetime):
        day = day.date()
    first, last = business_range()
    return None if first <= day <= last else out_of_range_message()


def validate_business_date(value: date | None) -> None:
    """The validator of every date field: a day outside the business range is refused."""
    if value is None:
        return
    problem = business_date_problem(value)
    if problem:
        raise ValidationError(problem, code="business_date")


def parse_business_date(text: str | None) -> date:
    """A query parameter ``YYYY-MM-DD`` as a day in the business range; ValidationError otherwise."""
    value = (text or "").strip()
    try:
        day = date.fromisoformat(value) if DATE_TEXT.match(value) else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(_("Enter a date like 2026-11-11."), code="invalid")
    validate_business_date(day)
    return day


def parse_business_month(text: str | None) -> date:
    """A query parameter ``YYYY-MM`` as the first day of that month, in the business range; ValidationError
    otherwise (a month whose first day lies before the range counts when its last day lies in it)."""
    match = MONTH_TEXT.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError(_("Enter a month like 2026-11."), code="invalid")
    year, month = int(match.group(1)), int(match.group(2))
    first, last = business_range()
    if not (first.year, first.month) <= (year, month) <= (last.year, last.month):
        raise ValidationError(out_of_range_message(), code="business_date")
    return date(year, month, 1)


def month_or(text: str | None, default: date) -> date:
    """A page's ``?month=YYYY-MM``: that month's first day, or ``default`` when absent, malformed or out of range."""
    try:
        return parse_business_month(text)
    except ValidationError:
        return default


def date_or(text: str | None, default: date) -> date:
    """A page's ``?date=YYYY-MM-DD``: that day, or ``default`` when absent, malformed or out of range."""
    try:
        return parse_business_date(text)
    except ValidationError:
        return default


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, held at the first and last day Python knows instead of overflowing: a row stored
    before the business range was enforced still renders."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def clamp(day: date) -> date:
    """``day`` held inside the business range (for ranges a page derives from stored rows)."""
    first, last = business_range()
    return min(max(day, first), last)


class BusinessDateFormField(forms.DateField):
    """A form's date: in the business range; an ``<input type="date">`` states the range to the browser too."""

    default_validators = [validate_business_date]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", None) == "date":
            first, last = business_range()
            attrs.setdefault("min", first.isoformat())
            attrs.setdefault("max", last.isoformat())
        return attrs


class BusinessDateField(models.DateField):
    """The date column of every model: in the business range, in model validation, model forms and serializers.

    Migrations see a plain ``DateField``: the column is the same and the range lives in settings, so changing it
    needs no migration."""

    default_validators = [validate_business_date]

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": BusinessDateFormField, **kwargs})

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


class BusinessDateFilter(django_filters.DateFilter):
    """A ``?date_from=`` style filter: a day outside the business range is a 400 (API) or a form error (page)."""

    field_class = BusinessDateFormField


class BusinessDateSerializerField(serializers.DateField):
    """A serializer's date that is not a model's: in the business range."""

    default_validators = [validate_business_date]


MONTH_SCHEMA = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "example": "2026-09"}


@extend_schema_field(MONTH_SCHEMA)
class BusinessMonthSerializerField(serializers.CharField):
    """A month ``YYYY-MM`` in the business range, validated to the first day of that month: the API's one month
    type, read and written as ``YYYY-MM`` (a month is never sent as its first day)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "A month: YYYY-MM.")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> date:
        try:
            return parse_business_month(super().to_internal_value(data))
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def to_representation(self, value: date) -> str:
        return value.strftime("%Y-%m")


# --- Checks ------------------------------------------------------------------------------------------------------


def _date_fields() -> list[models.DateField]:
    """Every date (not date-and-time) column of opsplan's own models."""
    own = {config.label for config in apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR}
    return [
        field
        for model in apps.get_models()
        if model._meta.app_label in own and not model._meta.proxy
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    ]


def business_date_field_errors(fields: Any) -> list[checks.CheckMessage]:
    """An error for each date column among ``fields`` that is not a :class:`BusinessDateField`."""
    return [
        checks.Error(
            f"{field.model._meta.label}.{field.name} is a DateField without the business date range.",
            hint="Declare it as opsplan.dates.BusinessDateField.",
            obj=field,
            id="opsplan.E101",
        )
        for field in fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField | BusinessDateField)
    ]


@checks.register(checks.Tags.models)
def check_business_date_fields(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A model date column that is not a :class:`BusinessDateField` would take any day Python knows."""
    return business_date_field_errors(_date_fields())


@checks.register(checks.Tags.database)
def check_stored_business_dates(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list:
    """Rows stored before the range was enforced (``manage.py check --database default``): each is listed, to be
    corrected in the app by someone who knows what was meant; pages show them meanwhile."""
    if not databases:
        return []
    first, last = business_range()
    found = []
    for field in _date_fields():
        outside = models.Q(**{f"{field.name}__lt": first}) | models.Q(**{f"{field.name}__gt": last})
        try:
            pks = list(field.model._default_manager.filter(outside).values_list("pk", flat=True)[:20])
        except DatabaseError:  # not migrated yet
            continue
        if pks:
            found.append(
                checks.Warning(
                    f"{field.model._meta.label}.{field.name} lies outside {first}..{last} in rows {pks}.",
                    hint="Correct these dates in opsplan (or the admin); pages clamp them meanwhile.",
                    obj=field,
                    id="opsplan.W102",
                )
            )
    return found
