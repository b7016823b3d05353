"""The demo company's products, stock and sales, consistent with its daily orders; loading twice changes nothing.

Sales per SKU split each day's orders (the demo's pushed metrics) over the store's range by weight, one unit per
order, and go through the real ingest as the demo client's day totals. Stock is one opening receipt per product
sized so that each ends where the story wants it: most with a month or two of cover, one sold out but listed,
one below its reorder point, the main-push items restocked by an open factory order.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone

from accounts.models import ApiClient
from funnel.choices import client_source
from funnel.models import DailyMetric
from inventory.choices import FactoryOrderStatus, MovementKind
from inventory.models import FactoryOrder, Product, StockMovement
from inventory.sales import SalesRecord
from inventory.services import sales_ingest
from stores.models import Store

from .catalogue import BELOW_REORDER, CATALOGUE, DELISTED, SALES_DAYS, SOLD_OUT, STORE_RANGE

OPENING_SOURCE = "demo:opening"
ORDER_NOTE = "demo: restock of a main-push item"


def inventory_load(stores: dict[str, Store], client: ApiClient, as_of: date) -> None:
    for code, skus in STORE_RANGE.items():
        store = stores[code]
        products = _products(store, skus)
        first = as_of - timedelta(days=SALES_DAYS)
        _sales(store, products, client, first, as_of - timedelta(days=1))
        _opening_stock(store, products, first, as_of)
        _factory_orders(store, products[:2], as_of)


def _products(store: Store, skus: list[str]) -> list[Product]:
    by_code = {item.code: item for item in CATALOGUE}
    products = []
    for position, sku in enumerate(skus):
        item = by_code[sku]
        product, _ = Product.objects.get_or_create(
            store=store,
            code=sku,
            defaults={
                "name": item.name,
                "style": item.style,
                "list_price": item.list_price,
                "cost": item.cost,
                "role": item.role,
                "lifecycle": item.lifecycle,
                "lead_time_days": item.lead_time_days,
                "is_main_push": position < 2,
                "is_listed": sku not in DELISTED.get(store.code, []),
            },
        )
        products.append(product)
    return products


def _weights(store: Store, products: list[Product]) -> list[float]:
    by_code = {item.code: item.weight for item in CATALOGUE}
    # The main-push items carry the store's traffic, whatever their weight in the whole range.
    return [by_code[p.code] * (6 if p.is_main_push and store.code == "douyin-shop" else 1) for p in products]


def _sales(store: Store, products: list[Product], client: ApiClient, first: date, last: date) -> None:
    orders = dict(
        DailyMetric.objects.filter(
            store=store, source=client_source(client.pk), date__gte=first, date__lte=last
        ).values_list("date", "orders")
    )
    sellable = [p for p in products if p.is_listed]
    weights = _weights(store, sellable)
    records = []
    for day, count in sorted(orders.items()):
        rng = random.Random(f"{store.code}:{day.isoformat()}:sku")
        units: dict[int, int] = defaultdict(int)
        for product in rng.choices(sellable, weights=weights, k=count or 0):
            units[product.pk] += 1
        for product in sellable:
            if not units[product.pk]:
                continue
            returns = sum(1 for _ in range(units[product.pk]) if rng.random() < 0.03)
            records.append(
                SalesRecord(len(records), store.code, product.code, product.pk, day, units[product.pk], returns)
            )
    sales_ingest(records, client_source(client.pk), client=client)


def _opening_stock(store: Store, products: list[Product], first: date, as_of: date) -> None:
    """One receipt per product before the sales window, sized to end at the stock the story needs."""
    have = set(
        StockMovement.objects.filter(product__in=products, source=OPENING_SOURCE).values_list("product_id", flat=True)
    )
    net = dict(
        StockMovement.objects.filter(product__in=products, date__gte=first)
        .values("product_id")
        .annotate(total=Sum("quantity"))
        .values_list("product_id", "total")
        .order_by()
    )
    last_28 = dict(
        StockMovement.objects.filter(product__in=products, kind=MovementKind.SALE, date__gte=as_of - timedelta(days=28))
        .values("product_id")
        .annotate(total=Sum("quantity"))
        .values_list("product_id", "total")
        .order_by()
    )
    now = timezone.now()
    receipts = []
    for product in products:
        if product.pk in have:
            continue
        daily = -(last_28.get(product.pk) or 0) / 28
        rng = random.Random(f"{store.code}:{product.code}:stock")
        if product.code == SOLD_OUT.get(store.code):
            target = 0
        elif product.code == BELOW_REORDER.get(store.code):
            target = max(1, round(daily * product.lead_time_days * 0.4))
        elif product.is_main_push:
            target = round(daily * 35) + 40
        else:
            target = round(daily * rng.uniform(40, 75)) + rng.randint(8, 25)
        receipts.append(
            StockMovement(
                store=store,
                product=product,
                kind=MovementKind.RECEIPT,
                date=first - timedelta(days=1),
                quantity=max(target - (net.get(product.pk) or 0), 0),
                source=OPENING_SOURCE,  # its label says "Demo data: opening stock" in the reader's language
                created_at=now,
                updated_at=now,
            )
        )
    StockMovement.objects.bulk_create(receipts)


def _factory_orders(store: Store, main_push: list[Product], as_of: date) -> None:
    have = set(FactoryOrder.objects.filter(product__in=main_push, note=ORDER_NOTE).values_list("product_id", flat=True))
    for product in main_push:
        if product.pk in have:
            continue
        FactoryOrder.objects.create(
            store=store,
            product=product,
            quantity=300 if store.code == "tmall-flagship" else 120,
            ordered_on=as_of - timedelta(days=5),
            expected_on=as_of - timedelta(days=5) + timedelta(days=product.lead_time_days),
            status=FactoryOrderStatus.OPEN,
            note=ORDER_NOTE,
        )
