"""Stores with a plan, a few weeks of metrics from two sources, and their rollups."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from funnel.choices import SERVICE_LOG_SOURCE, client_source
from funnel.models import DailyMetric
from funnel.services.plans import plan_activate, plan_create_from_template
from rollups.services import store_rollup_build
from stores.days import store_yesterday
from stores.models import Store
from tests.factories import MembershipFactory, StoreFactory, UserFactory, api_client_with_key


def store_with_history(
    code: str,
    *,
    platform: str = "tmall",
    manager=None,
    days: int = 28,
    orders: int = 20,
    name: str | None = None,
) -> Store:
    """A store whose ops manager is ``manager``, with an active plan around today, ``days`` days of API
    metrics up to yesterday (the customer-service log reporting the last 3 days too), rolled up."""
    store = StoreFactory(code=code, platform=platform, **({"name": name} if name else {}))
    manager = manager or UserFactory(username=f"{code}-manager")
    MembershipFactory(user=manager, store=store, role="ops_manager")
    yesterday = store_yesterday(store)
    plan = plan_create_from_template(
        store,
        manager,
        name=f"{code} plan",
        period_start=yesterday - timedelta(days=70),
        period_end=yesterday + timedelta(days=100),
        as_of=yesterday,
    )
    plan_activate(plan, manager)
    client, _key = api_client_with_key(f"{code}-erp", store)
    now = timezone.now()
    metrics = []
    for i in range(days):
        day = yesterday - timedelta(days=i)
        n = orders + i % 5
        metrics.append(
            DailyMetric(
                store=store,
                date=day,
                source=client_source(client.pk),
                api_client=client,
                uv=n * 40,
                orders=n,
                gmv=Decimal(n * 150),
                ad_spend=Decimal(100),
                created_at=now,
                updated_at=now,
            )
        )
        if i < 3:
            metrics.append(
                DailyMetric(
                    store=store,
                    date=day,
                    source=SERVICE_LOG_SOURCE,
                    orders=n - 1,
                    gmv=Decimal((n - 1) * 150),
                    created_at=now,
                    updated_at=now,
                )
            )
    DailyMetric.objects.bulk_create(metrics)
    # The plan's period, future days included (they carry the targets), like "recompute now".
    store_rollup_build(store, min(plan.period_start, yesterday - timedelta(days=days)), plan.period_end)
    return store


def yesterday_of(store: Store) -> date:
    return store_yesterday(store)


@pytest.fixture
def manager(db):
    return UserFactory(username="wang")


@pytest.fixture
def shop(manager):
    return store_with_history("tmall-shop", platform="tmall", manager=manager, name="山禾天猫店 Tmall Shop")


@pytest.fixture
def rival(db):
    """A store of somebody else."""
    return store_with_history("rival-shop", platform="jd", name="别家京东店 Rival Shop")


def stock_and_promotions(store: Store, products: int = 3) -> None:
    """``products`` products (the first two main-push) with a receipt and a week of sales, one of them sold out
    but listed, and a Double 11-style promotion starting in 5 days with every product in it."""
    from inventory.models import StockMovement
    from promotions.models import Promotion, PromotionItem
    from tests.factories import ProductFactory

    yesterday = store_yesterday(store)
    now = timezone.now()
    items = [
        ProductFactory(store=store, code=f"{store.code}-{i}", is_main_push=i < 2, list_price=Decimal("100"))
        for i in range(products)
    ]
    movements = []
    for i, product in enumerate(items):
        received = 7 * 4 if i == 0 else 500  # the first sells out exactly
        movements.append(
            StockMovement(
                store=store,
                product=product,
                kind="receipt",
                date=yesterday - timedelta(days=20),
                quantity=received,
                source="user:0",
                created_at=now,
                updated_at=now,
            )
        )
        for d in range(7):
            movements.append(
                StockMovement(
                    store=store,
                    product=product,
                    kind="sale",
                    date=yesterday - timedelta(days=d),
                    quantity=-4,
                    source="service_log",
                    day_total=True,
                    created_at=now,
                    updated_at=now,
                )
            )
    StockMovement.objects.bulk_create(movements)
    start = yesterday + timedelta(days=6)
    promotion = Promotion.objects.create(
        store=store, kind="double_11", name="双11 Double 11", start_date=start, end_date=start + timedelta(days=2)
    )
    PromotionItem.objects.bulk_create(
        PromotionItem(promotion=promotion, product=p, promo_price=Decimal("80"), uplift=Decimal("4")) for p in items
    )
