"""The gap report as a CSV/XLSX table: one row per month and role, then the under-staffed days."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dashboards.export import Column, Table

from .selectors import StaffingGap


def gap_table(gap: StaffingGap) -> Table:
    names = {role.code: role.name for role in gap.roles}
    rows: list[dict[str, Any]] = []
    for month in gap.months:
        for row in month.rows:
            rows.append(
                {
                    "month": month.month.strftime("%Y-%m"),
                    "stages": ", ".join(str(s) for s in month.stages),
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
        Column("stages", _("Plan stage")),
        Column("role", _("Role")),
        Column("required", _("Required (FTE)")),
        Column("planned", _("Planned (FTE)")),
        Column("on_roster", _("On roster (FTE)")),
        Column("gap", _("On roster less required")),
        Column("peak", _("Busiest day (FTE)")),
        Column("state", _("State")),
        Column("understaffed", _("Under-staffed days")),
    ]
    return Table(str(_("Staffing gap")), columns, rows)
