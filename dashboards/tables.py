"""The columns of the dashboard tables as exported (the pages show the same figures)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from core.spreadsheet import Column, Kind, Table


def _figures() -> list[Column]:
    return [
        Column("uv", _("UV"), kind=Kind.COUNT),
        Column("target_uv", _("UV target"), kind=Kind.COUNT),
        Column("orders", _("Orders"), kind=Kind.COUNT),
        Column("target_orders", _("Orders target"), kind=Kind.COUNT),
        Column("orders_attainment", _("Orders attainment"), kind=Kind.PERCENT),
        Column("gmv", _("GMV (CNY)"), kind=Kind.MONEY),
        Column("target_gmv", _("GMV target (CNY)"), kind=Kind.MONEY),
        Column("gmv_attainment", _("GMV attainment"), kind=Kind.PERCENT),
        Column("ad_spend", _("Ad spend (CNY)"), kind=Kind.MONEY),
        Column("conversion", _("Conversion"), kind=Kind.PERCENT),
        Column("aov", _("AOV (CNY)"), kind=Kind.MONEY),
        Column("gmv_variance", _("GMV variance (CNY)"), kind=Kind.MONEY),
        Column("uv_effect", _("UV effect (CNY)"), kind=Kind.MONEY),
        Column("conversion_effect", _("Conversion effect (CNY)"), kind=Kind.MONEY),
        Column("aov_effect", _("AOV effect (CNY)"), kind=Kind.MONEY),
    ]


def portfolio_table(rows: Iterable[Mapping[str, Any]]) -> Table:
    return Table(
        _("Portfolio"),
        [
            Column("code", _("Store code")),
            Column("name", _("Store")),
            Column("platform_label", _("Platform")),
            Column("stage", _("Stage"), kind=Kind.COUNT),
            Column("recommendation_label", _("Recommendation")),
            Column("reason_texts", _("Why"), lambda row: " ".join(row["reason_texts"])),
            Column("yesterday", _("Yesterday"), kind=Kind.DATE),
            Column("orders_yesterday", _("Orders yesterday"), kind=Kind.COUNT),
            Column("target_orders_yesterday", _("Orders target yesterday"), kind=Kind.COUNT),
            Column("orders_7d", _("Orders, 7 days"), kind=Kind.COUNT),
            Column("target_orders_7d", _("Orders target, 7 days"), kind=Kind.COUNT),
            Column("gmv_mtd", _("GMV month to date (CNY)"), kind=Kind.MONEY),
            Column("target_gmv_mtd", _("GMV target to date (CNY)"), kind=Kind.MONEY),
            Column("attainment_mtd", _("GMV attainment to date"), kind=Kind.PERCENT),
            Column("projected_gmv", _("Projected month GMV (CNY)"), kind=Kind.MONEY),
            Column("period_target_gmv", _("Month GMV target (CNY)"), kind=Kind.MONEY),
            Column("pace_gmv", _("GMV pace"), kind=Kind.PERCENT),
            Column("open_alerts", _("Open alerts"), kind=Kind.COUNT),
            Column("last_rollup_at", _("Last rollup"), kind=Kind.DATETIME),
        ],
        rows,
    )


def period_table(rows: Iterable[Mapping[str, Any]], grain: str) -> Table:
    columns = [Column("start", _("From"), kind=Kind.DATE), Column("to", _("To"), kind=Kind.DATE)]
    if grain == "day":
        columns = [Column("start", _("Date"), kind=Kind.DATE), Column("stage", _("Stage"), kind=Kind.COUNT)]
    columns += _figures()
    if grain != "day":
        columns += [
            Column("days_elapsed", _("Days elapsed"), kind=Kind.COUNT),
            Column("days", _("Days"), kind=Kind.COUNT),
            Column("projected_gmv", _("Projected GMV (CNY)"), kind=Kind.MONEY),
            Column("period_target_gmv", _("Period GMV target (CNY)"), kind=Kind.MONEY),
            Column("pace_gmv", _("GMV pace"), kind=Kind.PERCENT),
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
            Column("date", _("Date"), kind=Kind.DATE),
            Column("stage", _("Stage"), kind=Kind.COUNT),
            Column("source_label", _("Counted source")),
            *_figures(),
            Column("record_source", _("Source record")),
            Column("counted", _("Counted")),
            Column("record_uv", _("Record UV"), kind=Kind.COUNT),
            Column("record_orders", _("Record orders"), kind=Kind.COUNT),
            Column("record_gmv", _("Record GMV (CNY)"), kind=Kind.MONEY),
            Column("record_ad_spend", _("Record ad spend (CNY)"), kind=Kind.MONEY),
            Column("record_updated_at", _("Record updated"), kind=Kind.DATETIME),
        ],
        lines(),
    )
