"""The alert rules: small functions from a store's :class:`AlertContext` to the :class:`Finding` s that hold.

Each rule is made for one alert kind with a ``describe`` function that turns a finding's ``data``
into its title and detail, so a page or an e-mail can say it again in its reader's language.
Every kind listed in :data:`alerts.rulebook.RULES` is evaluated on every run: an unresolved alert of a listed kind
whose key its rule no longer finds is resolved.

Adding a rule: add the figures it needs to :class:`AlertContext` and their bulk query to
:func:`alerts.selectors.alert_context`, then make it and list it in ``alerts.rulebook.RULES``::

    @rule(AlertKind.STOCK_LOW, describe=_stock_low_text, subjects=_product_page)
    def stock_low(context: AlertContext) -> list[Finding]:
        return [stock_low.finding(code, severity, data) for ...]
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import numbers
from core.playbook import POSITIVE_RATE_TARGET
from funnel.advice_text import reason_texts
from funnel.choices import Recommendation
from funnel.domain.status import ConversionAnomaly

from . import domain
from .choices import AlertKind, Severity


@dataclass(frozen=True)
class DayFigures:
    date: date
    orders: int | None
    target_orders: int | None


@dataclass(frozen=True)
class ServiceDay:
    date: date
    orders: int
    shipped_later: int
    positive_rate: Decimal | None


@dataclass(frozen=True)
class KnownAlert:
    """An unresolved alert of the store, for rules whose findings last beyond the day that raised them."""

    kind: str
    key: str
    severity: str
    data: dict[str, Any]


@dataclass(frozen=True)
class StockFigure:
    """One product's stock as the stock rules see it (from inventory's planning figures)."""

    code: str
    name: str
    is_listed: bool
    on_hand: int
    inbound_open: int
    reorder_point: int
    suggested_order: int
    below_reorder_point: bool


@dataclass(frozen=True)
class PromotionDeadline:
    """A promotion's stock decision (or factory order-by) date that is near and not yet decided."""

    promotion_id: int
    name: str
    start: date
    kind: str  # "stock_decision" or "factory_order" (promotions.reminders)
    due: date
    shortfall: int  # units short against the projected stock at the start (0: enough)


@dataclass(frozen=True)
class StaffShortage:
    role: str  # a role code (accounts.choices.Role)
    required: Decimal
    on_roster: Decimal


@dataclass(frozen=True)
class StaffingDay:
    """A day ahead whose staffing requirement the roster does not meet (staffing.selectors.understaffed_between)."""

    date: date
    orders: Decimal
    promotion: str | None
    shortages: tuple[StaffShortage, ...]


@dataclass(frozen=True)
class AlertContext:
    """What the rules see of one store on ``as_of`` (its last full day), read with a few bulk queries."""

    store_id: int
    as_of: date
    days: tuple[DayFigures, ...] = ()  # the day rollups of the 7 days up to as_of
    month_pace: Decimal | None = None  # pace_orders of the month rollup containing as_of
    recommendation: str = Recommendation.NO_PLAN
    previous_recommendation: str | None = None  # what the last evaluation saw; None the first time
    reasons: tuple[dict[str, Any], ...] = ()  # the recommendation's reasons (funnel.domain.advice.Reason.as_dict)
    stage: int | None = None
    anomalies: tuple[ConversionAnomaly, ...] = ()  # conversion anomalies of the 7 days up to as_of
    service_days: tuple[ServiceDay, ...] = ()  # customer-service logs of the 7 days up to as_of
    latest_rating: ServiceDay | None = None  # the latest log up to as_of with a positive-rating rate
    unresolved: tuple[KnownAlert, ...] = field(default_factory=tuple)
    stock: tuple[StockFigure, ...] = ()  # every product of the store, planned for the day after as_of
    promotion_deadlines: tuple[PromotionDeadline, ...] = ()
    understaffed: tuple[StaffingDay, ...] = ()  # under-staffed days of the 14 days after as_of


