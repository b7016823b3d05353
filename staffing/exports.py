"""The gap report as a CSV/XLSX table: one row per month and role, then the under-staffed days."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.spreadsheet import Column, Kind, Table

from .domain.report import OK, SHORT, TIGHT
from .selectors import StaffingGap

STATES = {
    OK: gettext_lazy("OK"),
    TIGHT: pgettext_lazy("staffing state", "Tight"),
    SHORT: pgettext_lazy("staffing state", "Short"),
}


def gap_table(gap: StaffingGap) -> Table:
    names = {role.code: role.name for role in gap.roles}
    rows: list[dict[str, Any]] = []
    for month in gap.months:
        for row in month.rows:
            rows.append(
                {
                    "month": month.month.strftime("%Y-%m"),
                    "first_stage": min(month.stages, default=None),
                    "last_stage": max(month.stages, default=None),
                    "role": names[row.role],
                    "required": row.required,
                    "planned": row.planned,
                    "on_roster": row.on_roster,
                    "gap": row.gap,
                    "peak": row.peak,
                    "state": row.state,
                    "understaffed": sum(
                        1 for day in month.understaffed if any(s.role == row.role for s in day.shortages)
                    ),
                }
            )
    columns = [
        Column("month", _("Month")),
        Column("first_stage", _("First plan stage of the month"), kind=Kind.COUNT),
        Column("last_stage", _("Last plan stage of the month"), kind=Kind.COUNT),
        Column("role", _("Role")),
        Column("required", _("Required (FTE)"), kind=Kind.DECIMAL),
        Column("planned", _("Planned (FTE)"), kind=Kind.DECIMAL),
        Column("on_roster", _("On roster (FTE)"), kind=Kind.DECIMAL),
        Column("gap", _("On roster less required"), kind=Kind.DECIMAL),
        Column("peak", _("Busiest day (FTE)"), kind=Kind.DECIMAL),
        Column("state", _("State"), choices=STATES),
        Column("understaffed", _("Under-staffed days"), kind=Kind.COUNT),
    ]
    return Table(str(_("Staffing gap")), columns, rows)
