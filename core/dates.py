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
import zoneinfo
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


# --- Schema ------------------------------------------------------------------------------------------------------
# What a client may send, in the schema: the range itself, as a pattern (JSON Schema has no minimum for a date).

MONTH_PATTERN = r"^\d{4}-(?:0[1-9]|1[0-2])$"


def _literal(text: str) -> str:
    """``text`` as a pattern that ECMAScript reads alike (a hyphen needs no escape outside a class)."""
    return re.escape(text).replace("\\-", "-")


def _any_digits(run: re.Match) -> str:
    width = len(run.group())
    return r"\d" if width == 1 else rf"\d{{{width}}}"


def digits_between(low: str, high: str) -> str:
    """A regular expression for the texts of ``low``'s shape (digits, and other characters where ``low`` and
    ``high`` have the same ones) that lie from ``low`` to ``high``: ``digits_between("2000", "2099")``."""
    if low == high:
        return _literal(low)
    if not low[0].isdigit():
        return _literal(low[0]) + digits_between(low[1:], high[1:])
    if re.sub(r"\d", "0", low) == low and re.sub(r"\d", "9", low) == high:
        return re.sub(r"9+", _any_digits, _literal(high))
    rest = len(low) - 1
    if rest == 0:
        return f"[{low}-{high}]"
    if low[0] == high[0]:
        return low[0] + digits_between(low[1:], high[1:])
    floor = "".join("0" if c.isdigit() else c for c in low[1:])
    ceiling = "".join("9" if c.isdigit() else c for c in low[1:])
    parts = [low[0] + digits_between(low[1:], ceiling)]
    if int(high[0]) - int(low[0]) > 1:
        parts.append(f"[{int(low[0]) + 1}-{int(high[0]) - 1}]" + digits_between(floor, ceiling))
    parts.append(high[0] + digits_between(floor, high[1:]))
    return "(?:" + "|".join(parts) + ")"


def _two(number: int) -> str:
    return f"{number:02d}"


def _days_between(first: tuple[int, int], last: tuple[int, int]) -> str:
    """``MM-DD`` from ``first`` to ``last`` (month, day) within one year; days of a month run to 31."""
    (m1, d1), (m2, d2) = first, last
    if m1 == m2:
        return f"{_two(m1)}-{digits_between(_two(d1), _two(d2))}"
    parts = [f"{_two(m1)}-{digits_between(_two(d1), '31')}"]
    if m2 - m1 > 1:
        parts.append(f"{digits_between(_two(m1 + 1), _two(m2 - 1))}-{digits_between('01', '31')}")
    parts.append(f"{_two(m2)}-{digits_between('01', _two(d2))}")
    return "(?:" + "|".join(parts) + ")"


def _years_between(first: int, last: int, within: Any) -> str:
    """``YYYY-…`` from year ``first`` to ``last``: ``within(first_of_year, last_of_year)`` gives the rest, from
    (1, 1) to (12, 31) in the years between."""
    low, high = business_range()
    if first == last:
        return f"{first:04d}-{within((low.month, low.day), (high.month, high.day))}"
    parts = [f"{first:04d}-{within((low.month, low.day), (12, 31))}"]
    if last - first > 1:
        parts.append(f"{digits_between(f'{first + 1:04d}', f'{last - 1:04d}')}-{within((1, 1), (12, 31))}")
    parts.append(f"{last:04d}-{within((1, 1), (high.month, high.day))}")
    return "(?:" + "|".join(parts) + ")"


def business_date_pattern() -> str:
    """The days of the business range, ``YYYY-MM-DD`` (with ``format: date``, which rules out 02-30)."""
    first, last = business_range()
    return f"^{_years_between(first.year, last.year, _days_between)}$"


def business_month_pattern() -> str:
    """The months of the business range, ``YYYY-MM`` (a month counts when one of its days lies in the range)."""
    first, last = business_range()

    def months(low: tuple[int, int], high: tuple[int, int]) -> str:
        return digits_between(_two(low[0]), _two(high[0]))

    return f"^{_years_between(first.year, last.year, months)}$"


MONTH_SCHEMA = {"type": "string", "pattern": MONTH_PATTERN, "example": "2026-09"}


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
            hint="Declare it as core.dates.BusinessDateField.",
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


def local_date(time_zone: str, moment: datetime) -> date:
    """The calendar date at ``moment`` in ``time_zone`` (a store's "today")."""
    return moment.astimezone(zoneinfo.ZoneInfo(time_zone)).date()
