"""The columns of the dashboard tables as exported (the pages show the same figures)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from .export import Column, Table


def _figures() -> list[Column]:
    return [
        Column("uv", _("UV")),
        Column("target_uv", _("UV target")),
        Column("orders", _("Orders")),
        Column("target_orders", _("Orders target")),
        Column("orders_attainment", _("Orders attainment")),
        Column("gmv", _("GMV (CNY)")),
        Column("target_gmv", _("GMV target (CNY)")),
        Column("gmv_attainment", _("GMV attainment")),
        Column("ad_spend", _("Ad spend (CNY)")),
        Column("conversion", _("Conversion")),
        Column("aov", _("AOV (CNY)")),
        Column("gmv_variance", _("GMV variance (CNY)")),
        Column("uv_effect", _("UV effect (CNY)")),
        Column("conversion_effect", _("Conversion effect (CNY)")),
        Column("aov_effect", _("AOV effect (CNY)")),
    ]


def portfolio_table(rows: Iterable[Mapping[str, Any]]) -> Table:
    return Table(
        _("Portfolio"),
        [
            Column("code", _("Store code")),
            Column("name", _("Store")),
            Column("platform_label", _("Platform")),
            Column("stage", _("Stage")),
            Column("recommendation_label", _("Recommendation")),
            Column("reason_texts", _("Why"), lambda row: " ".join(row["reason_texts"])),
            Column("yesterday", _("Yesterday")),
            Column("orders_yesterday", _("Orders yesterday")),
            Column("target_orders_yesterday", _("Orders target yesterday")),
            Column("orders_7d", _("Orders, 7 days")),
            Column("target_orders_7d", _("Orders target, 7 days")),
            Column("gmv_mtd", _("GMV month to date (CNY)")),
            Column("target_gmv_mtd", _("GMV target to date (CNY)")),
            Column("attainment_mtd", _("GMV attainment to date")),
            Column("projected_gmv", _("Projected month GMV (CNY)")),
            Column("period_target_gmv", _("Month GMV target (CNY)")),
            Column("pace_gmv", _("GMV pace")),
            Column("open_alerts", _("Open alerts")),
            Column("last_rollup_at", _("Last rollup")),
        ],
        rows,
    )


def period_table(rows: Iterable[Mapping[str, Any]], grain: str) -> Table:
    columns = [Column("start", _("From")), Column("to", _("To"))]
    if grain == "day":
        columns = [Column("start", _("Date")), Column("stage", _("Stage"))]
    columns += _figures()
    if grain != "day":
        columns += [
            Column("days_elapsed", _("Days elapsed")),
            Column("days", _("Days")),
            Column("projected_gmv", _("Projected GMV (CNY)")),
            Column("period_target_gmv", _("Period GMV target (CNY)")),
            Column("pace_gmv", _("GMV pace")),
        ]
    return Table(_("Plan vs actual"), columns, rows)


def days_table(days: Iterable[Mapping[str, Any]]) -> Table:
    """One row per day and source: the day's rollup beside each source's record, the counted one marked."""

    def lines() -> Iterable[dict[str, Any]]:
        for day in days:
            for record in day["records"] or [{}]:
                yield {
                    **day,
                    "record_source": record.get("source_label", ""),
                    "counted": (_("yes") if record.get("counted") else _("no")) if record else "",
                    **{f"record_{k}": record.get(k) for k in ("uv", "orders", "gmv", "ad_spend", "updated_at")},
                }

    return Table(
        _("Days"),
        [
            Column("date", _("Date")),
            Column("stage", _("Stage")),
            Column("source_label", _("Counted source")),
            *_figures(),
            Column("record_source", _("Source record")),
            Column("counted", _("Counted")),
            Column("record_uv", _("Record UV")),
            Column("record_orders", _("Record orders")),
            Column("record_gmv", _("Record GMV (CNY)")),
            Column("record_ad_spend", _("Record ad spend (CNY)")),
            Column("record_updated_at", _("Record updated")),
        ],
        lines(),
    )
