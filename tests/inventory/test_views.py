"""The inventory pages: lists, forms, the day's sales, export and import, against PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from imports.models import ImportJob
from inventory.models import FactoryOrder, Product, StockMovement
from inventory.selectors import on_hand_by_product
from tests.factories import FactoryOrderFactory, ProductFactory

pytestmark = pytest.mark.django_db
BASE = "/inventory/own-store"


@pytest.fixture
def manager(client, member):
    user = member("ops_manager")
    client.force_login(user)
    return user


@pytest.fixture
def clerk(client, member):
    user = member("customer_service")
    client.force_login(user)
    return user


def on_hand(product) -> int:
    return on_hand_by_product([product.pk])[product.pk]


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_create_a_product_and_refuse_a_duplicate_code(client, manager, own_store):
    data = {
        "code": "SH-N1",
        "name": "新品",
        "list_price": "59.00",
        "cost": "20.00",
        "role": "profit",
        "lifecycle": "cultivation",
        "is_listed": "on",
        "lead_time_days": "10",
        "safety_stock": "",
    }
    assert client.post(f"{BASE}/new/", data).status_code == 302
    again = client.post(f"{BASE}/new/", data)
    assert again.status_code == 200 and "code" in again.context["form"].errors
    assert Product.objects.filter(code="SH-N1").count() == 1


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(client, manager, product):
    data = {
        "code": product.code,
        "name": "改名",
        "list_price": "59.00",
        "cost": "20.00",
        "role": "profit",
        "lifecycle": "growth",
        "is_listed": "on",
        "lead_time_days": "15",
        "safety_stock": "",
        "version": "1",
    }
    assert client.post(f"{BASE}/products/SH-T001/edit/", data).status_code == 302
    stale = client.post(f"{BASE}/products/SH-T001/edit/", {**data, "name": "second"})
    assert stale.status_code == 200 and "Someone else saved" in stale.content.decode()
    assert stale.context["form"]["name"].value() == "second"
    product.refresh_from_db()
    assert product.name == "改名" and product.version == 2


def test_an_adjustment_below_zero_is_saved_and_flagged(client, manager, stocked):
    response = client.post(
        f"{BASE}/products/SH-T001/movement/",
        {"kind": "adjustment", "quantity": "-104", "date": "2026-10-20", "note": "water damage"},
        follow=True,
    )
    assert on_hand(stocked) == -4
    assert any("−4 units" in m for m in messages_of(response))
    assert 'data-testid="negative-stock"' in response.content.decode()


def test_an_adjustment_without_a_reason_changes_nothing(client, manager, stocked):
    response = client.post(
        f"{BASE}/products/SH-T001/movement/", {"kind": "adjustment", "quantity": "-4", "date": "2026-10-20"}
    )
    assert response.status_code == 200 and "note" in response.context["form"].errors
    assert on_hand(stocked) == 100


def test_a_stock_count_records_the_difference(client, manager, stocked):
    client.post(f"{BASE}/products/SH-T001/count/", {"counted": "97", "date": "2026-10-20"})
    count = StockMovement.objects.get(kind="count")
    assert (count.counted, count.quantity) == (97, -3)


def test_factory_orders_create_receive_once_and_cancel(client, manager, stocked):
    client.post(
        f"{BASE}/factory-orders/new/",
        {"product": stocked.pk, "quantity": "40", "ordered_on": "2026-10-01", "expected_on": "2026-10-15"},
    )
    order = FactoryOrder.objects.get()
    url = f"{BASE}/factory-orders/{order.pk}/receive/"
    assert client.post(url, {"date": "2026-10-14", "quantity": "40"}).status_code == 302
    assert client.post(url, {"date": "2026-10-14", "quantity": "40"}).status_code == 200
    assert on_hand(stocked) == 140
    other = FactoryOrderFactory(product=stocked)
    client.post(f"{BASE}/factory-orders/{other.pk}/cancel/")
    other.refresh_from_db()
    assert other.status == "cancelled"


def test_an_order_of_another_store_is_404(client, manager, other_store):
    foreign = FactoryOrderFactory(product=ProductFactory(store=other_store))
    assert client.post(f"{BASE}/factory-orders/{foreign.pk}/cancel/").status_code == 404


def test_customer_service_enter_the_days_sales_for_many_skus(client, clerk, stocked, own_store):
    second = ProductFactory(store=own_store, code="SH-T002")
    day = timezone.localdate().isoformat()
    data = {"date": day, f"sold_{stocked.pk}": "3", f"returned_{stocked.pk}": "1", f"sold_{second.pk}": "2"}
    response = client.post(f"{BASE}/sales/?date={day}", data, follow=True)
    assert response.status_code == 200
    assert on_hand(stocked) == 98 and on_hand(second) == -2
    assert any("SH-T002 is at −2 units" in m for m in messages_of(response))
    form = client.get(f"{BASE}/sales/?date={day}").context["form"]
    assert form[f"sold_{stocked.pk}"].value() == 3


def test_one_bad_row_saves_nothing(client, clerk, stocked, own_store):
    second = ProductFactory(store=own_store, code="SH-T002")
    day = timezone.localdate().isoformat()
    data = {"date": day, f"sold_{stocked.pk}": "3", f"sold_{second.pk}": "-1"}
    response = client.post(f"{BASE}/sales/?date={day}", data)
    assert response.status_code == 400
    assert not StockMovement.objects.filter(kind="sale").exists()


def test_a_day_too_far_ahead_is_refused(client, clerk, stocked):
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(f"{BASE}/sales/", {"date": day, f"sold_{stocked.pk}": "3"})
    assert response.status_code == 400
    assert not StockMovement.objects.filter(kind="sale").exists()


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Upload a file and run its import as the worker would once the upload is committed."""

    def send(content: bytes, name: str = "products.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{BASE}/upload/", {"file": SimpleUploadedFile(name, content)})
        return client.get(response["Location"])

    return send


