"""The reasons of a stage recommendation (funnel.domain.advice) in the reader's language, numbers formatted.

Reasons are kept as data (a code and its figures) wherever they are stored or sent; they become text here only,
when a page, the API or an alert shows them, so each reader gets their own language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from core import numbers
from funnel.domain.advice import Reason, ReasonCode, short_of


def number(value: Any, places: int = 0) -> str:
    """A number with thousands separators and ``places`` decimals, rounded half up; nothing known as –."""
    return numbers.grouped(value, places)


def percent(value: Any) -> str:
    """A share as a whole percentage: 0.253 -> 25%."""
    return numbers.pct(value, 0)


def _figures(orders: Any, uv: Any, places: int) -> str:
    if uv is None:
        return _("%(orders)s orders a day (no UV reported)") % {"orders": number(orders, places)}
    return _("%(orders)s orders and %(uv)s UV a day") % {"orders": number(orders, places), "uv": number(uv)}


def _against(p: Mapping[str, Any]) -> dict[str, str]:
    return {
        "window": number(p["window"]),
        "days": number(p["days"]),
        "figures": _figures(p["orders"], p["uv"], 1),
        "stage": number(p["stage"]),
        "minimum": _figures(p["orders_min"], p["uv_min"], 0),
        "orders_min": number(p["orders_min"]),
        "uv_min": number(p["uv_min"]),
    }


def _short_of_next(p: Mapping[str, Any]) -> str:
    """Below the next stage's minimum, saying which figure falls short when only one does."""
    short = short_of(p)
    if short == ("uv",):
        text = _(
            "Last %(window)s days (%(days)s with actuals): %(figures)s. The orders reach the minimum of stage "
            "%(stage)s, the visitors do not: it needs %(uv_min)s UV a day."
        )
    elif short == ("orders",):
        text = _(
            "Last %(window)s days (%(days)s with actuals): %(figures)s. The visitors reach the minimum of stage "
            "%(stage)s, the orders do not: it needs %(orders_min)s orders a day."
        )
    else:
        text = _(
            "Last %(window)s days (%(days)s with actuals): %(figures)s, below the minimum of stage %(stage)s "
            "(%(minimum)s)."
        )
    return text % _against(p)


def _short_of_current(p: Mapping[str, Any]) -> str:
    """Below the current stage's minimum, saying which figure falls short when only one does."""
    short = short_of(p)
    if short == ("uv",):
        text = _(
            "Last %(window)s days (%(days)s with actuals): %(figures)s. The orders reach the minimum of the current "
            "stage %(stage)s, the visitors do not: it needs %(uv_min)s UV a day."
        )
    elif short == ("orders",):
        text = _(
            "Last %(window)s days (%(days)s with actuals): %(figures)s. The visitors reach the minimum of the "
            "current stage %(stage)s, the orders do not: it needs %(orders_min)s orders a day."
        )
    else:
        text = _(
            "Last %(window)s days (%(days)s with actuals): %(figures)s, below the minimum of the current stage "
            "%(stage)s (%(minimum)s)."
        )
    return text % _against(p)


def _days_in_stage(p: Mapping[str, Any]) -> str:
    params = {
        "days": number(p["days"]),
        "required": number(p["required"]),
        "stage": number(p["stage"]),
        "since": p["since"],
        "window": number(p["window"]),
    }
    if p["days"] < p["required"]:
        return (
            _(
                "Only %(days)s of the %(required)s days of actuals needed in stage %(stage)s so far "
                "(counted from %(since)s, at most the last %(window)s days)."
            )
            % params
        )
    return (
        _("%(days)s days with actuals in stage %(stage)s from %(since)s to yesterday (at least %(required)s needed).")
        % params
    )


def _average(p: Mapping[str, Any], behind: bool) -> str:
    params = {
        "orders": number(p["avg_orders"], 1),
        "target": number(p["avg_target"], 1),
        "percent": percent(p["attainment"]),
        "days": number(p["days"]),
        "threshold": percent(p["threshold"]),
    }
    if behind:
        return (
            _(
                "The 7-day average of %(orders)s orders a day is %(percent)s of the day target of %(target)s "
                "(over %(days)s days; behind plan below %(threshold)s)."
            )
            % params
        )
    return (
        _(
            "The 7-day average of %(orders)s orders a day is %(percent)s of the day target of %(target)s "
            "(over %(days)s days; on plan from %(threshold)s)."
        )
        % params
    )


def _pace(p: Mapping[str, Any], behind: bool) -> str:
    params = {"percent": percent(p["pace"]), "threshold": percent(p["threshold"])}
    if behind:
        return (
            _(
                "At this month's pace the store reaches %(percent)s of the month's orders target "
                "(behind plan below %(threshold)s)."
            )
            % params
        )
    return _("At this month's pace the store reaches %(percent)s of the month's orders target.") % params


TEXTS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    ReasonCode.NO_PLAN: lambda p: _("No active plan covers today."),
    ReasonCode.DAYS_IN_STAGE: _days_in_stage,
    ReasonCode.BEHIND_AVERAGE: lambda p: _average(p, True),
    ReasonCode.ON_PLAN_AVERAGE: lambda p: _average(p, False),
    ReasonCode.BEHIND_PACE: lambda p: _pace(p, True),
    ReasonCode.ON_PLAN_PACE: lambda p: _pace(p, False),
    ReasonCode.NEXT_REACHED: lambda p: (
        _(
            "Last %(window)s days (%(days)s with actuals): %(figures)s, at or above the minimum of stage %(stage)s "
            "(%(minimum)s)."
        )
        % _against(p)
    ),
    ReasonCode.NEXT_NOT_REACHED: _short_of_next,
    ReasonCode.BELOW_STAGE: _short_of_current,
    ReasonCode.NO_RECENT_ACTUALS: lambda p: _("No actuals in the last %(window)s days.") % {"window": p["window"]},
    ReasonCode.LAST_STAGE: lambda p: (
        _("Stage %(stage)s is the plan's last stage: there is no next stage to advance to.") % {"stage": p["stage"]}
    ),
    ReasonCode.ANOMALY: lambda p: (
        _(
            "Conversion on %(date)s was %(ratio)s× the trailing median, an anomaly: no advance while it is within "
            "the last 28 days."
        )
        % {"date": p["date"], "ratio": number(p["ratio"], 1)}
    ),
}


def reason_text(reason: Reason | Mapping[str, Any]) -> str:
    """One reason as a sentence; a reason given as a dict ({"code", "params"}) is one read back from JSON."""
    if isinstance(reason, Reason):
        code, params = str(reason.code), reason.params
    else:
        code, params = str(reason["code"]), reason.get("params") or {}
    return TEXTS[code](params)


def reason_texts(reasons: Iterable[Reason | Mapping[str, Any]]) -> list[str]:
    return [reason_text(r) for r in reasons]


def reasons_payload(reasons: Iterable[Reason]) -> list[dict[str, Any]]:
    """The reasons as the API gives them: code, figures and the sentence in the request's language."""
    return [{**r.as_dict(), "text": reason_text(r)} for r in reasons]
