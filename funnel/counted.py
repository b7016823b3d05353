"""Which of a store-day's metric rows counts: the row of the kind of source the store's source policy prefers
(``stores.choices.SOURCE_RANKS``), then the latest one, then the first source by name. Written once, as SQL: the
rollups' day view ranks its actuals with it (``rollups.sql``), and the funnel's own reads of what counted (a
store's trailing AOV, the source that counts on a day) use the same statement, so all of them agree."""

from __future__ import annotations

from funnel.choices import EXPORT_SOURCE_PREFIX, SERVICE_LOG_SOURCE
from funnel.models import METRIC_FIELDS
from stores.choices import SOURCE_RANKS, SourceKind, SourcePolicy

ACTUAL_COLUMNS = ", ".join(METRIC_FIELDS)


def _source_rank(policy: str) -> str:
    """A metric row's rank under ``policy``: the place of its kind of source in SOURCE_RANKS (0 first)."""
    rank = {kind: n for n, kind in enumerate(SOURCE_RANKS[policy])}
    prefix = len(EXPORT_SOURCE_PREFIX)
    return (
        f"CASE WHEN m.source = '{SERVICE_LOG_SOURCE}' THEN {rank[SourceKind.SERVICE_LOG]} "
        f"WHEN substr(m.source, 1, {prefix}) = '{EXPORT_SOURCE_PREFIX}' THEN {rank[SourceKind.EXPORT]} "
        f"ELSE {rank[SourceKind.API]} END"
    )


# The rank of a metric row's kind of source under its store's source policy (an unknown policy ranks as the
# default, API clients first).
_PREFERRED = (
    "CASE s.source_policy "
    + " ".join(f"WHEN '{p}' THEN {_source_rank(p)}" for p in SOURCE_RANKS if p != SourcePolicy.API)
    + f" ELSE {_source_rank(SourcePolicy.API)} END"
)


def ranked_actuals(where: str) -> str:
    """Each store-day's actuals: the row that counts (``store_id, date, source`` and the metric columns).
    ``where`` filters the metrics (``m``; the store is ``s``); store and date are the window's partition, so a
    filter on them, written here or pushed down from a query on a view built on this, keeps the window to the
    rows asked for."""
    return f"""
        SELECT store_id, date, source, {ACTUAL_COLUMNS} FROM (
            SELECT m.store_id, m.date, m.source, {", ".join(f"m.{c}" for c in METRIC_FIELDS)},
                   ROW_NUMBER() OVER (
                       PARTITION BY m.store_id, m.date
                       ORDER BY {_PREFERRED}, m.updated_at DESC, m.source
                   ) AS rank
            FROM funnel_dailymetric m JOIN stores_store s ON s.id = m.store_id
            {"WHERE " + where if where else ""}
        ) ranked WHERE rank = 1
    """
