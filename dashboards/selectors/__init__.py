"""Dashboard reads: plain dicts and lists from ``.values()`` reads, never a query per store or per day."""

from .briefing import briefing, briefing_stores, store_briefings
from .days import days_detail, source_labels
from .portfolio import last_rollups, portfolio_rows, stage_statuses
from .store import (
    chart_window,
    period_table,
    recompute_span,
    store_chart,
    store_dashboard,
    store_open_alerts,
    variance_splits,
)

__all__ = [
    "briefing",
    "briefing_stores",
    "store_briefings",
    "chart_window",
    "days_detail",
    "last_rollups",
    "period_table",
    "portfolio_rows",
    "recompute_span",
    "source_labels",
    "stage_statuses",
    "store_chart",
    "store_dashboard",
    "store_open_alerts",
    "variance_splits",
]
