"""Day figures for tests. The day rollups are a view over the metrics and the active plans' day targets, so a test
that needs a day's actuals or targets writes those: a metric row of one source, a day target of the store's test
plan (an active plan made here, widened to cover every day given)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from funnel.choices import PlanStatus
from funnel.models import DailyMetric, DailyTarget, Plan
from tests.factories import stage_plan

ACTUALS = ("uv", "pv", "orders", "gmv", "ad_spend", "refunds", "paying_buyers", "new_buyers", "returning_buyers")
TARGETS = {"target_uv": "uv", "target_orders": "orders", "target_gmv": "gmv", "target_ad_spend": "ad_spend"}
TEST_PLAN = "Test targets"


def day_figures(store, rows: Iterable[tuple[date, dict]], *, source: str = "service_log", stage: int = 1) -> None:
    """Per (day, figures): the actuals among ``figures`` (uv, orders, gmv, …; orders needed) as the day's metric of
    ``source``, replacing an earlier one of that source; the targets (target_uv, target_orders, target_gmv,
    target_ad_spend; the others 0) as the day's target in ``stage``."""
    now = timezone.now()
    metrics, targets = [], {}
    for day, figures in rows:
        unknown = set(figures) - set(ACTUALS) - set(TARGETS)
        assert not unknown, f"not a day figure: {unknown}"
        if figures.get("orders") is not None:
            actual = {name: figures.get(name) for name in ACTUALS}
            metrics.append(DailyMetric(store=store, date=day, source=source, created_at=now, updated_at=now, **actual))
        if any(figures.get(name) is not None for name in TARGETS):
            targets[day] = {column: figures.get(name) or 0 for name, column in TARGETS.items()}
    DailyMetric.objects.bulk_create(
        metrics,
        update_conflicts=True,
        unique_fields=["store", "date", "source"],
        update_fields=[*ACTUALS, "updated_at"],
    )
    if targets:
        plan = targets_plan(store, min(targets), max(targets))
        DailyTarget.objects.bulk_create(
            [
                DailyTarget(
                    plan=plan,
                    date=day,
                    stage=stage,
                    **{**t, "gmv": Decimal(t["gmv"]), "ad_spend": Decimal(t["ad_spend"])},
                )
                for day, t in targets.items()
            ],
            update_conflicts=True,
            unique_fields=["plan", "date"],
            update_fields=["stage", "uv", "orders", "gmv", "ad_spend"],
        )


def same_figures(store, days: Iterable[date], **figures) -> None:
    """The same figures on each of ``days`` (see :func:`day_figures`)."""
    day_figures(store, [(day, figures) for day in days])


def targets_plan(store, first: date, last: date) -> Plan:
    """The store's active test plan, made or widened to cover [first, last]: one stage (1) over its whole period."""
    plan = Plan.objects.filter(store=store, name=TEST_PLAN, status=PlanStatus.ACTIVE).first()
    if plan is None:
        plan = Plan.objects.create(
            store=store, name=TEST_PLAN, period_start=first, period_end=last, status=PlanStatus.ACTIVE
        )
        stage_plan(
            plan,
            1,
            first,
            last,
            uv_max=1000,
            orders_min=0,
            orders_max=50,
            uv_min=0,
            orders_per_day=Decimal(10),
            conversion=Decimal("0.01"),
            paid_share=Decimal("0.3"),
        )
        return plan
    plan.period_start, plan.period_end = min(plan.period_start, first), max(plan.period_end, last)
    plan.save(update_fields=["period_start", "period_end"])
    plan.stages.update(start_date=plan.period_start, end_date=plan.period_end)
    return plan


def month_segments(store, as_of: date, to_date: dict, rest: dict | None = None) -> None:
    """A month's rollup as a rollup writes it, without the days behind it: the segment of its days up to ``as_of``
    with the sums ``to_date`` (orders, gmv, target_orders, target_gmv, …) and the segment of the rest of the month
    with the targets ``rest``. The month's period (and the week of its first day) then add these up."""
    from rollups.models import PeriodSegment

    start = as_of.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    common = {"store": store, "month": start, "as_of": as_of, "computed_at": timezone.now()}
    segments = [PeriodSegment(week=start, past=True, first_day=start, last_day=as_of, **common, **to_date)]
    if rest is not None and as_of < end:
        following = as_of + timedelta(days=1)
        segments.append(PeriodSegment(week=following, past=False, first_day=following, last_day=end, **common, **rest))
    PeriodSegment.objects.bulk_create(segments)
