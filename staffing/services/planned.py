"""Writes of the planned headcount: a month's grid, and the seed from the playbook's starting team."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from stores.models import Store

from ..domain import month_of, months_between
from ..models import PlannedHeadcount, StaffRole
from ..selectors import staffing_gap
from .common import StaffingInvalid, decimal_or_none

# The playbook's starting team (seeds 003/004, with the other seed's logistics and finance): docs/staffing.md.
STARTING_TEAM = {
    "ops_manager": Decimal("1"),
    "designer": Decimal("1"),
    "promoter": Decimal("2"),
    "customer_service": Decimal("2"),
    "logistics": Decimal("1"),
    "finance": Decimal("0.5"),
    "editor": Decimal("0.5"),
}
MAX_HEADCOUNT = Decimal("9999")


def planned_headcount_set(store: Store, month: date, values: Mapping[str, Any]) -> list[PlannedHeadcount]:
    """Set a month's planned headcount by role code, all or nothing; an empty value removes the role's row."""
    month = month_of(month)
    roles = {r.code: r for r in StaffRole.objects.all()}
    errors: dict[str, list[str]] = {}
    clean: dict[str, Decimal | None] = {}
    for code, raw in values.items():
        number = decimal_or_none(raw) if raw not in (None, "") else None
        if code not in roles:
            errors[code] = [_("No such role.")]
        elif raw not in (None, "") and (number is None or number < 0 or number > MAX_HEADCOUNT):
            errors[code] = [_("Enter a headcount between 0 and 9999.")]
        else:
            clean[code] = number.quantize(Decimal("0.01")) if number is not None else None
    if errors:
        raise StaffingInvalid(errors)
    with transaction.atomic():
        gone = [code for code, value in clean.items() if value is None]
        PlannedHeadcount.objects.filter(store=store, month=month, role__code__in=gone).delete()
        rows = [
            PlannedHeadcount(store=store, role=roles[code], month=month, headcount=value)
            for code, value in sorted(clean.items())
            if value is not None
        ]
        return PlannedHeadcount.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["store", "role", "month"], update_fields=["headcount"]
        )


def _half_up(value: Decimal) -> Decimal:
    """Up to the next half person."""
    return Decimal(math.ceil(value * 2)) / 2


def planned_headcount_seed(store: Store, first_month: date, months: int) -> int:
    """Plan each month that has no plan for a role yet: the playbook's starting team, grown to the month's
    requirement (rounded up to half a person) as the stages raise it. Months planned already are kept.
    Returns the number of rows added."""
    gap = staffing_gap(store, first_month, months)
    span = months_between(month_of(first_month), max(1, months))
    existing = set(PlannedHeadcount.objects.filter(store=store, month__in=span).values_list("month", "role_id"))
    rows = []
    for report in gap.months:
        for role, row in zip(gap.roles, report.rows, strict=True):
            if (report.month, role.pk) in existing:
                continue
            start = STARTING_TEAM.get(role.code, role.minimum_headcount)
            rows.append(
                PlannedHeadcount(
                    store=store, role=role, month=report.month, headcount=max(start, _half_up(row.required))
                )
            )
    PlannedHeadcount.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
