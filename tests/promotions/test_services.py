"""Writes of promotions and the stock tables, reminders and overlaps read back, against PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from inventory.models import FactoryOrder, StockPolicy
from promotions.choices import PhaseKind, PromotionKind, PromotionStatus
from promotions.models import Promotion, PromotionPhase
from promotions.reminders import FACTORY_ORDER, STOCK_DECISION, promotion_reminders
from promotions.selectors import promotion_plans, promotion_stock_inputs, promotions_with_details
from promotions.services import (
    PromotionConflict,
    PromotionInvalid,
    item_save,
    phase_set,
    preset_adopt,
    promotion_create,
    promotion_set_status,
    promotion_update,
)
from tests.factories import StoreFactory

from .factories import ItemFactory, PhaseFactory, ProductFactory, PromotionFactory, daily_sales, stock

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 10, 1)


def _plan(promotion, as_of=AS_OF):
    return promotion_plans([promotions_with_details().get(pk=promotion.pk)], as_of)[0]


def test_adopting_the_preset_adds_the_years_events_once(own_store):
    first = preset_adopt(own_store, 2026)
    again = preset_adopt(own_store, 2026)
    assert len(first.created) == 9 and first.already == 0
    assert again.created == [] and again.already == 9
    assert Promotion.objects.filter(store=own_store).count() == 9
    double_11 = Promotion.objects.get(store=own_store, preset_key="double_11:2026")
    assert double_11.status == PromotionStatus.PLANNED
    assert set(double_11.phases.values_list("kind", flat=True)) == set(PhaseKind.values)
    assert StockPolicy.objects.filter(store=own_store).exists()


def test_an_adopted_event_renamed_and_moved_is_not_added_again(own_store):
    preset_adopt(own_store, 2026)
    Promotion.objects.filter(store=own_store, preset_key="digital_0314:2026").update(
        name="白色情人节", start_date=date(2026, 3, 13)
    )
    assert preset_adopt(own_store, 2026).created == []
    assert len(preset_adopt(own_store, 2027).created) == 9


def test_adopting_a_year_outside_the_tables_is_refused(own_store):
    with pytest.raises(PromotionInvalid) as exc:
        preset_adopt(own_store, 2100)
    assert "year" in exc.value.errors
    assert not Promotion.objects.exists()


def test_a_price_below_the_floor_is_refused_with_the_rule_and_lowest_price(own_store):
    promotion = PromotionFactory(store=own_store, kind=PromotionKind.DOUBLE_12)
    product = ProductFactory(store=own_store, list_price=Decimal("129.00"))
    with pytest.raises(PromotionInvalid) as exc:
        item_save(promotion, product, Decimal("89.00"))
    message = exc.value.errors["promo_price"][0]
    assert "7折" in message and "¥90.30" in message
    assert not promotion.items.exists()
    assert item_save(promotion, product, Decimal("90.30")).item.promo_price == Decimal("90.30")


def test_double_11_takes_a_price_below_the_floor(own_store):
    promotion = PromotionFactory(store=own_store, kind=PromotionKind.DOUBLE_11)
    product = ProductFactory(store=own_store)
    assert item_save(promotion, product, Decimal("49.00")).item.promo_price == Decimal("49.00")


def test_a_sku_of_another_store_is_refused(own_store, other_store):
    promotion = PromotionFactory(store=own_store)
    with pytest.raises(PromotionInvalid) as exc:
        item_save(promotion, ProductFactory(store=other_store), Decimal("90"))
    assert "product" in exc.value.errors


def test_an_overlap_is_flagged_not_refused(own_store):
    product = ProductFactory(store=own_store)
    first = PromotionFactory(store=own_store, start_date=date(2026, 12, 1), end_date=date(2026, 12, 10))
    second = PromotionFactory(store=own_store, start_date=date(2026, 12, 10), end_date=date(2026, 12, 12))
    apart = PromotionFactory(store=own_store, start_date=date(2026, 12, 13), end_date=date(2026, 12, 14))
    assert item_save(first, product, Decimal("90")).overlaps == []
    assert item_save(second, product, Decimal("90")).overlaps == [first]
    assert item_save(apart, product, Decimal("90")).overlaps == []
    plan = _plan(second)
    assert [p.pk for p in plan.rows[0].overlaps_with] == [first.pk]


def test_promotion_update_is_optimistically_locked(own_store):
    promotion = promotion_create(
        own_store,
        {"kind": "custom", "name": "店庆 Anniversary", "start_date": date(2026, 9, 1), "end_date": date(2026, 9, 3)},
    )
    values = {"name": "店庆 3 周年"}
    updated = promotion_update(promotion, values, promotion.version, AS_OF)
    assert updated.name == "店庆 3 周年" and updated.version == 2
    with pytest.raises(PromotionConflict):
        promotion_update(promotion, {"name": "stale"}, 1, AS_OF)
    assert Promotion.objects.get(pk=promotion.pk).name == "店庆 3 周年"


def test_dates_that_would_leave_a_phase_outside_are_refused(own_store):
    promotion = PromotionFactory(store=own_store, start_date=date(2026, 10, 21), end_date=date(2026, 11, 11))
    phase_set(promotion, PhaseKind.PRESALE_DEPOSIT, date(2026, 10, 21), date(2026, 11, 10))
    promotion.refresh_from_db()
    with pytest.raises(PromotionInvalid):
        promotion_update(promotion, {"start_date": date(2026, 11, 1)}, promotion.version, AS_OF)
    with pytest.raises(PromotionInvalid):
        phase_set(promotion, PhaseKind.LIVE, date(2026, 11, 11), date(2026, 11, 12))


def test_stock_decided_records_the_day_and_going_back_clears_it(own_store):
    promotion = PromotionFactory(store=own_store)
    promotion_set_status(promotion, PromotionStatus.STOCK_DECIDED, AS_OF)
    assert promotion.stock_decided_on == AS_OF
    promotion_set_status(promotion, PromotionStatus.PLANNED, AS_OF)
    assert promotion.stock_decided_on is None


def test_stock_inputs_read_on_hand_baseline_and_inbound(own_store, django_assert_num_queries):
    product = ProductFactory(store=own_store)
    stock(product, AS_OF - timedelta(days=60), 500)
    daily_sales(product, AS_OF - timedelta(days=1), 28, 3)  # 84 units in the 28 days before as_of
    stock(product, AS_OF, -10, "sale")  # as_of itself counts for on-hand, not for the baseline
    FactoryOrder.objects.create(
        store=own_store, product=product, quantity=200, ordered_on=AS_OF, expected_on=AS_OF + timedelta(days=15)
    )
    with django_assert_num_queries(3):
        inputs = promotion_stock_inputs([product.pk], AS_OF)
    got = inputs[product.pk]
    assert got.on_hand == 500 - 84 - 10
    assert got.baseline_daily == Decimal("3.00")
    assert [(i.on, i.quantity) for i in got.inbound] == [(AS_OF + timedelta(days=15), 200)]


def test_the_stock_table_of_double_11_with_presale(own_store):
    """Baseline 4/day; on-hand 300 on 11.1; 11.11 sells at ×5 and ships 250 pre-sold: 270 needed, 260 there."""
    as_of = date(2026, 11, 1)
    product = ProductFactory(store=own_store, lead_time_days=15)
    stock(product, as_of - timedelta(days=60), 300 + 4 * 28)
    daily_sales(product, as_of - timedelta(days=1), 28, 4)
    promotion = PromotionFactory(
        store=own_store, kind=PromotionKind.DOUBLE_11, start_date=date(2026, 10, 21), end_date=date(2026, 11, 11)
    )
    PhaseFactory(
        promotion=promotion, kind="presale_deposit", start_date=date(2026, 10, 21), end_date=date(2026, 11, 10)
    )
    PhaseFactory(promotion=promotion, kind="final_payment", start_date=date(2026, 11, 11), end_date=date(2026, 11, 11))
    PhaseFactory(promotion=promotion, kind="live", start_date=date(2026, 11, 11), end_date=date(2026, 11, 11))
    ItemFactory(
        promotion=promotion, product=product, promo_price=Decimal("59"), uplift=Decimal("5"), presale_quantity=250
    )
    plan = _plan(promotion, as_of)
    row = plan.rows[0]
    assert row.baseline_daily == Decimal("4.00")
    assert row.required == 20 + 250
    assert row.projected_at_start == 300 - 4 * 10
    assert row.shortfall == 10
    assert row.order_by == date(2026, 11, 11) - timedelta(days=15 + 3)
    assert plan.decision_deadline == date(2026, 10, 14)
    assert plan.at_risk and plan.total_shortfall == 10


def test_an_earlier_promotion_of_the_same_sku_lowers_the_stock_at_the_start(own_store):
    product = ProductFactory(store=own_store)
    stock(product, AS_OF - timedelta(days=60), 100)
    earlier = PromotionFactory(store=own_store, start_date=date(2026, 10, 5), end_date=date(2026, 10, 6))
    later = PromotionFactory(store=own_store, start_date=date(2026, 10, 10), end_date=date(2026, 10, 10))
    ItemFactory(promotion=earlier, product=product, presale_quantity=60)
    ItemFactory(promotion=later, product=product, presale_quantity=50)
    row = _plan(later).rows[0]
    assert (row.projected_at_start, row.required, row.shortfall) == (40, 50, 10)


def test_the_order_by_date_is_the_earliest_of_the_skus(own_store):
    promotion = PromotionFactory(store=own_store, start_date=date(2026, 12, 10), end_date=date(2026, 12, 12))
    ItemFactory(promotion=promotion, product=ProductFactory(store=own_store, lead_time_days=10))
    ItemFactory(promotion=promotion, product=ProductFactory(store=own_store, lead_time_days=30))
    StockPolicy.objects.create(store=own_store, order_safety_days=5, decision_days=10)
    plan = _plan(promotion)
    assert plan.order_by == date(2026, 12, 10) - timedelta(days=35)
    assert plan.decision_deadline == date(2026, 11, 30)


def test_reminders_list_undecided_deadlines_within_three_days(own_store, other_store, django_assert_max_num_queries):
    due = PromotionFactory(store=own_store, name="due", start_date=date(2026, 10, 10), end_date=date(2026, 10, 12))
    ItemFactory(promotion=due, product=ProductFactory(store=own_store, lead_time_days=1))
    PromotionFactory(
        store=own_store,
        name="decided",
        start_date=date(2026, 10, 9),
        end_date=date(2026, 10, 9),
        status=PromotionStatus.STOCK_DECIDED,
    )
    PromotionFactory(store=own_store, name="far", start_date=date(2026, 12, 9), end_date=date(2026, 12, 9))
    PromotionFactory(store=other_store, name="elsewhere", start_date=date(2026, 10, 9), end_date=date(2026, 10, 9))
    with django_assert_max_num_queries(8):
        reminders = promotion_reminders([own_store], date(2026, 10, 1))
    # Decision 10.3 (2 days ahead); order-by 10.10 − 1 − 3 = 10.6 (5 days ahead): only the decision is due.
    assert [(r.promotion.name, r.kind, r.deadline, r.state, r.days_left) for r in reminders] == [
        ("due", STOCK_DECISION, date(2026, 10, 3), "due", 2)
    ]
    later = promotion_reminders([own_store], date(2026, 10, 4))
    assert [(r.kind, r.state) for r in later] == [(STOCK_DECISION, "overdue"), (FACTORY_ORDER, "due")]
    assert later[0].key == f"promotion:{due.pk}:stock_decision"


def test_stock_tables_take_a_constant_number_of_queries(own_store, django_assert_max_num_queries):
    store = StoreFactory(code="big-store")
    promotions = []
    for n in range(6):
        promotion = PromotionFactory(store=store, start_date=date(2026, 11, n + 1), end_date=date(2026, 11, n + 3))
        PhaseFactory(promotion=promotion, kind="live", start_date=promotion.start_date, end_date=promotion.end_date)
        for _ in range(3):
            product = ProductFactory(store=store)
            stock(product, AS_OF - timedelta(days=5), 50)
            ItemFactory(promotion=promotion, product=product)
        promotions.append(promotion)
    with django_assert_max_num_queries(10):
        plans = promotion_plans(list(promotions_with_details().filter(store=store)), AS_OF)
    assert len(plans) == 6 and all(len(p.rows) == 3 for p in plans)
    assert PromotionPhase.objects.count() == 6


def test_stock_decide_stops_the_reminders_and_refuses_a_promotion_that_is_over(own_store):
    from promotions.services import stock_decide

    promotion = PromotionFactory(store=own_store, start_date=date(2026, 10, 5), end_date=date(2026, 10, 6))
    assert [r.kind for r in promotion_reminders([own_store], AS_OF)] == [STOCK_DECISION]
    stock_decide(promotion, AS_OF)
    assert promotion.status == PromotionStatus.STOCK_DECIDED and promotion.stock_decided_on == AS_OF
    assert promotion_reminders([own_store], AS_OF) == []
    done = PromotionFactory(store=own_store, status=PromotionStatus.DONE)
    with pytest.raises(PromotionInvalid):
        stock_decide(done, AS_OF)


def test_the_migration_gives_old_preset_keys_their_year(own_store):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("promotions.migrations.0004_preset_keys_with_year")
    old = PromotionFactory(
        store=own_store, preset_key="double_11", start_date=date(2026, 10, 21), end_date=date(2026, 11, 11)
    )
    migration.add_year(apps, None)
    old.refresh_from_db()
    assert old.preset_key == "double_11:2026"
    assert preset_adopt(own_store, 2026).already == 9 - 8  # the other eight are new
    migration.drop_year(apps, None)
    old.refresh_from_db()
    assert old.preset_key == "double_11"
