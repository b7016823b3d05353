"""Generating a rota: the generator's input read from the database, its shifts written in one batch, the
coverage it leaves recorded; and the demo's rotas.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.db import advisory_lock
from staffing.models import StaffRole
from stores.models import Store

from ..choices import ShiftState
from ..domain import generate_rota
from ..models import Rota, Shift
from ..selectors import (
    CoverageReport,
    assignments_of,
    commitments_for,
    coverage_report,
    days_off_of,
    pattern_spec,
    patterns_of,
    person_specs,
    required_for,
    staffing_policy,
)
from .patterns import RotaInvalid, patterns_seed_defaults, shift_times

MAX_RANGE_DAYS = 92
MIN_PEOPLE = 2


@dataclass
class RotaResult:
    rota: Rota
    created: int
    kept: int
    report: CoverageReport


def _check_range(first: datetime.date, last: datetime.date) -> None:
    if last < first:
        raise RotaInvalid({"end": [_("The range ends before it starts.")]})
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise RotaInvalid({"end": [_("Generate at most %(days)s days at a time.") % {"days": MAX_RANGE_DAYS}]})


def rota_generate(
    store: Store,
    role: StaffRole,
    first: datetime.date,
    last: datetime.date,
    user: Any = None,
    seed: int | None = None,
) -> RotaResult:
    """Plan ``role``'s shifts in ``store`` from ``first`` to ``last``: planned shifts in the range are replaced,
    confirmed ones kept; returns the rota with the coverage it leaves."""
    _check_range(first, last)
    patterns = patterns_of(store, role)
    if not patterns:
        raise RotaInvalid({"__all__": [_("The role has no shift patterns yet: add them or use the defaults.")]})
    assignments = assignments_of(store, role, first, last)
    if len({a.person_id for a in assignments}) < MIN_PEOPLE:
        raise RotaInvalid({"__all__": [_("A rota is made when a role in a store has two or more people.")]})
    seed = random.SystemRandom().randrange(1, 10**6) if seed is None else seed
    policy = staffing_policy(store)
    tz = zoneinfo.ZoneInfo(store.time_zone)
    with transaction.atomic():
        advisory_lock("rota", store.pk, role.pk)
        people = [a.person_id for a in assignments]
        days_off = days_off_of(people, first, last)
        commitments = commitments_for(store, patterns, people, first, last, margin=policy.max_days_in_row + 1)
        required = required_for(store, role, patterns, first, last, policy)
        plan = generate_rota(
            first,
            last,
            person_specs(assignments, days_off),
            [pattern_spec(p) for p in patterns],
            required,
            policy.max_days_in_row,
            commitments,
            seed,
        )
        Shift.objects.filter(
            store=store, pattern__in=patterns, date__gte=first, date__lte=last, state=ShiftState.PLANNED
        ).delete()
        by_pk = {p.pk: p for p in patterns}
        Shift.objects.bulk_create(
            Shift(
                store=store,
                pattern_id=item.pattern,
                person_id=item.person,
                date=item.day,
                **shift_times(by_pk[item.pattern], item.day, tz),
            )
            for item in plan.placed
        )
        kept = sum(1 for c in commitments if c.pattern is not None)
        report = coverage_report(store, role, first, last, patterns)
        rota = Rota.objects.create(
            store=store,
            role=role,
            start_date=first,
            end_date=last,
            generated_by=user if getattr(user, "is_authenticated", False) else None,
            seed=seed,
            shifts_created=len(plan.placed),
            shifts_kept=kept,
            shortfall=report.shortfall,
        )
    return RotaResult(rota, len(plan.placed), kept, report)


def demo_rotas(store: Store, first: datetime.date, last: datetime.date) -> list[RotaResult]:
    """Customer-service and logistics rotas for a demo store (default patterns, a fixed seed); roles with fewer
    than two people are skipped, so before the demo team exists this does nothing."""
    results = []
    for code in ("customer_service", "logistics"):
        role = StaffRole.objects.filter(code=code).first()
        if role is None or len({a.person_id for a in assignments_of(store, role, first, last)}) < MIN_PEOPLE:
            continue
        patterns_seed_defaults(store, role)
        results.append(rota_generate(store, role, first, last, seed=2026))
    return results


def demo_rotas_ahead(as_of: datetime.date) -> list[RotaResult]:
    """:func:`demo_rotas` for this month and the next in every store (the demo's, on a fresh install), so the
    rota a manager opens first is planned and next month is there to adjust."""
    first = as_of.replace(day=1)
    after_next = (first + datetime.timedelta(days=62)).replace(day=1)
    last = after_next - datetime.timedelta(days=1)
    return [result for store in Store.objects.order_by("code") for result in demo_rotas(store, first, last)]