def test_an_import_with_bad_rows_reports_each_and_saves_nothing(client, manager, own_store, upload):
    content = (
        "code,name,list_price,cost,role,is_main_push\n"
        "SH-I1,好的,59,20,profit,yes\n"
        "bad code,名字,-1,20,boss,maybe\n"
        "SH-I1,重复,59,20,,\n"
    ).encode()
    response = upload(content)
    job = ImportJob.objects.get(kind="products")
    assert job.status == "failed"
    problems = {(e["row"], e["column"]) for e in job.errors}
    assert {(3, "code"), (3, "list_price"), (3, "role"), (3, "is_main_push"), (4, "code")} <= problems
    assert not Product.objects.exists()
    assert 'data-testid="import-errors"' in response.content.decode()


def test_an_export_edited_and_uploaded_again_updates_products(client, manager, own_store, upload):
    ProductFactory(store=own_store, code="SH-E1", name="旧名", list_price=Decimal("10.00"))
    exported = client.get(f"{BASE}/", {"format": "csv"}).content.decode("utf-8-sig")
    edited = exported.replace("旧名", "新名") + "SH-E2,新品,,29.90,9.90,引流款,成长期,否,是,20,,,,,,,,,\n"
    response = upload(edited.encode("utf-8"))
    job = ImportJob.objects.get(kind="products")
    assert job.status == "done", job.errors
    assert (job.created_rows, job.updated_rows) == (1, 1)
    assert Product.objects.get(code="SH-E1").name == "新名"
    new = Product.objects.get(code="SH-E2")
    assert (new.role, new.lifecycle, new.is_main_push, new.lead_time_days) == ("traffic_driver", "growth", False, 20)
    assert "Imported 2 products" in response.content.decode()


def test_the_template_downloads_in_both_formats(client, manager):
    assert client.get("/inventory/products-template.csv").content.decode("utf-8-sig").startswith("code,name")
    assert client.get("/inventory/products-template.xlsx").status_code == 200
    assert client.get("/inventory/products-template.pdf").status_code == 404


def test_the_manager_changes_the_stock_rules_and_the_figures_follow(client, manager, own_store):
    product = ProductFactory(store=own_store, is_main_push=True)
    data = {
        "main_push_safety_stock": "45",
        "other_safety_stock": "5",
        "listed_min": "40",
        "listed_max": "45",
        "main_push_target": "2",
        "order_cover_days": "20",
        "decision_days": "7",
        "order_safety_days": "3",
        "reminder_days": "3",
    }
    assert client.post(f"{BASE}/policy/", data).status_code == 302
    row = client.get(f"{BASE}/products/{product.code}/").context["row"]
    assert row.safety_stock == 45
    bad = client.post(f"{BASE}/policy/", {**data, "listed_min": "50"})
    assert bad.status_code == 200 and "listed_max" in bad.context["form"].errors
