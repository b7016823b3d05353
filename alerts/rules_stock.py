"""Alert rules on stock and promotions: a SKU below its reorder point, a SKU out of stock but still listed, and a
promotion whose stock decision or factory order-by date is near and undecided."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core import numbers

from .choices import AlertKind, Severity
from .rules import AlertContext, Finding, Subject, days_from, deadline_text, rule, sentences, store_today

COUNTS = ("on_hand", "inbound_open", "reorder_point", "suggested_order", "shortfall")


def _counted(data: dict[str, Any]) -> dict[str, Any]:
    """The finding's data with its unit counts written for people (1,200)."""
    return {**data, **{key: numbers.count(data[key]) for key in COUNTS if key in data}}


def _stock_low_text(data: dict[str, Any]) -> tuple[str, str]:
    data = _counted(data)
    title = _("%(code)s below its reorder point") % data
    detail = _(
        "%(name)s (%(code)s) has %(on_hand)s on hand and %(inbound)s on order, at or below its reorder point of "
        "%(reorder_point)s. Suggested factory order: %(suggested)s units."
    ) % {**data, "inbound": data["inbound_open"], "suggested": data["suggested_order"]}
    return title, detail


def _product_page(data: dict[str, Any]) -> tuple[Subject, ...]:
    return (Subject("inventory:product_detail", {"sku": data["code"]}),)


@rule(AlertKind.STOCK_LOW, describe=_stock_low_text, subjects=_product_page)
def stock_low(context: AlertContext) -> list[Finding]:
    found = []
    for item in context.stock:
        # An item out of stock and listed has its own, more urgent alert.
        if not item.below_reorder_point or (item.on_hand <= 0 and item.is_listed):
            continue
        severity = Severity.CRITICAL if item.on_hand + item.inbound_open <= 0 else Severity.WARNING
        data = {
            "code": item.code,
            "name": item.name,
            "on_hand": item.on_hand,
            "inbound_open": item.inbound_open,
            "reorder_point": item.reorder_point,
            "suggested_order": item.suggested_order,
        }
        found.append(stock_low.finding(item.code, severity, data))
    return found


def _stock_out_text(data: dict[str, Any]) -> tuple[str, str]:
    data = _counted(data)
    title = _("%(code)s is out of stock but listed") % data
    detail = (
        _(
            "%(name)s (%(code)s) has %(on_hand)s on hand and is still listed: delist it now, and have customer service "
            "contact buyers of open orders."
        )
        % data
    )
    return title, detail


@rule(AlertKind.STOCK_OUT_LISTED, describe=_stock_out_text, subjects=_product_page)
def stock_out_listed(context: AlertContext) -> list[Finding]:
    return [
        stock_out_listed.finding(
            item.code,
            Severity.CRITICAL,
            {"code": item.code, "name": item.name, "on_hand": item.on_hand},
        )
        for item in context.stock
        if item.is_listed and item.on_hand <= 0
    ]


def _promotion_decision_text(data: dict[str, Any]) -> tuple[str, str]:
    days = days_from(data, data["due"])
    params = {**_counted(data), "when": deadline_text(days) if days is not None else ""}
    factory = data["deadline"] == "factory_order"
    if days is not None and days < 0:
        title = (
            _("Factory order for %(name)s not placed: %(when)s (due %(due)s)")
            if factory
            else _("Stock for %(name)s not decided: %(when)s (due %(due)s)")
        ) % params
    else:
        title = (
            _("Order stock for %(name)s from the factory by %(due)s")
            if factory
            else _("Decide the stock for %(name)s by %(due)s")
        ) % params
        if days is not None:
            title = _("%(title)s (%(when)s)") % {"title": title, "when": params["when"]}
    if factory:
        detail = _(
            "%(name)s starts on %(start)s; with the suppliers' lead times, factory orders must go out by %(due)s."
        )
    else:
        detail = _("%(name)s starts on %(start)s; its stock must be decided a week ahead, by %(due)s.")
    parts = [detail % params]
    if data.get("shortfall"):
        parts.append(_("Projected stock falls %(shortfall)s units short of what it needs.") % params)
    return title, sentences(parts)


def _promotion_page(data: dict[str, Any]) -> tuple[Subject, ...]:
    return (Subject("promotions:promotion_detail", {"pk": data["promotion_id"]}),)


@rule(AlertKind.PROMOTION_DECISION, describe=_promotion_decision_text, subjects=_promotion_page)
def promotion_decision(context: AlertContext) -> list[Finding]:
    found = []
    for item in context.promotion_deadlines:
        overdue = item.due <= context.as_of
        severity = Severity.CRITICAL if overdue or item.shortfall else Severity.WARNING
        data = {
            "promotion_id": item.promotion_id,
            "name": item.name,
            "start": item.start.isoformat(),
            "deadline": item.kind,
            "due": item.due.isoformat(),
            "shortfall": item.shortfall,
        }
        key = f"{item.promotion_id}:{item.kind}"
        found.append(promotion_decision.finding(key, severity, data, store_today(context.as_of)))
    return found
