"""Plan writes against the database: create from template, save with locking and history, copy, activate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db.models import Sum

from funnel.models import DailyTarget, Plan, PlanChange, StageTemplate
from funnel.services.plans import (
    PlanConflict,
    PlanInvalid,
    plan_activate,
    plan_copy,
    plan_create_from_template,
    plan_save,
)
from tests.factories import StoreFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR = {"period_start": date(2026, 1, 1), "period_end": date(2026, 12, 31)}


@pytest.fixture
def manager():
    return UserFactory(username="mgr")


@pytest.fixture
def plan(manager):
    store = StoreFactory(code="shop")
    return plan_create_from_template(store, manager, name="2026 年度计划", as_of=date(2025, 12, 20), **YEAR)


def test_the_data_migration_loads_the_five_playbook_stages():
    stages = list(StageTemplate.objects.values_list("number", "uv_min", "uv_max", "orders_min", "orders_max"))
    assert stages == [
        (1, 30, 50, 1, 1),
        (2, 100, 300, 1, 10),
        (3, 70, 180, 3, 20),
        (4, 300, 1000, 5, 50),
        (5, 500, 2000, 10, 100),
    ]
    third = StageTemplate.objects.get(number=3)
    assert (third.ad_spend_min, third.ad_spend_max, third.uv_is_increment) == (Decimal(50), Decimal(100), True)
    assert StageTemplate.objects.get(number=2).min_listed_items == 200


def test_a_plan_from_the_template_has_five_contiguous_stages_covering_the_period(plan):
    stages = list(plan.stages.order_by("number"))
    assert [s.number for s in stages] == [1, 2, 3, 4, 5]
    assert stages[0].start_date == date(2026, 1, 1) and stages[-1].end_date == date(2026, 12, 31)
    assert all((b.start_date - a.end_date).days == 1 for a, b in zip(stages, stages[1:], strict=False))
    assert (stages[2].uv_min, stages[2].uv_max) == (170, 480)  # base traffic + 70–180
    assert stages[0].conversion == Decimal("0.02")
    assert plan.status == "draft" and plan.version == 1


def test_every_day_of_the_period_has_a_target_summing_to_the_stage_totals(plan):
    assert DailyTarget.objects.filter(plan=plan).count() == 365
    stage_two = plan.stages.get(number=2)
    days = (stage_two.end_date - stage_two.start_date).days + 1
    total = DailyTarget.objects.filter(plan=plan, stage=2).aggregate(o=Sum("orders"))["o"]
    assert total == round(stage_two.orders_per_day * days)


def test_the_playbook_milestones_come_with_the_plan(plan):
    assert plan.milestones.filter(metric="orders_per_day", target=30, due_date=date(2026, 2, 1)).exists()
    assert plan.milestones.filter(metric="positive_rate", target=Decimal("98.5")).exists()


def test_saving_keeps_every_change_in_the_history(plan, manager):
    saved = plan_save(
        plan.pk,
        manager,
        lock_version=plan.lock_version,
        stage_values={4: {"orders_per_day": Decimal("35.0"), "aov": Decimal("168.00")}},
    )
    assert saved.lock_version == plan.lock_version + 1
    changes = {
        (c.subject, c.field, c.old, c.new)
        for c in PlanChange.objects.filter(plan=plan, field__in=["orders_per_day", "aov"])
    }
    assert ("stage 4", "orders_per_day", "30.0", "35.0") in changes
    assert all(c.user == manager for c in PlanChange.objects.filter(plan=plan, subject="stage 4"))


def test_a_save_based_on_an_old_version_is_a_conflict_and_writes_nothing(plan, manager):
    loaded = plan.lock_version
    plan_save(plan.pk, manager, lock_version=loaded, stage_values={1: {"orders_per_day": Decimal("2")}})
    with pytest.raises(PlanConflict):
        plan_save(
            plan.pk,
            UserFactory(username="second"),
            lock_version=loaded,
            stage_values={1: {"orders_per_day": Decimal("9")}},
        )
    assert plan.stages.get(number=1).orders_per_day == Decimal("2")


def test_an_invalid_save_changes_nothing(plan, manager):
    before = list(plan.stages.values())
    with pytest.raises(PlanInvalid) as error:
        plan_save(
            plan.pk,
            manager,
            lock_version=plan.lock_version,
            stage_values={2: {"uv_min": 900}, 3: {"start_date": date(2026, 1, 5)}},
        )
    assert {p.field for p in error.value.problems} >= {"uv_min", "start"}
    assert list(plan.stages.values()) == before
    assert Plan.objects.get(pk=plan.pk).lock_version == plan.lock_version


def test_a_copy_is_a_new_draft_scenario_with_the_same_stages(plan, manager):
    copy = plan_copy(plan, manager, scenario="stretch")
    assert (copy.scenario, copy.status, copy.version, copy.based_on) == ("stretch", "draft", 2, plan)
    assert list(copy.stages.values_list("orders_per_day", flat=True)) == list(
        plan.stages.values_list("orders_per_day", flat=True)
    )
    assert copy.daily_targets.count() == 365


def test_activating_a_plan_archives_the_active_one_of_the_same_period(plan, manager):
    plan_activate(plan, manager)
    stretch = plan_copy(plan, manager, scenario="stretch")
    plan_activate(stretch, manager)
    plan.refresh_from_db()
    assert (plan.status, Plan.objects.get(pk=stretch.pk).status) == ("archived", "active")


def test_the_database_refuses_two_active_plans_for_one_store_and_period(plan, manager):
    plan_activate(plan, manager)
    copy = plan_copy(plan, manager, scenario="stretch")
    with pytest.raises(IntegrityError):
        Plan.objects.filter(pk=copy.pk).update(status="active")


def test_a_period_shorter_than_five_days_is_refused(manager):
    with pytest.raises(PlanInvalid):
        plan_create_from_template(
            StoreFactory(code="x"),
            manager,
            name="tiny",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 1, 3),
            as_of=date(2026, 1, 1),
        )


def test_plans_restore_the_playbook_stages_when_none_are_left(manager):
    StageTemplate.objects.all().delete()
    plan = plan_create_from_template(StoreFactory(code="y"), manager, name="p", as_of=date(2026, 1, 1), **YEAR)
    assert plan.stages.count() == 5 and StageTemplate.objects.count() == 5


def test_the_default_scenario_and_a_copys_source_read_in_the_readers_language(plan, manager):
    from django.utils import translation

    from funnel.forms import CopyForm
    from funnel.history import plan_history

    copy = plan_copy(plan, manager, scenario="stretch")
    with translation.override("zh-hans"):
        created = plan_history(copy.changes.filter(field="copied"))
        assert plan.scenario == "baseline" and plan.scenario_label == "基准"
        assert [(row.label, row.new) for row in created] == [("复制自", f"{plan.name} · v1")]
        form = CopyForm({"scenario": "基准"})
        assert form.is_valid() and form.cleaned_data["scenario"] == "baseline"
        assert str(plan).endswith("（基准，v1）")
    with translation.override("en"):
        assert plan_history(copy.changes.filter(field="copied"))[0].label == "Copied from"
        assert str(plan).endswith("(baseline, v1)")
