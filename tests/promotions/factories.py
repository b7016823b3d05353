"""Products, stock and promotions for the promotion tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from inventory.choices import MovementKind
from inventory.models import Product, StockMovement
from promotions.models import Promotion, PromotionItem, PromotionPhase


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    code = factory.Sequence(lambda n: f"SKU-{n:03d}")
    name = factory.Sequence(lambda n: f"商品 Product {n}")
    list_price = Decimal("100.00")
    cost = Decimal("40.00")
    lead_time_days = 15


class PromotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promotion

    kind = "double_12"
    name = factory.Sequence(lambda n: f"促销 Promotion {n}")
    start_date = date(2026, 12, 10)
    end_date = date(2026, 12, 12)
    status = "planned"


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromotionPhase


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromotionItem

    promo_price = Decimal("80.00")
    uplift = Decimal("1.00")


def stock(product: Product, on: date, quantity: int, kind: str = MovementKind.RECEIPT) -> StockMovement:
    moment = timezone.make_aware(datetime.combine(on, time(12)))
    return StockMovement.objects.create(
        store=product.store,
        product=product,
        kind=kind,
        date=on,
        quantity=quantity,
        source="user:1",
        created_at=moment,
        updated_at=moment,
        day_total=kind == MovementKind.SALE,  # a sale is a day's total per source
    )


def daily_sales(product: Product, last_day: date, days: int, units: int) -> None:
    """``units`` sold on each of the ``days`` days up to ``last_day``."""
    for n in range(days):
        stock(product, last_day - timedelta(days=n), -units, MovementKind.SALE)