@dataclass(frozen=True)
class Finding:
    """A condition that holds: one alert per (store, kind, key) while it does."""

    kind: str
    key: str
    severity: str
    title: str
    detail: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Subject:
    """The page of what an alert is about: a store route's name, its kwargs besides ``store``, and a query."""

    url_name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    query: str = ""


Check = Callable[[AlertContext], list[Finding]]
# A describe function reads ``data``, plus ``data["today"]`` (ISO) when the reader's date is known, so dates can be
# said relative to it ("overdue by 4 days"); ``today`` is never stored.
Describe = Callable[[dict[str, Any]], tuple[str, str]]
# The pages an alert links to, best first: the page shows the first one the reader may open.
SubjectsOf = Callable[[dict[str, Any]], tuple[Subject, ...]]


@dataclass(frozen=True)
class Rule:
    """One alert kind's rule: its check, the texts of its findings and the pages they link to. Calling it runs the
    check; the rules evaluated are listed in :data:`alerts.rulebook.RULES`."""

    kind: str
    check: Check
    describe: Describe
    subjects: SubjectsOf

    def __call__(self, context: AlertContext) -> list[Finding]:
        return self.check(context)

    def finding(self, key: str, severity: str, data: dict[str, Any], today: date | None = None) -> Finding:
        """A finding of this rule with its texts; ``data`` is normalised to what a JSON column gives back, so
        comparing works."""
        data = json.loads(json.dumps(data, default=str))
        title, detail = self.describe(with_today(data, today))
        return Finding(self.kind, key, str(severity), title, detail, data)


def rule(kind: str, *, describe: Describe, subjects: SubjectsOf) -> Callable[[Check], Rule]:
    """Make ``check`` the rule of ``kind``, with its texts and the pages it links to."""

    def make(check: Check) -> Rule:
        return Rule(kind, check, describe, subjects)

    return make


def with_today(data: dict[str, Any], today: date | None) -> dict[str, Any]:
    return {**data, "today": today.isoformat()} if today else data


def store_today(as_of: date) -> date:
    """The store's today while the rules look at ``as_of``, its last full day."""
    return as_of + timedelta(days=1)


def days_from(data: dict[str, Any], day: str) -> int | None:
    """Days from the reader's today to ``day`` (negative: past), or None when today is not known."""
    today = data.get("today")
    return (date.fromisoformat(day) - date.fromisoformat(today)).days if today else None


def deadline_text(days: int) -> str:
    """A deadline relative to today: "overdue by 4 days", "due today", "due in 3 days"."""
    if days < 0:
        return ngettext("overdue by %(days)s day", "overdue by %(days)s days", -days) % {"days": -days}
    if days == 0:
        return _("due today")
    return ngettext("due in %(days)s day", "due in %(days)s days", days) % {"days": days}


def day_text(days: int) -> str:
    """A day relative to today: "today", "tomorrow", "in 3 days", "2 days ago"."""
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days < 0:
        return ngettext("%(days)s day ago", "%(days)s days ago", -days) % {"days": -days}
    return ngettext("in %(days)s day", "in %(days)s days", days) % {"days": days}


def _store_page(data: dict[str, Any]) -> tuple[Subject, ...]:
    return (Subject("dashboards:store"),)


def _day_pages(data: dict[str, Any]) -> tuple[Subject, ...]:
    """A logged day: the customer-service log of that day, else the dashboard's figures of the day."""
    day = data["date"]
    return (
        Subject("orders:service_log", query=f"date={day}"),
        Subject("dashboards:days", query=f"from={day}&to={day}"),
    )


# Sentences that end in a full-width stop (Chinese) follow each other without a space; others take one.
FULL_WIDTH_ENDS = ("。", "！", "？", "）", "」", "”")


