"""The promotion pages: list, create, edit, detail with SKUs and stock, the preset, the calendars."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.choices import Role
from promotions.choices import PromotionKind, PromotionStatus
from promotions.models import Promotion
from promotions.services import preset_adopt
from tests.factories import MembershipFactory, StoreFactory

from .factories import ItemFactory, ProductFactory, PromotionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]


def test_the_manager_adopts_the_years_preset_in_one_step(manager_client, own_store):
    page = manager_client.get(f"/promotions/{own_store.code}/preset/")
    assert page.status_code == 200 and "双11" in page.content.decode()
    response = manager_client.post(f"/promotions/{own_store.code}/preset/", {"year": 2026})
    assert response.status_code == 302
    assert Promotion.objects.filter(store=own_store).count() == 9
    manager_client.post(f"/promotions/{own_store.code}/preset/", {"year": 2026})
    assert Promotion.objects.filter(store=own_store).count() == 9
    listing = manager_client.get(f"/promotions/{own_store.code}/?year=2026").content.decode()
    assert "Double 11" in listing and "2026-10-14" in listing  # double 11's stock decision


def test_a_year_out_of_range_is_an_error_on_the_form(manager_client, own_store):
    response = manager_client.post(f"/promotions/{own_store.code}/preset/", {"year": 2100})
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 2099" in response.content.decode()
    assert not Promotion.objects.exists()


def test_create_then_edit_with_the_version(manager_client, own_store):
    response = manager_client.post(
        f"/promotions/{own_store.code}/new/",
        {
            "kind": "custom",
            "name": "店庆 Anniversary",
            "start_date": "2026-12-01",
            "end_date": "2026-12-03",
            "budget": "20000",
            "status": "idea",
            "notes": "",
        },
    )
    promotion = Promotion.objects.get(store=own_store)
    assert response.status_code == 302 and response["Location"] == promotion.get_absolute_url()
    data = {
        "kind": "custom",
        "name": "店庆 3 周年",
        "start_date": "2026-12-01",
        "end_date": "2026-12-03",
        "budget": "20000",
        "status": "planned",
        "notes": "",
        "version": 1,
    }
    assert manager_client.post(f"/promotions/{own_store.code}/{promotion.pk}/edit/", data).status_code == 302
    stale = manager_client.post(f"/promotions/{own_store.code}/{promotion.pk}/edit/", {**data, "name": "stale"})
    assert stale.status_code == 200 and "Someone saved this promotion" in stale.content.decode()
    assert Promotion.objects.get(pk=promotion.pk).name == "店庆 3 周年"


def test_an_end_before_the_start_is_shown_on_the_field(manager_client, own_store):
    response = manager_client.post(
        f"/promotions/{own_store.code}/new/",
        {
            "kind": "custom",
            "name": "x",
            "start_date": "2026-12-03",
            "end_date": "2026-12-01",
            "budget": "0",
            "status": "idea",
        },
    )
    assert response.status_code == 200 and "ends before it starts" in response.content.decode()
    assert not Promotion.objects.exists()


def test_a_price_below_the_floor_is_refused_next_to_the_field_then_a_valid_one_is_saved(manager_client, own_store):
    promotion = PromotionFactory(store=own_store, kind=PromotionKind.JUHUASUAN)
    product = ProductFactory(store=own_store, code="SH-T001", list_price=Decimal("99.00"))
    url = f"/promotions/{own_store.code}/{promotion.pk}/items/"
    refused = manager_client.post(
        url, {"product": product.pk, "promo_price": "59.00", "uplift": "3", "presale_quantity": 0}
    )
    body = refused.content.decode()
    assert refused.status_code == 422
    assert 'data-testid="error-promo_price"' in body and "¥69.30" in body and "7折" in body
    assert not promotion.items.exists()
    saved = manager_client.post(
        url, {"product": product.pk, "promo_price": "69.30", "uplift": "3", "presale_quantity": 10}
    )
    assert saved.status_code == 302
    detail = manager_client.get(promotion.get_absolute_url()).content.decode()
    assert 'data-testid="stock-row-SH-T001"' in detail


def test_an_overlap_is_a_warning_on_the_detail(manager_client, own_store):
    product = ProductFactory(store=own_store)
    first = PromotionFactory(
        store=own_store, name="先 First", start_date=date(2026, 12, 1), end_date=date(2026, 12, 10)
    )
    ItemFactory(promotion=first, product=product)
    second = PromotionFactory(store=own_store, start_date=date(2026, 12, 10), end_date=date(2026, 12, 12))
    response = manager_client.post(
        f"/promotions/{own_store.code}/{second.pk}/items/",
        {"product": product.pk, "promo_price": "90", "uplift": "1", "presale_quantity": 0},
        follow=True,
    )
    body = response.content.decode()
    assert "also in “先 First”" in body


def test_phases_and_status_from_the_detail(manager_client, own_store):
    promotion = PromotionFactory(store=own_store, start_date=date(2026, 10, 21), end_date=date(2026, 11, 11))
    base = f"/promotions/{own_store.code}/{promotion.pk}"
    outside = manager_client.post(
        f"{base}/phases/", {"kind": "live", "start_date": "2026-11-11", "end_date": "2026-11-12"}
    )
    assert outside.status_code == 422 and "within the promotion" in outside.content.decode()
    assert (
        manager_client.post(
            f"{base}/phases/", {"kind": "live", "start_date": "2026-11-11", "end_date": "2026-11-11"}
        ).status_code
        == 302
    )
    assert manager_client.post(f"{base}/status/", {"status": "stock_decided"}).status_code == 302
    promotion.refresh_from_db()
    assert promotion.status == PromotionStatus.STOCK_DECIDED and promotion.stock_decided_on == date(2026, 10, 1)


def test_the_store_calendar_shows_bars_deadlines_and_risks(manager_client, own_store):
    preset_adopt(own_store, 2026)
    double_11 = Promotion.objects.get(store=own_store, preset_key="double_11:2026")
    ItemFactory(promotion=double_11, product=ProductFactory(store=own_store), presale_quantity=100)
    body = manager_client.get(f"/promotions/{own_store.code}/calendar/?month=2026-10").content.decode()
    assert "Double 11" in body
    assert 'data-testid="marker-decision"' in body and "Stock decision: 双11 Double 11 2026" in body
    assert 'data-testid="marker-order_by"' in body
    assert 'data-testid="risk"' in body  # nothing in stock for 100 pre-sold units
    assert "?month=2026-11" in body and "?month=2026-09" in body


def test_the_calendar_across_stores_shows_only_the_users_stores(
    client, own_store, other_store, django_assert_max_num_queries
):
    third = StoreFactory(code="third-store", name="第三店 Third")
    user = MembershipFactory(store=own_store, role=Role.VIEWER).user
    MembershipFactory(user=user, store=third, role=Role.DESIGNER)
    PromotionFactory(store=own_store, name="自家 Own promo", start_date=date(2026, 10, 5), end_date=date(2026, 10, 6))
    PromotionFactory(store=third, name="第三 Third promo", start_date=date(2026, 10, 7), end_date=date(2026, 10, 9))
    PromotionFactory(
        store=other_store, name="别家 Hidden promo", start_date=date(2026, 10, 5), end_date=date(2026, 10, 6)
    )
    client.force_login(user)
    with django_assert_max_num_queries(20):
        body = client.get("/promotions/?month=2026-10").content.decode()
    assert "自家 Own promo" in body and "第三 Third promo" in body and "别家 Hidden promo" not in body
    one = client.get("/promotions/?month=2026-10&store=third-store").content.decode()
    assert "第三 Third promo" in one and "自家 Own promo" not in one
    assert client.get("/promotions/?month=2026-10&store=other-store").content.decode().count('data-testid="bar"') == 0


def test_a_viewer_sees_but_has_no_edit_forms(client, own_store, member):
    client.force_login(member(Role.VIEWER))
    promotion = PromotionFactory(store=own_store)
    body = client.get(promotion.get_absolute_url()).content.decode()
    assert promotion.name in body and 'data-testid="item-form"' not in body
    assert client.get(f"/promotions/{own_store.code}/new/").status_code == 403


def test_the_list_filters_with_the_api_filterset_and_pins_its_queries(
    manager_client, own_store, django_assert_max_num_queries
):
    for n in range(5):
        promotion = PromotionFactory(store=own_store, kind="juhuasuan" if n % 2 else "double_12", name=f"p{n}")
        ItemFactory(promotion=promotion, product=ProductFactory(store=own_store))
    with django_assert_max_num_queries(16):
        body = manager_client.get(f"/promotions/{own_store.code}/?year=2026&kind=juhuasuan").content.decode()
    assert "p1" in body and "p3" in body and ">p0<" not in body


def test_the_detail_page_pins_its_queries(manager_client, own_store, django_assert_max_num_queries):
    promotion = PromotionFactory(store=own_store)
    for _ in range(5):
        ItemFactory(promotion=promotion, product=ProductFactory(store=own_store))
    with django_assert_max_num_queries(22):
        assert manager_client.get(promotion.get_absolute_url()).status_code == 200
