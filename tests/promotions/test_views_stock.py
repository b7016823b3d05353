"""The stock plan's pages under /inventory/: the product list with its figures, health and export, a product's page
with its projection, and a new factory order for an open promotion."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from inventory.models import FactoryOrder
from tests.factories import FactoryOrderFactory, ProductFactory, StockMovementFactory
from tests.promotions.factories import PromotionFactory

pytestmark = pytest.mark.django_db
BASE = "/inventory/own-store"


@pytest.fixture
def manager(client, member):
    user = member("ops_manager")
    client.force_login(user)
    return user


def test_the_list_shows_every_figure_and_badges_and_the_health_panel(client, manager, stocked, own_store):
    ProductFactory(store=own_store, code="EMPTY-1", name="空箱")
    response = client.get(f"{BASE}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "SH-T001" in html and "Out of stock: delist" in html
    assert 'data-testid="health-out_of_stock_listed" data-status="danger"' in html


def test_the_list_reads_in_a_constant_number_of_queries(client, manager, own_store, django_assert_max_num_queries):
    for product in ProductFactory.create_batch(40, store=own_store):
        StockMovementFactory(product=product, quantity=20)
        FactoryOrderFactory(product=product)
    with django_assert_max_num_queries(30):
        response = client.get(f"{BASE}/")
    assert response.status_code == 200 and len(response.context["rows"]) == 40


def test_filters_are_shared_with_the_api(client, manager, own_store, api):
    ProductFactory(store=own_store, code="MAIN-1", is_main_push=True)
    ProductFactory(store=own_store, code="OTHER-1")
    page = client.get(f"{BASE}/", {"is_main_push": "true"})
    assert [r.product.code for r in page.context["rows"]] == ["MAIN-1"]
    api.force_authenticate(manager)
    body = api.get("/api/v1/inventory/products/", {"store": "own-store", "is_main_push": "true"}).json()
    assert [p["code"] for p in body["results"]] == ["MAIN-1"]


def test_the_detail_page_has_the_projection_chart_and_table(client, manager, stocked):
    response = client.get(f"{BASE}/products/SH-T001/")
    html = response.content.decode()
    assert 'id="projection-data"' in html and 'data-testid="projection-table"' in html
    assert len(response.context["row"].projection) == 60


def test_the_detail_page_shows_cover_and_reorder_point_from_the_unrounded_average(client, manager, own_store):
    product = ProductFactory(store=own_store, code="SH-X1", lead_time_days=28, safety_stock=0)
    today = timezone.localdate()
    StockMovementFactory(product=product, date=today - timedelta(days=40), quantity=101)
    sold_on = today - timedelta(days=3)
    StockMovementFactory(product=product, kind="sale", date=sold_on, quantity=-1, source="service_log")
    response = client.get(f"{BASE}/products/SH-X1/")
    html = response.content.decode()
    figures = html[html.index('data-testid="planning-figures"') :].split("</dl>")[0]
    assert '<dd class="fs-5">2,800.0</dd>' in figures  # not 2,500.0 from an average rounded to 0.04
    assert '<dd class="fs-5">0.04</dd>' in figures  # the average is rounded where it is shown
    assert response.context["row"].reorder_point == 1


def test_the_export_neutralises_formula_cells(client, manager, own_store):
    ProductFactory(store=own_store, code="SH-X1", name='=HYPERLINK("x")', style="+cmd")
    response = client.get(f"{BASE}/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["code", "name", "style", "list_price"]
    assert rows[1][1] == '\'=HYPERLINK("x")' and rows[1][2] == "'+cmd"
    xlsx = client.get(f"{BASE}/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value == '=HYPERLINK("x")' and sheet["B2"].data_type == "s"  # text, shown as written


def test_the_product_page_reads_in_a_constant_number_of_queries(
    client, manager, stocked, django_assert_max_num_queries
):
    for day in range(1, 29):
        StockMovementFactory(
            product=stocked,
            kind="sale",
            quantity=-1,
            source="service_log",
            date=timezone.localdate() - timedelta(days=day),
        )
    with django_assert_max_num_queries(20):
        assert client.get(f"{BASE}/products/SH-T001/").status_code == 200


def test_a_new_factory_order_may_be_for_one_of_the_stores_open_promotions(client, manager, stocked, other_store):
    double_12 = PromotionFactory(store=stocked.store, name="双12")
    PromotionFactory(store=stocked.store, name="旧 old", status="done")
    PromotionFactory(store=other_store, name="别家 other")
    page = client.get(f"{BASE}/factory-orders/new/", {"sku": "SH-T001", "quantity": "40"})
    assert list(page.context["form"].fields["promotion"].queryset) == [double_12]
    assert page.context["form"].initial["quantity"] == 40
    data = {"product": stocked.pk, "quantity": "40", "ordered_on": "2026-10-01", "expected_on": "2026-10-15"}
    assert client.post(f"{BASE}/factory-orders/new/", {**data, "promotion": double_12.pk}).status_code == 302
    assert FactoryOrder.objects.get().promotion == double_12
