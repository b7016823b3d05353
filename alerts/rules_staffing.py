"""Alert rule on staffing: a day in the next two weeks whose requirement the roster cannot meet, so temporary staff
must be arranged (staffing's gap report lists the same days)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.choices import Role
from core import numbers
from promotions.choices import PromotionKind

from .choices import AlertKind, Severity
from .rules import AlertContext, Finding, Subject, day_text, days_from, rule, sentences, store_today

HORIZON_DAYS = 14
URGENT_DAYS = 3  # a shortfall this close is critical: little time to find temporary staff


def _role(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def _understaffed_text(data: dict[str, Any]) -> tuple[str, str]:
    title = _("Under-staffed on %(date)s") % data
    days = days_from(data, data["date"])
    if days is not None:
        title = _("%(title)s (%(when)s)") % {"title": title, "when": day_text(days)}
    shortages = pgettext("list separator", "; ").join(
        _("%(role)s needs %(required)s FTE, the roster has %(on_roster)s")
        % {
            "role": _role(s["role"]),
            "required": numbers.grouped(s["required"], 2),
            "on_roster": numbers.grouped(s["on_roster"], 2),
        }
        for s in data["shortages"]
    )
    parts = [_("%(date)s: %(shortages)s. Arrange temporary staff or move shifts.") % {**data, "shortages": shortages}]
    if data.get("promotion") in PromotionKind.values:
        parts.append(_("The day is in %(promotion)s.") % {"promotion": PromotionKind(data["promotion"]).label})
    return title, sentences(parts)


def _gap_page(data: dict[str, Any]) -> tuple[Subject, ...]:
    return (Subject("staffing:gap_report"),)


@rule(AlertKind.UNDERSTAFFED, describe=_understaffed_text, subjects=_gap_page)
def understaffed(context: AlertContext) -> list[Finding]:
    found = []
    today = context.as_of.toordinal() + 1
    for day in context.understaffed:
        ahead = day.date.toordinal() - today
        if not 0 <= ahead < HORIZON_DAYS:
            continue
        data = {
            "date": day.date.isoformat(),
            "promotion": day.promotion,
            "orders": str(day.orders.quantize(1)) if day.orders is not None else None,
            "shortages": [
                {"role": s.role, "required": str(s.required), "on_roster": str(s.on_roster)} for s in day.shortages
            ],
        }
        severity = Severity.CRITICAL if ahead < URGENT_DAYS else Severity.WARNING
        found.append(understaffed.finding(day.date.isoformat(), severity, data, store_today(context.as_of)))
    return found


def staffing_horizon(as_of: date) -> tuple[date, date]:
    """The days the rule looks at: the 14 days after ``as_of`` (the store's last full day)."""
    first = date.fromordinal(as_of.toordinal() + 1)
    return first, date.fromordinal(first.toordinal() + HORIZON_DAYS - 1)
