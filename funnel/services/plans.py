"""Writes of plans: create from the template, save with optimistic locking and history, copy, activate."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import ALL, ServiceInvalid
from core.playbook import TARGET_CONVERSION
from funnel.choices import PlanStatus
from funnel.domain.layout import default_milestones, event_weights, stage_dates
from funnel.domain.spread import StageTargets, day_targets
from funnel.domain.validation import Problem, StageInput, period_problems, validate_stages
from funnel.models import (
    DEFAULT_SCENARIO,
    STAGE_FIELDS,
    DailyTarget,
    Milestone,
    Plan,
    PlanChange,
    StagePlan,
    StageTemplate,
)
from funnel.playbook import STAGES
from funnel.selectors import store_trailing_aov
from stores.days import dirty_mark_ranges
from stores.models import Store

DEFAULT_AOV = Decimal("100.00")
FROM_TEMPLATE = gettext_noop("from the template")
PLAN_FIELDS = ("name", "scenario", "period_start", "period_end", "notes", "weekday_weights", "month_weights")


class PlanInvalid(ServiceInvalid):
    """The plan as edited breaks a rule; ``problems`` says which, where (a stage, a milestone …)."""

    def __init__(self, problems: list[Problem]):
        super().__init__({ALL: [p.message for p in problems]})
        self.problems = problems

    def api_detail(self) -> dict[str, Any]:
        """Every problem with the part of the plan it concerns."""
        return {"errors": [{"subject": p.subject, "field": p.field, "message": p.message} for p in self.problems]}


class PlanConflict(Exception):
    """Someone saved the plan since this edit began; nothing was written."""

    def __init__(self, plan: Plan):
        super().__init__(f"plan {plan.pk} changed since it was loaded")
        self.plan = plan


def stage_templates() -> list[StageTemplate]:
    """The stage templates, restored from the playbook if there are none."""
    templates = list(StageTemplate.objects.order_by("number"))
    if not templates:
        templates = StageTemplate.objects.bulk_create(StageTemplate(**stage) for stage in STAGES)
    return templates


def _next_version(store: Store, period_start: date, period_end: date) -> int:
    current = Plan.objects.filter(store=store, period_start=period_start, period_end=period_end).aggregate(
        v=Max("version")
    )["v"]
    return (current or 0) + 1


@transaction.atomic
def plan_create_from_template(
    store: Store,
    user: Any,
    *,
    name: str,
    period_start: date,
    period_end: date,
    scenario: str = DEFAULT_SCENARIO,
    notes: str = "",
    weekday_weights: list[float] | None = None,
    month_weights: list[float] | None = None,
    as_of: date,
) -> Plan:
    """A draft plan whose five stages copy the template, laid out over the period, with the playbook's milestones.
    Weights not given are even (1.0 a weekday, 1.0 a month)."""
    templates = stage_templates()
    problems = period_problems(period_start, period_end)
    if problems:
        raise PlanInvalid(problems)
    aov = store_trailing_aov(store, as_of) or DEFAULT_AOV
    plan = Plan.objects.create(
        store=store,
        name=name,
        scenario=scenario,
        period_start=period_start,
        period_end=period_end,
        version=_next_version(store, period_start, period_end),
        created_by=user,
        notes=notes,
        weekday_weights=[float(w) for w in weekday_weights] if weekday_weights is not None else [1.0] * 7,
        month_weights=[float(w) for w in month_weights] if month_weights is not None else [1.0] * 12,
        event_weights={d.isoformat(): w for d, w in event_weights(period_start, period_end).items()},
    )
    dates = stage_dates(period_start, period_end, [t.default_weeks for t in templates])
    stages, previous = [], None
    for template, (start, end) in zip(templates, dates, strict=True):
        uv_min, uv_max = template.uv_min, template.uv_max
        if template.uv_is_increment and previous is not None:  # "base traffic + 70–180 UV"
            uv_min, uv_max = previous.uv_min + uv_min, previous.uv_max + uv_max
        previous = StagePlan(
            plan=plan,
            number=template.number,
            start_date=start,
            end_date=end,
            uv_min=uv_min,
            uv_max=uv_max,
            orders_min=template.orders_min,
            orders_max=template.orders_max,
            orders_per_day=template.default_orders_per_day,
            conversion=TARGET_CONVERSION,
            aov=aov,
            paid_share=template.default_paid_share,
            cpc=template.default_cpc,
            bestseller_count=template.bestseller_count_max,
            bestseller_sales=template.bestseller_sales_max or 0,
            listed_items=template.min_listed_items or 0,
        )
        stages.append(previous)
    StagePlan.objects.bulk_create(stages)
    Milestone.objects.bulk_create(
        Milestone(plan=plan, title=m.title, metric=m.metric, target=m.target, due_date=m.due_date)
        for m in default_milestones(period_start, period_end)
    )
    # Kept untranslated: the history translates it for each reader (funnel.history).
    PlanChange.objects.create(plan=plan, user=user, subject="plan", field="created", new=FROM_TEMPLATE)
    plan_targets_build(plan)
    return plan


def _stage_input(stage: StagePlan) -> StageInput:
    return StageInput(
        number=stage.number,
        start=stage.start_date,
        end=stage.end_date,
        uv_min=stage.uv_min,
        uv_max=stage.uv_max,
        orders_min=stage.orders_min,
        orders_max=stage.orders_max,
        orders_per_day=stage.orders_per_day,
        conversion=stage.conversion,
        aov=stage.aov,
        paid_share=stage.paid_share,
        cpc=stage.cpc,
        bestseller_count=stage.bestseller_count,
        bestseller_sales=stage.bestseller_sales,
        listed_items=stage.listed_items,
    )


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def plan_save(
    plan_id: int,
    user: Any,
    *,
    lock_version: int,
    plan_values: Mapping[str, Any] | None = None,
    stage_values: Mapping[int, Mapping[str, Any]] | None = None,
) -> Plan:
    """Save edits made on top of ``lock_version``; a concurrent save in between raises PlanConflict.

    Every changed value is kept in the plan's history; the day targets are rebuilt.
    """
    plan = Plan.objects.select_for_update().get(pk=plan_id)
    if plan.lock_version != lock_version:
        raise PlanConflict(plan)
    changes: list[PlanChange] = []
    for name, value in (plan_values or {}).items():
        if name not in PLAN_FIELDS:
            raise ValueError(f"{name} is not an editable plan field")
        if getattr(plan, name) != value:
            changes.append(
                PlanChange(
                    plan=plan, user=user, subject="plan", field=name, old=_shown(getattr(plan, name)), new=_shown(value)
                )
            )
            setattr(plan, name, value)
    stages = {s.number: s for s in plan.stages.all()}
    for number, values in (stage_values or {}).items():
        stage = stages[number]
        for name, value in values.items():
            if name not in STAGE_FIELDS:
                raise ValueError(f"{name} is not an editable stage field")
            if getattr(stage, name) != value:
                changes.append(
                    PlanChange(
                        plan=plan,
                        user=user,
                        subject=f"stage {number}",
                        field=name,
                        old=_shown(getattr(stage, name)),
                        new=_shown(value),
                    )
                )
                setattr(stage, name, value)
    problems = validate_stages(plan.period_start, plan.period_end, [_stage_input(s) for s in stages.values()])
    if problems:
        raise PlanInvalid(problems)
    if not changes:
        return plan
    # The conditional UPDATE is the lock: 0 rows means another save won the race.
    updated = Plan.objects.filter(pk=plan.pk, lock_version=lock_version).update(
        **{name: getattr(plan, name) for name in PLAN_FIELDS}, lock_version=F("lock_version") + 1
    )
    if not updated:
        raise PlanConflict(plan)
    StagePlan.objects.bulk_update(list(stages.values()), STAGE_FIELDS)
    PlanChange.objects.bulk_create(changes)
    plan.refresh_from_db()
    plan_targets_build(plan)
    return plan


@transaction.atomic
def plan_copy(plan: Plan, user: Any, *, scenario: str, name: str | None = None) -> Plan:
    """A draft copy of ``plan`` (stages, milestones, weights) as another scenario of the same period."""
    copy = Plan.objects.create(
        store=plan.store,
        name=name or plan.name,
        scenario=scenario,
        period_start=plan.period_start,
        period_end=plan.period_end,
        version=_next_version(plan.store, plan.period_start, plan.period_end),
        based_on=plan,
        created_by=user,
        weekday_weights=plan.weekday_weights,
        month_weights=plan.month_weights,
        event_weights=plan.event_weights,
        notes=plan.notes,
    )
    StagePlan.objects.bulk_create(
        StagePlan(plan=copy, number=s.number, **{f: getattr(s, f) for f in STAGE_FIELDS}) for s in plan.stages.all()
    )
    Milestone.objects.bulk_create(
        Milestone(plan=copy, title=m.title, metric=m.metric, target=m.target, due_date=m.due_date)
        for m in plan.milestones.all()
    )
    # The event is labelled in the reader's language (funnel.history); the value is the source plan's name.
    PlanChange.objects.create(
        plan=copy, user=user, subject="plan", field="copied", new=f"{plan.name} · v{plan.version}"
    )
    plan_targets_build(copy)
    return copy


@transaction.atomic
def plan_activate(plan: Plan, user: Any) -> Plan:
    """Make ``plan`` the active plan of its store and period; the one active before is archived."""
    others = (
        Plan.objects.select_for_update()
        .filter(store=plan.store, period_start=plan.period_start, period_end=plan.period_end, status=PlanStatus.ACTIVE)
        .exclude(pk=plan.pk)
    )
    for other in others:
        PlanChange.objects.create(
            plan=other, user=user, subject="plan", field="status", old=other.status, new=PlanStatus.ARCHIVED
        )
    others.update(status=PlanStatus.ARCHIVED, lock_version=F("lock_version") + 1)
    return _set_status(plan, user, PlanStatus.ACTIVE)


@transaction.atomic
def plan_archive(plan: Plan, user: Any) -> Plan:
    return _set_status(plan, user, PlanStatus.ARCHIVED)


def _set_status(plan: Plan, user: Any, status: str) -> Plan:
    if plan.status != status:
        was_active = plan.status == PlanStatus.ACTIVE
        PlanChange.objects.create(plan=plan, user=user, subject="plan", field="status", old=plan.status, new=status)
        Plan.objects.filter(pk=plan.pk).update(status=status, lock_version=F("lock_version") + 1)
        plan.refresh_from_db()
        if was_active or status == PlanStatus.ACTIVE:
            _mark_for_rollup(plan)
    return plan


@transaction.atomic
def milestone_add(plan: Plan, user: Any, *, title: str, metric: str, target: Decimal, due_date: date) -> Milestone:
    if not plan.period_start <= due_date <= plan.period_end:
        raise PlanInvalid([Problem("milestone", "due_date", _("The date must lie inside the plan's period."))])
    milestone = Milestone.objects.create(plan=plan, title=title, metric=metric, target=target, due_date=due_date)
    PlanChange.objects.create(plan=plan, user=user, subject="milestone", field="added", new=title)
    return milestone


@transaction.atomic
def milestone_remove(milestone: Milestone, user: Any) -> None:
    PlanChange.objects.create(plan=milestone.plan, user=user, subject="milestone", field="removed", old=milestone.title)
    milestone.delete()


def _mark_for_rollup(plan: Plan) -> None:
    """An active plan's targets feed the rollups: its period needs recomputing."""
    dirty_mark_ranges([(plan.store_id, plan.period_start, plan.period_end)])


def plan_targets_build(plan: Plan) -> int:
    """Rebuild the plan's day targets from its stages and weights; returns the number of days."""
    stages = [
        StageTargets(s.number, s.start_date, s.end_date, s.orders_per_day, s.conversion, s.aov, s.paid_share, s.cpc)
        for s in plan.stages.order_by("number")
    ]
    events = {date.fromisoformat(d): float(w) for d, w in (plan.event_weights or {}).items()}
    targets = day_targets(stages, plan.weekday_weights or [], plan.month_weights or [], events)
    DailyTarget.objects.filter(plan=plan).delete()
    DailyTarget.objects.bulk_create(
        [
            DailyTarget(plan=plan, date=t.date, stage=t.stage, uv=t.uv, orders=t.orders, gmv=t.gmv, ad_spend=t.ad_spend)
            for t in targets
        ],
        batch_size=2000,
    )
    if plan.status == PlanStatus.ACTIVE:
        _mark_for_rollup(plan)
    return len(targets)
