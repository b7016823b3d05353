"""factory_boy factories shared by the tests."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import ApiClient
from accounts.services import api_key_issue
from funnel.models import StagePlan
from inventory.models import FactoryOrder, Product, StockMovement
from stores.models import Membership, Store

PASSWORD = "a-test-password-42"


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"store-{n}")
    name = factory.Sequence(lambda n: f"测试店铺 Test Store {n}")
    platform = "tmall"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    store = factory.SubFactory(StoreFactory)
    role = "ops_manager"


# What a client could do before scopes (and still can after the migration): push and read reports, not staff data.
PUSH_AND_REPORTS = ["push_metrics", "push_sales", "read_reports"]


def api_client_with_key(name: str, *stores: Store, scopes: list[str] | None = None) -> tuple[ApiClient, str]:
    client = ApiClient.objects.create(name=name, scopes=PUSH_AND_REPORTS if scopes is None else scopes)
    client.stores.set(stores)
    return client, api_key_issue(client)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    store = factory.SubFactory(StoreFactory)
    code = factory.Sequence(lambda n: f"SKU-{n:04d}")
    name = factory.Sequence(lambda n: f"收纳盒 Storage box {n}")
    list_price = Decimal("59.00")
    cost = Decimal("21.50")
    lead_time_days = 15


class StockMovementFactory(factory.django.DjangoModelFactory):
    """A receipt by default; pass kind/quantity/source for others (sales need day_total=True)."""

    class Meta:
        model = StockMovement

    product = factory.SubFactory(ProductFactory)
    store = factory.LazyAttribute(lambda m: m.product.store)
    kind = "receipt"
    date = datetime.date(2026, 10, 1)
    quantity = 100
    source = "user:0"
    day_total = factory.LazyAttribute(lambda m: m.kind == "sale")
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


class FactoryOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FactoryOrder

    product = factory.SubFactory(ProductFactory)
    store = factory.LazyAttribute(lambda o: o.product.store)
    quantity = 200
    ordered_on = datetime.date(2026, 10, 1)
    expected_on = datetime.date(2026, 10, 16)


def stage_plan(plan, number: int, first: datetime.date, last: datetime.date, **fields) -> StagePlan:
    """One stage of ``plan`` over [first, last], with plausible ranges and targets unless ``fields`` say others."""
    values = {
        "uv_min": 100,
        "uv_max": 300,
        "orders_min": 1,
        "orders_max": 10,
        "orders_per_day": Decimal(5),
        "conversion": Decimal("0.02"),
        "aov": Decimal("100"),
        "paid_share": Decimal("0.1"),
        "cpc": Decimal("1"),
        **fields,
    }
    return StagePlan.objects.create(plan=plan, number=number, start_date=first, end_date=last, **values)
