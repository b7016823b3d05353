"""The store dashboard's long tables rendered in Python: the same markup the template would write, faster.

The day grain shows 90 rows in the period table and 90 in each of the five chart tables: about 3,000 cells,
each a template variable with a filter and a drill-down link. Rendered by the template engine they took most
of a request (docs/benchmarks.md); here each row is one f-string over values formatted once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper per cell
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.templatetags.numbers import count, money, pct, signed_money

from .templatetags.dashboard_tags import days_url

KIND_FORMATS: dict[str, Callable[[Any], str]] = {"money": money, "pct": lambda v: pct(v, 2), "count": count}


def _label(start: date, grain: str) -> str:
    return start.strftime("%Y-%m") if grain == "month" else start.isoformat()


def _join(rows: Iterable[str]) -> SafeString:
    # Every value below is either escaped or comes from the number formats, which write digits and signs only.
    return mark_safe("".join(rows))  # noqa: S308


def metric_table_body(store_code: str, grain: str, rows: Iterable[Mapping[str, Any]], kind: str) -> SafeString:
    """One chart's table alternative: period (a drill-down link), actual, target, share of target."""
    fmt = KIND_FORMATS.get(kind, count)
    return _join(
        f'<tr><td><a href="{escape(days_url(store_code, r["start"], r["to"]))}">{_label(r["start"], grain)}</a></td>'
        f'<td class="num">{fmt(r["actual"])}</td><td class="num">{fmt(r["target"])}</td>'
        f'<td class="num">{pct(r["share"], 0)}</td></tr>'
        for r in rows
    )


def _elapsed(r: Mapping[str, Any], grain: str) -> str:
    """A running week or month: how many of its days have passed."""
    elapsed, days = r.get("days_elapsed"), r.get("days")
    if grain == "day" or not elapsed or elapsed >= days:
        return ""
    return ' <small class="text-muted">{}</small>'.format(escape(_("%(n)s/%(d)s days") % {"n": elapsed, "d": days}))


def period_table_body(store_code: str, grain: str, rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """The period table's rows: figures against targets, the GMV variance split and, for weeks and months,
    the projection and pace; the period and the actuals link to the days behind them."""
    out = []
    for r in rows:
        link = escape(days_url(store_code, r["start"], r["to"]))
        pace = ""
        if grain != "day":
            pace = f'<td class="num">{money(r["projected_gmv"])}</td><td class="num">{pct(r["pace_gmv"], 0)}</td>'
        out.append(
            f'<tr><th scope="row" class="fw-normal text-nowrap"><a href="{link}">{_label(r["start"], grain)}</a>'
            f"{_elapsed(r, grain)}</th>"
            f'<td class="num">{count(r["uv"])}</td>'
            f'<td class="num"><a href="{link}">{count(r["orders"])}</a></td>'
            f'<td class="num text-muted">{count(r["target_orders"])}</td>'
            f'<td class="num"><a href="{link}">{money(r["gmv"])}</a></td>'
            f'<td class="num text-muted">{money(r["target_gmv"])}</td>'
            f'<td class="num">{pct(r["gmv_attainment"], 0)}</td>'
            f'<td class="num">{pct(r["conversion"], 2)}</td><td class="num">{money(r["aov"])}</td>'
            f'<td class="num">{signed_money(r["uv_effect"])}</td>'
            f'<td class="num">{signed_money(r["conversion_effect"])}</td>'
            f'<td class="num">{signed_money(r["aov_effect"])}</td>{pace}</tr>'
        )
    return _join(out)
