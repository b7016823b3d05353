"""The stock plan: the inventory's planning figures with the promotions ahead, in a constant number of queries."""

from datetime import date, timedelta
from decimal import Decimal

from promotions.models import Promotion, PromotionItem, PromotionPhase
from promotions.planning import product_planning, projected_stock
from tests.factories import FactoryOrderFactory, ProductFactory, StockMovementFactory
from tests.inventory.conftest import AS_OF, sale


def test_promotions_and_presale_enter_the_projection(own_store):
    product = ProductFactory(store=own_store)
    StockMovementFactory(product=product, date=AS_OF - timedelta(days=40), quantity=500)
    for offset in range(1, 29):
        sale(product, AS_OF - timedelta(days=offset), 2)
    promotion = Promotion.objects.create(
        store=own_store, kind="double_11", name="双11", start_date=date(2026, 11, 11), end_date=date(2026, 11, 11)
    )
    PromotionPhase.objects.create(
        promotion=promotion, kind="final_payment", start_date=date(2026, 11, 10), end_date=date(2026, 11, 11)
    )
    PromotionItem.objects.create(
        promotion=promotion, product=product, promo_price=Decimal("39"), uplift=Decimal("5"), presale_quantity=40
    )
    done = Promotion.objects.create(
        store=own_store, kind="custom", name="old", start_date=AS_OF, end_date=AS_OF + timedelta(days=3), status="done"
    )
    PromotionItem.objects.create(promotion=done, product=product, promo_price=Decimal("39"), uplift=Decimal("9"))
    days = {d.date: d for d in projected_stock([product], AS_OF)[product.pk]}
    assert days[date(2026, 11, 9)].sales == 2
    assert days[date(2026, 11, 10)].sales == 2 + 40  # pre-sale ships with the final payment
    assert days[date(2026, 11, 11)].sales == 10
    assert days[AS_OF].sales == 2  # the done promotion is left out


def test_planning_reads_in_a_constant_number_of_queries(own_store, django_assert_max_num_queries):
    products = ProductFactory.create_batch(30, store=own_store)
    for product in products:
        StockMovementFactory(product=product, date=AS_OF - timedelta(days=30), quantity=50)
        sale(product, AS_OF - timedelta(days=1), 2)
        FactoryOrderFactory(product=product, ordered_on=AS_OF, expected_on=AS_OF + timedelta(days=5))
    with django_assert_max_num_queries(8):
        rows = product_planning(own_store, AS_OF)
    assert len(rows) == 30
    with django_assert_max_num_queries(8):
        projected = projected_stock(own_store.products.all(), AS_OF)
    assert len(projected) == 30


def test_a_promotion_with_a_deposit_phase_lifts_sales_only_in_its_live_phase(own_store):
    # The product page and the promotion's stock table count a Double 11 the same way.
    product = ProductFactory(store=own_store)
    StockMovementFactory(product=product, date=AS_OF - timedelta(days=40), quantity=500)
    for offset in range(1, 29):
        sale(product, AS_OF - timedelta(days=offset), 2)
    promotion = Promotion.objects.create(
        store=own_store, kind="double_11", name="双11", start_date=date(2026, 10, 21), end_date=date(2026, 11, 11)
    )
    for kind, first, last in (
        ("presale_deposit", date(2026, 10, 21), date(2026, 11, 10)),
        ("final_payment", date(2026, 11, 11), date(2026, 11, 11)),
        ("live", date(2026, 11, 11), date(2026, 11, 11)),
    ):
        PromotionPhase.objects.create(promotion=promotion, kind=kind, start_date=first, end_date=last)
    PromotionItem.objects.create(
        promotion=promotion, product=product, promo_price=Decimal("39"), uplift=Decimal("5"), presale_quantity=40
    )
    days = {d.date: d for d in projected_stock([product], AS_OF)[product.pk]}
    assert days[date(2026, 11, 5)].sales == 2  # deposits are taken, nothing ships yet
    assert days[date(2026, 11, 11)].sales == 10 + 40