def sentences(parts: list[str]) -> str:
    """Sentences joined into one text as their language writes them: 第一句。第二句。 / First. Second."""
    text = ""
    for part in (p.strip() for p in parts if p and p.strip()):
        text += part if not text or text.endswith(FULL_WIDTH_ENDS) else " " + part
    return text


def _one(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _percent(value: Decimal | float | None) -> int | None:
    return None if value is None else int((Decimal(str(value)) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# --- behind plan ---------------------------------------------------------------------------------------


def _behind_plan_text(data: dict[str, Any]) -> tuple[str, str]:
    parts = []
    if data["below_average"]:
        parts.append(
            _(
                "The 7-day average of %(orders)s orders a day is %(percent)s%% of the day target of %(target)s "
                "(the alert is raised below %(threshold)s%%)."
            )
            % {
                "orders": numbers.grouped(data["avg_orders"], 1),
                "target": numbers.grouped(data["avg_target"], 1),
                "percent": numbers.count(data["attainment_pct"]),
                "threshold": numbers.count(_percent(domain.BEHIND_RATIO)),
            }
        )
    if data["below_pace"]:
        parts.append(
            _("At this month's pace the store reaches %(percent)s%% of the month's orders target.")
            % {"percent": numbers.count(data["pace_pct"])}
        )
    return _("Behind plan"), sentences(parts)


@rule(AlertKind.BEHIND_PLAN, describe=_behind_plan_text, subjects=_store_page)
def behind_plan(context: AlertContext) -> list[Finding]:
    result = domain.behind_plan([(d.orders, d.target_orders) for d in context.days], context.month_pace)
    if result is None:
        return []
    data = {
        "as_of": context.as_of.isoformat(),
        "avg_orders": _one(result.avg_orders),
        "avg_target": _one(result.avg_target),
        "attainment_pct": _percent(result.attainment),
        "days": result.days,
        "pace_pct": _percent(result.pace),
        "below_average": result.below_average,
        "below_pace": result.below_pace,
    }
    # One alert while the store stays behind, whichever measure says so on a given day.
    return [behind_plan.finding("orders", result.severity, data)]


# --- stage recommendation changed ---------------------------------------------------------------------


def _label(recommendation: str | None) -> str:
    if recommendation in Recommendation.values:
        return str(Recommendation(recommendation).label)
    return recommendation or "–"


def _stage_change_text(data: dict[str, Any]) -> tuple[str, str]:
    title = _("Stage recommendation changed: %(recommendation)s") % {"recommendation": _label(data["recommendation"])}
    parts = [
        _("On %(date)s the recommendation changed from “%(previous)s” to “%(current)s”.")
        % {"date": data["changed_on"], "previous": _label(data["previous"]), "current": _label(data["recommendation"])}
    ]
    if data.get("stage"):
        parts.append(_("Current stage: %(stage)s.") % {"stage": data["stage"]})
    if data.get("reasons"):
        parts.append(_("Why: %(reasons)s") % {"reasons": sentences(reason_texts(data["reasons"]))})
    return title, sentences(parts)


@rule(AlertKind.STAGE_CHANGE, describe=_stage_change_text, subjects=_store_page)
def stage_change(context: AlertContext) -> list[Finding]:
    found = []
    # Earlier notices stay for a week, unless the recommendation moved on since.
    for known in context.unresolved:
        if known.kind == AlertKind.STAGE_CHANGE and domain.stage_change_holds(
            date.fromisoformat(known.data["changed_on"]),
            known.data["recommendation"],
            context.recommendation,
            context.as_of,
        ):
            found.append(stage_change.finding(known.key, Severity.INFO, known.data))
    if domain.stage_changed(context.previous_recommendation, context.recommendation):
        key = f"{context.recommendation}:{context.as_of.isoformat()}"
        if all(f.key != key for f in found):
            data = {
                "recommendation": context.recommendation,
                "previous": context.previous_recommendation,
                "changed_on": context.as_of.isoformat(),
                "stage": context.stage,
                "reasons": list(context.reasons),
            }
            found.append(stage_change.finding(key, Severity.INFO, data))
    return found


# --- positive-rating rate -----------------------------------------------------------------------------


def _low_rating_text(data: dict[str, Any]) -> tuple[str, str]:
    params = {
        "date": data["date"],
        "rate": numbers.grouped(data["positive_rate"], 1),
        "target": numbers.grouped(data["target"], 1),
    }
    title = _("Positive-rating rate %(rate)s%% on %(date)s") % params
    detail = _("The positive-rating rate logged for %(date)s is %(rate)s%%, below the %(target)s%% target.") % params
    return title, detail


@rule(AlertKind.LOW_RATING, describe=_low_rating_text, subjects=_day_pages)
def low_rating(context: AlertContext) -> list[Finding]:
    latest = context.latest_rating
    severity = domain.rating_severity(latest.positive_rate) if latest else None
    if latest is None or severity is None:
        return []
    day = latest.date.isoformat()
    data = {"date": day, "positive_rate": str(latest.positive_rate), "target": str(POSITIVE_RATE_TARGET)}
    return [low_rating.finding(day, severity, data)]


# --- late shipping ------------------------------------------------------------------------------------


def _late_shipping_text(data: dict[str, Any]) -> tuple[str, str]:
    params = {
        "count": numbers.count(data["shipped_later"]),
        "orders": numbers.count(data["orders"]),
        "date": data["date"],
    }
    title = (
        ngettext(
            "%(count)s order shipped after 48 h on %(date)s",
            "%(count)s orders shipped after 48 h on %(date)s",
            data["shipped_later"],
        )
        % params
    )
    detail = (
        _("%(count)s of the %(orders)s orders logged for %(date)s shipped after 48 h; orders must ship within 48 h.")
        % params
    )
    return title, detail


@rule(AlertKind.LATE_SHIPPING, describe=_late_shipping_text, subjects=_day_pages)
def late_shipping(context: AlertContext) -> list[Finding]:
    found = []
    for day in context.service_days:
        severity = domain.late_shipping_severity(day.shipped_later, day.orders)
        if severity is not None and domain.in_window(day.date, context.as_of):
            data = {"date": day.date.isoformat(), "shipped_later": day.shipped_later, "orders": day.orders}
            found.append(late_shipping.finding(day.date.isoformat(), severity, data))
    return found


# --- conversion anomaly -------------------------------------------------------------------------------


def _anomaly_text(data: dict[str, Any]) -> tuple[str, str]:
    params = {
        "date": data["date"],
        "conversion": numbers.grouped(data["conversion_pct"], 2),
        "median": numbers.grouped(data["median_pct"], 2),
        "ratio": numbers.grouped(data["ratio"], 1),
    }
    title = _("Conversion anomaly on %(date)s") % params
    detail = (
        _(
            "Conversion on %(date)s was %(conversion)s%%, %(ratio)s× the median of %(median)s%% of the days before. "
            "Check for fake orders or a tracking error before counting it as success."
        )
        % params
    )
    return title, detail


def _anomaly_pages(data: dict[str, Any]) -> tuple[Subject, ...]:
    return (Subject("dashboards:days", query=f"from={data['date']}&to={data['date']}"),)


@rule(AlertKind.CONVERSION_ANOMALY, describe=_anomaly_text, subjects=_anomaly_pages)
def conversion_anomaly(context: AlertContext) -> list[Finding]:
    found = []
    for anomaly in context.anomalies:
        if not domain.in_window(anomaly.date, context.as_of):
            continue
        data = {
            "date": anomaly.date.isoformat(),
            "conversion_pct": f"{anomaly.conversion * 100:.2f}",
            "median_pct": f"{anomaly.trailing_median * 100:.2f}",
            "ratio": f"{anomaly.ratio:.1f}",
        }
        severity = domain.anomaly_severity(anomaly.ratio)
        found.append(conversion_anomaly.finding(anomaly.date.isoformat(), severity, data))
    return found
