"""The one export module: CSV guards formulas and the importers undo exactly that guard; XLSX writes typed cells with
number formats and no guard. Swept over every exporter that has an importer, and over every XLSX export of the URL
conf."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.spreadsheet import FORMULA_PREFIXES, XLSX, formula_guard, formula_unguard
from imports.choices import ImportKind
from imports.services import import_job_create
from inventory.models import Product
from opsplan.tasks import import_job
from orders.models import ServiceLog
from orders.services import service_log_save
from promotions.models import Promotion, PromotionItem
from promotions.tabular import promotions_import
from tests.accounts.access_world import PAGE_KWARGS, build_world
from tests.accounts.test_access_matrix import PAGES, _kwarg_names
from tests.factories import MembershipFactory, ProductFactory, StoreFactory, UserFactory
from tests.orders.figures import DAY_VALUES
from tests.promotions.factories import ItemFactory, PromotionFactory

HOSTILE = ["+1+1", "=SUM(A1)", "-5", "@x", "'quoted", "''=x", "'+1", "山禾 ✓ 双11", "a=b", "plain"]


@given(st.text())
def test_unguarding_what_was_guarded_gives_back_every_text(text):
    assert formula_unguard(formula_guard(text)) == text


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(prefix):
    assert formula_guard(prefix + "1") == "'" + prefix + "1"


@pytest.mark.parametrize("text", ["plain", "a=b", "山禾", ""])
def test_harmless_text_is_written_as_it_is(text):
    assert formula_guard(text) == text == formula_unguard(text)


def _products(store) -> list[dict]:
    return list(Product.objects.filter(store=store).order_by("code").values(*PRODUCT_FIELDS))


PRODUCT_FIELDS = (
    "code",
    "name",
    "style",
    "list_price",
    "cost",
    "role",
    "lifecycle",
    "is_main_push",
    "is_listed",
    "lead_time_days",
    "safety_stock",
)


def _run_import(store, user, content: bytes, name: str, kind: str):
    job = import_job_create(store, user, name, content, kind=kind)
    job = import_job(job.pk)
    assert job.status == "done", job.errors
    return job


def _products_world(store):
    for n, text in enumerate(HOSTILE):
        ProductFactory(store=store, code=f"SH-H{n}", name=text, style=text, role="traffic_driver", is_main_push=True)


def _products_roundtrip(client: Client, store, user, fmt: str):
    content = client.get(reverse("inventory:product_list", kwargs={"store": store.code}), {"format": fmt}).content
    _run_import(store, user, content, f"products.{fmt}", ImportKind.PRODUCTS)


def _promotions_world(store):
    product = ProductFactory(store=store, code="SH-P1", list_price=Decimal("100"))
    for n, text in enumerate(HOSTILE):
        promotion = PromotionFactory(store=store, name=text, kind="juhuasuan", status="stock_decided", budget=n * 1000)
        if n % 2:
            ItemFactory(promotion=promotion, product=product, promo_price=Decimal("88.50"), presale_quantity=n)


def _promotion_state(store) -> list[tuple]:
    promotions = Promotion.objects.filter(store=store).order_by("pk")
    items = PromotionItem.objects.filter(promotion__store=store).order_by("pk")
    return [
        *promotions.values_list("name", "kind", "status", "start_date", "end_date", "budget"),
        *items.values_list("promotion_id", "product_id", "promo_price", "uplift", "presale_quantity"),
    ]


def _promotions_roundtrip(client: Client, store, user, fmt: str):
    content = client.get(reverse("promotions:export", kwargs={"store": store.code, "fmt": fmt})).content
    result = promotions_import(store, content, f"promotions.{fmt}")
    assert result.errors == []


def _service_log_world(store):
    user = UserFactory(username="+1+1")
    MembershipFactory(user=user, store=store, role="customer_service")
    today = timezone.localdate()
    for days_ago in range(3):
        service_log_save(store, today - timedelta(days=days_ago), DAY_VALUES, user)


def _service_log_state(store) -> list[tuple]:
    return list(ServiceLog.objects.filter(store=store).order_by("date").values_list("date", "orders", "gmv", "uv"))


def _service_log_roundtrip(client: Client, store, user, fmt: str):
    content = client.get(reverse("orders:service_log_export", kwargs={"store": store.code}), {"days": 7}).content
    _run_import(store, user, content, "log.csv", ImportKind.SERVICE_LOG)


# Every exporter with a matching importer: a world with hostile values, what to compare, the export and import.
EXCHANGES = {
    "products": (_products_world, _products, _products_roundtrip, ("csv", "xlsx")),
    "promotions": (_promotions_world, _promotion_state, _promotions_roundtrip, ("csv", "xlsx")),
    "service log": (_service_log_world, _service_log_state, _service_log_roundtrip, ("csv",)),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "exchange,fmt", [(name, fmt) for name, (*_rest, formats) in EXCHANGES.items() for fmt in formats]
)
def test_an_export_imported_unchanged_changes_nothing(exchange, fmt, language):
    build, state, roundtrip, _formats = EXCHANGES[exchange]
    store = StoreFactory(code="round-trip")
    manager = UserFactory()
    MembershipFactory(user=manager, store=store, role="ops_manager")
    build(store)
    before = state(store)
    client = Client(headers={"accept-language": language})
    client.force_login(manager)
    roundtrip(client, store, manager, fmt)
    assert state(store) == before


@pytest.mark.django_db
def test_the_service_log_export_writes_when_in_local_time(client):
    store = StoreFactory(code="local-time")
    manager = UserFactory()
    MembershipFactory(user=manager, store=store, role="ops_manager")
    _service_log_world(store)
    client.force_login(manager)
    text = client.get(f"/orders/{store.code}/export.csv?days=7").content.decode("utf-8-sig")
    written = text.splitlines()[1].rsplit(",", 1)[1]
    log = ServiceLog.objects.order_by("-date").first()
    assert written == timezone.localtime(log.updated_at).strftime("%Y-%m-%d %H:%M:%S")


NUMBER_TEXT = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


def _xlsx_exports(client: Client, world) -> dict[str, bytes]:
    """Every page of the URL conf asked for XLSX (``?format=xlsx``, or ``fmt=xlsx`` in its path): those that answer
    with a workbook."""
    found = {}
    for name, (route, _callback) in PAGES.items():
        names = _kwarg_names(route)
        if names - {"store", "fmt"} and name not in PAGE_KWARGS:
            continue
        kwargs = PAGE_KWARGS[name](world, client) if name in PAGE_KWARGS else {}
        kwargs = {k: v for k, v in kwargs.items() if k in names}
        if "store" in names:
            kwargs["store"] = world.store.code
        if "fmt" in names:
            kwargs["fmt"] = "xlsx"
        response = client.get(reverse(name, kwargs=kwargs), {"format": "xlsx"})
        if response.status_code == 200 and response["Content-Type"] == XLSX:
            found[name] = response.content
    return found


@pytest.mark.django_db
def test_every_xlsx_export_writes_numbers_and_dates_as_typed_cells_with_a_number_format(client):
    own, _other = build_world()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    exports = _xlsx_exports(client, own)
    # The sweep finds the exports itself; these are the ones there are today.
    assert {
        "dashboards:portfolio",
        "inventory:product_list",
        "promotions:export",
        "staffing:gap_report",
        "assessments:export",
    } <= set(exports)
    for name, content in exports.items():
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                where = f"{name} {cell.coordinate} {cell.value!r}"
                if isinstance(cell.value, int | float | datetime | date) and not isinstance(cell.value, bool):
                    assert cell.number_format != "General", where
                elif isinstance(cell.value, str):
                    assert not NUMBER_TEXT.match(cell.value.strip()), f"a number stored as text: {where}"
                    assert cell.value not in ("ok", "short", "tight"), f"an untranslated state: {where}"
