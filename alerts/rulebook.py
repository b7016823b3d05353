"""The alert rules opsplan evaluates, listed: every run evaluates each of them for a store, and an unresolved alert
of a listed kind whose key its rule no longer finds is resolved. A rule is made in alerts.rules (sales and
service), alerts.rules_stock (stock and promotions) or alerts.rules_staffing, and takes effect once listed here."""

from __future__ import annotations

from datetime import date
from typing import Any

from . import rules, rules_staffing, rules_stock
from .rules import AlertContext, Finding, Rule, Subject, with_today

RULES: dict[str, Rule] = {
    rule.kind: rule
    for rule in (
        rules.behind_plan,
        rules.stage_change,
        rules.low_rating,
        rules.late_shipping,
        rules.conversion_anomaly,
        rules_stock.stock_low,
        rules_stock.stock_out_listed,
        rules_stock.promotion_decision,
        rules_staffing.understaffed,
    )
}


def run_rules(context: AlertContext) -> dict[str, list[Finding]]:
    """Every registered rule's findings, by kind."""
    return {kind: registered.check(context) for kind, registered in RULES.items()}


def alert_text(kind: str, data: dict[str, Any], title: str, detail: str, today: date | None = None) -> tuple[str, str]:
    """Title and detail in the active language, dates said relative to ``today``; the stored texts when the kind's
    data cannot say them."""
    registered = RULES.get(kind)
    if registered is None:
        return title, detail
    try:
        return registered.describe(with_today(data, today))
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return title, detail


def alert_subjects(kind: str, data: dict[str, Any]) -> tuple[Subject, ...]:
    registered = RULES.get(kind)
    if registered is None:
        return ()
    try:
        return registered.subjects(data)
    except (KeyError, TypeError, ValueError):
        return ()
