"""Stock and promotion alerts raised and resolved by the evaluation, on real products, movements and promotions."""

from datetime import timedelta
from decimal import Decimal

import pytest

from alerts.choices import AlertKind, AlertState
from alerts.models import Alert
from alerts.services import alerts_evaluate
from promotions.models import Promotion, PromotionItem
from tests.factories import ProductFactory, StockMovementFactory

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def test_an_out_of_stock_listed_sku_is_alerted_until_stock_arrives(own_store):
    product = ProductFactory(store=own_store, code="SH-T001")
    StockMovementFactory(product=product, quantity=10, date=AS_OF - timedelta(days=20))
    StockMovementFactory(product=product, kind="sale", quantity=-10, date=AS_OF - timedelta(days=2), source="x")
    alerts_evaluate(own_store, AS_OF)
    alert = Alert.objects.get(kind=AlertKind.STOCK_OUT_LISTED)
    assert (alert.key, alert.state, alert.severity) == ("SH-T001", AlertState.OPEN, "critical")
    StockMovementFactory(product=product, quantity=100, date=AS_OF)
    alerts_evaluate(own_store, AS_OF)
    alert.refresh_from_db()
    assert alert.state == AlertState.RESOLVED
    assert not Alert.objects.filter(kind=AlertKind.STOCK_LOW, state=AlertState.OPEN).exists()


def test_a_promotion_whose_stock_decision_is_due_is_alerted_and_resolved_when_decided(own_store):
    product = ProductFactory(store=own_store, code="SH-T002", list_price=Decimal("100"), lead_time_days=3)
    StockMovementFactory(product=product, quantity=500, date=AS_OF - timedelta(days=30))
    today = AS_OF + timedelta(days=1)
    promotion = Promotion.objects.create(
        store=own_store,
        kind="double_11",
        name="双11",
        start_date=today + timedelta(days=9),  # decision due two days from today
        end_date=today + timedelta(days=11),
        status="planned",
    )
    PromotionItem.objects.create(promotion=promotion, product=product, promo_price=Decimal("80"), uplift=Decimal("3"))
    alerts_evaluate(own_store, AS_OF)
    alerts = Alert.objects.filter(kind=AlertKind.PROMOTION_DECISION).order_by("key")
    # the decision is due in 2 days; factory orders (lead time 3 + 3 safety days) in 3
    assert [(a.key, a.data["due"]) for a in alerts] == [
        (f"{promotion.pk}:factory_order", (today + timedelta(days=3)).isoformat()),
        (f"{promotion.pk}:stock_decision", (today + timedelta(days=2)).isoformat()),
    ]
    Promotion.objects.filter(pk=promotion.pk).update(status="stock_decided")
    alerts_evaluate(own_store, AS_OF)
    assert {a.state for a in alerts.all()} == {AlertState.RESOLVED}
