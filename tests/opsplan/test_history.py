"""Histories read like the forms: every field a history records is shown by its translated verbose name, choices by
their label, rates as %, money as ¥ — swept over every model with a history and every field it records."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import models
from django.test import Client
from django.utils import translation
from django.utils.text import capfirst

from accounts.choices import Role
from core.history import FORMATS, MONEY, PERCENT, change_display, display_formats
from funnel.choices import PlanStatus
from funnel.history import plan_history
from funnel.models import STAGE_FIELDS, Plan, StagePlan
from funnel.services.plans import PLAN_FIELDS, plan_activate, plan_create_from_template, plan_save
from orders.domain import LOG_FIELDS
from orders.models import ServiceLog
from tests.factories import MembershipFactory, StoreFactory, UserFactory

# Every model whose changes a history page shows, with the fields that history records.
HISTORY_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Plan: (*PLAN_FIELDS, "status"),
    StagePlan: STAGE_FIELDS,
    ServiceLog: LOG_FIELDS,
}

SWEPT = [(model, name) for model, names in HISTORY_FIELDS.items() for name in names]


def _sample(field: models.Field) -> tuple[object, object]:
    """Two stored values of ``field`` as a history keeps them (text)."""
    if field.choices:
        values = [str(key) for key, _label in field.flatchoices]
        return values[0], values[-1]
    if isinstance(field, models.DateField):
        return "2026-03-01", "2026-03-08"
    if isinstance(field, models.JSONField):
        return str([1.0] * 7), str([1.2] * 7)
    if isinstance(field, models.DecimalField):
        return "0.0200", "1234.5000"
    if isinstance(field, models.IntegerField):
        return "12", "12345"
    return "old text", "new text"


@pytest.mark.parametrize("model,name", SWEPT, ids=[f"{m.__name__}.{n}" for m, n in SWEPT])
def test_a_recorded_change_shows_the_translated_verbose_name_and_formatted_values(model, name):
    field = model._meta.get_field(name)
    old, new = _sample(field)
    with translation.override("zh-hans"):
        shown = change_display(model, name, old, new)
        expected = str(capfirst(field.verbose_name))
    assert shown.label == expected
    assert shown.label != name and not shown.label.isascii(), f"{model.__name__}.{name} has no Chinese label"
    if field.choices:
        assert shown.old not in {str(k) for k, _label in field.flatchoices}, "a raw choice value is shown"
    kind = display_formats(model).get(name)
    if kind == PERCENT:
        assert shown.old == "2%" and shown.new == "123450%"
    elif kind == MONEY:
        assert shown.old == "¥0.02" and shown.new == "¥1,234.50"
    elif isinstance(field, models.IntegerField):
        assert shown.new == "12,345"


@pytest.mark.parametrize("model", list(HISTORY_FIELDS), ids=lambda m: m.__name__)
def test_display_formats_name_decimal_fields_with_a_known_format(model):
    for name, kind in display_formats(model).items():
        assert kind in FORMATS
        assert isinstance(model._meta.get_field(name), models.DecimalField)


def test_the_rates_and_money_of_a_stage_read_as_the_editor_shows_them():
    assert display_formats(StagePlan) == {"conversion": PERCENT, "paid_share": PERCENT, "aov": MONEY, "cpc": MONEY}
    assert display_formats(ServiceLog)["gmv"] == MONEY


@pytest.mark.django_db
def test_the_plan_page_history_names_every_changed_field_in_chinese():
    store = StoreFactory(code="hist-shop")
    manager = MembershipFactory(user=UserFactory(username="hist-mgr"), store=store, role=Role.OPS_MANAGER).user
    start = date(2026, 1, 1)
    plan = plan_create_from_template(
        store, manager, name="2026", period_start=start, period_end=date(2026, 12, 31), as_of=start
    )
    stage = plan.stages.get(number=5)
    stage_values = {
        "orders_per_day": stage.orders_per_day + 1,
        "conversion": Decimal("0.0250"),
        "aov": Decimal("1234.50"),
        "paid_share": Decimal("0.300"),
        "cpc": stage.cpc + 1,
        "uv_min": stage.uv_min + 1,
        "uv_max": stage.uv_max + 1,
        "orders_min": stage.orders_min + 1,
        "orders_max": stage.orders_max + 1,
        "bestseller_count": stage.bestseller_count + 1,
        "bestseller_sales": stage.bestseller_sales + 1,
        "listed_items": stage.listed_items + 1,
        "end_date": stage.end_date - timedelta(days=1),
    }
    plan = plan_save(
        plan.pk,
        manager,
        lock_version=plan.lock_version,
        plan_values={"name": "2026 新", "scenario": "stretch", "notes": "多", "weekday_weights": [1.1] * 7},
        stage_values={5: stage_values},
    )
    plan_activate(plan, manager)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(manager)
    page = client.get(f"/stores/{store.code}/plans/{plan.pk}/").content.decode()
    history = page[page.index('data-testid="history"') :]
    cells = re.findall(r"<td>([^<]*)</td>", history)
    with translation.override("zh-hans"):
        for name in stage_values:
            label = str(capfirst(StagePlan._meta.get_field(name).verbose_name))
            assert f"阶段 5 · {label}" in history, name
        for name in ("name", "scenario", "notes", "weekday_weights", "status"):
            assert f"计划 · {capfirst(Plan._meta.get_field(name).verbose_name)}" in history, name
    for raw in (" · aov", "stage 5", "plan ·", ">draft<", ">active<", "0.0250"):
        assert raw not in history, raw
    assert "2.5%" in cells and "¥1,234.50" in cells and "30%" in cells
    status = cells.index("计划 · 状态")
    with translation.override("zh-hans"):
        assert cells[status + 1 : status + 3] == [str(PlanStatus.DRAFT.label), str(PlanStatus.ACTIVE.label)]
    assert "由模板创建" in cells, "an event written untranslated reads in the reader's language"


@pytest.mark.django_db
def test_the_history_rows_of_a_plan_label_events_too():
    store = StoreFactory(code="hist-events")
    manager = MembershipFactory(user=UserFactory(username="hist-ev"), store=store, role=Role.OPS_MANAGER).user
    start = date(2026, 1, 1)
    plan = plan_create_from_template(
        store, manager, name="p", period_start=start, period_end=date(2026, 6, 30), as_of=start
    )
    with translation.override("zh-hans"):
        [row] = plan_history(plan.changes.all())
    assert row.what.isascii() is False and "created" not in row.what
