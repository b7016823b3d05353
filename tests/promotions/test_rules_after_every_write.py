"""A promotion's rules hold for the state after every write, whichever field changed and through whichever path.

The price floor (70% of list price except Double 11 and Taojinbi) and the phases within the promotion's dates
span several fields: a change of the kind or of a date can break them as surely as a new SKU price. The sweep
takes the writable fields of the API's PATCH schema, of the page's edit form and of the import's columns; each
must have a change in ``BREAKS`` that would break a rule, or a reason in ``NO_RULE_ACROSS_FIELDS``. Every
such change is refused with a message naming the rule, and changes nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator

from promotions.forms import PromotionForm
from promotions.models import Promotion
from promotions.services import PROMOTION_FIELDS
from promotions.tabular import COLUMNS, PROMOTION_COLUMNS

from .factories import ItemFactory, PhaseFactory, ProductFactory, PromotionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]

FLOOR = "¥70.00"  # 70% of the SKU's list price of ¥100.00
WITHIN = "must lie within the promotion's dates"

# field -> (a value that breaks a rule of the Double 11 promotion below, what the refusal says)
BREAKS: dict[str, tuple[str, str]] = {
    "kind": ("custom", FLOOR),  # its SKU at ¥20.00 is allowed in Double 11 only
    "start_date": ("2026-11-05", WITHIN),  # its pre-sale deposit phase starts on 1 November
    "end_date": ("2026-11-10", WITHIN),  # its live phase is on 11 November
}
NO_RULE_ACROSS_FIELDS = {
    "name": "checked on its own (not empty); no other field depends on it",
    "budget": "checked on its own (not negative)",
    "status": "one of the statuses; the stock decision day follows from it",
    "notes": "free text",
}
NOT_CONTENT = {"store", "version", "promotion_id"}  # where the promotion is and which version was read


@pytest.fixture
def sku(own_store):
    return ProductFactory(store=own_store, code="SKU-FLOOR", list_price=Decimal("100.00"))


@pytest.fixture
def double_11(own_store, sku):
    promotion = PromotionFactory(
        store=own_store, kind="double_11", start_date=date(2026, 11, 1), end_date=date(2026, 11, 11)
    )
    PhaseFactory(promotion=promotion, kind="presale_deposit", start_date=date(2026, 11, 1), end_date=date(2026, 11, 3))
    PhaseFactory(promotion=promotion, kind="live", start_date=date(2026, 11, 11), end_date=date(2026, 11, 11))
    ItemFactory(promotion=promotion, product=sku, promo_price=Decimal("20.00"))
    return promotion


@pytest.fixture
def custom(own_store, sku):
    return PromotionFactory(store=own_store, kind="custom", start_date=date(2026, 12, 1), end_date=date(2026, 12, 3))


def snapshot(promotion: Promotion) -> dict[str, Any]:
    fresh = Promotion.objects.get(pk=promotion.pk)
    return {
        **{name: getattr(fresh, name) for name in (*PROMOTION_FIELDS, "version", "stock_decided_on")},
        "phases": sorted(fresh.phases.values_list("kind", "start_date", "end_date")),
        "items": sorted(fresh.items.values_list("product__code", "promo_price", "uplift", "presale_quantity")),
    }


def _patch_fields() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    patch = schema["paths"]["/api/v1/promotions/{id}/"]["patch"]["requestBody"]["content"]["application/json"]
    name = patch["schema"]["$ref"].split("/")[-1]
    properties = schema["components"]["schemas"][name]["properties"]
    return {field for field, p in properties.items() if not p.get("readOnly")} - NOT_CONTENT


def _form_fields() -> set[str]:
    return set(PromotionForm.base_fields) - NOT_CONTENT


def _import_fields() -> set[str]:
    return set(PROMOTION_COLUMNS) - NOT_CONTENT


@pytest.mark.parametrize("fields", [_patch_fields, _form_fields, _import_fields], ids=["api", "form", "import"])
def test_every_writable_promotion_field_has_a_breaking_change_or_a_reason(fields):
    unknown = fields() - set(BREAKS) - set(NO_RULE_ACROSS_FIELDS)
    assert not unknown, f"say in BREAKS how a change of {sorted(unknown)} could break a rule, or why it cannot"


def _via_api(api, manager, promotion, field, value) -> str:
    api.force_authenticate(manager)
    response = api.patch(
        f"/api/v1/promotions/{promotion.pk}/", {field: value, "version": promotion.version}, format="json"
    )
    assert response.status_code == 400, response.content
    return response.content.decode()


def _via_form(client, manager, promotion, field, value) -> str:
    client.force_login(manager)
    data = {name: getattr(promotion, name) for name in PromotionForm.Meta.fields} | {"version": promotion.version}
    data = {name: "" if v is None else str(v) for name, v in data.items()} | {field: value}
    response = client.post(f"/promotions/{promotion.store.code}/{promotion.pk}/edit/", data)
    assert response.status_code == 200  # the form again, with the refusal
    return response.content.decode()


def _via_import(client, manager, promotion, field, value) -> str:
    client.force_login(manager)
    cells = {name: getattr(promotion, name) for name in PROMOTION_COLUMNS[1:]} | {"promotion_id": promotion.pk}
    cells[field] = value  # phases and SKUs left out of the file are kept
    content = ",".join(COLUMNS) + "\n" + ",".join(str(cells.get(c, "")) for c in COLUMNS) + "\n"
    upload = SimpleUploadedFile("p.csv", content.encode("utf-8"))
    response = client.post(f"/promotions/{promotion.store.code}/import/", {"file": upload})
    assert response.status_code == 422
    return response.content.decode()


PATHS: dict[str, tuple[Callable, Callable[[], set[str]]]] = {
    "api": (_via_api, _patch_fields),
    "form": (_via_form, _form_fields),
    "import": (_via_import, _import_fields),
}


@pytest.mark.parametrize(
    ("path", "field"), [(path, field) for path in PATHS for field in sorted(BREAKS) if field in PATHS[path][1]()]
)
def test_a_change_of_a_promotion_field_that_breaks_a_rule_is_refused_and_changes_nothing(
    api, client, manager, double_11, path, field
):
    before = snapshot(double_11)
    value, says = BREAKS[field]
    write, _fields = PATHS[path]
    context = api if path == "api" else client
    assert says in html.unescape(write(context, manager, double_11, field, value))
    assert snapshot(double_11) == before


def _item_api_post(api, client, manager, promotion, sku) -> str:
    api.force_authenticate(manager)
    body = {"promotion": promotion.pk, "sku": sku.code, "promo_price": "20.00"}
    response = api.post("/api/v1/promotion-items/", body, format="json")
    assert response.status_code == 400
    return response.content.decode()


def _item_api_patch(api, client, manager, promotion, sku) -> str:
    item = promotion.items.get(product=sku)
    api.force_authenticate(manager)
    response = api.patch(f"/api/v1/promotion-items/{item.pk}/", {"promo_price": "20.00"}, format="json")
    assert response.status_code == 400
    return response.content.decode()


def _item_form(api, client, manager, promotion, sku) -> str:
    client.force_login(manager)
    data = {"product": sku.pk, "promo_price": "20.00", "uplift": "1", "presale_quantity": "0"}
    response = client.post(f"/promotions/{promotion.store.code}/{promotion.pk}/items/", data)
    assert response.status_code == 422
    return response.content.decode()


def _item_import(api, client, manager, promotion, sku) -> str:
    client.force_login(manager)
    cells = {name: getattr(promotion, name) for name in PROMOTION_COLUMNS[1:]} | {"promotion_id": promotion.pk}
    cells |= {"sku": sku.code, "promo_price": "20.00"}
    content = ",".join(COLUMNS) + "\n" + ",".join(str(cells.get(c, "")) for c in COLUMNS) + "\n"
    upload = SimpleUploadedFile("p.csv", content.encode("utf-8"))
    response = client.post(f"/promotions/{promotion.store.code}/import/", {"file": upload})
    assert response.status_code == 422
    return response.content.decode()


def _phase_api(api, client, manager, promotion, sku) -> str:
    api.force_authenticate(manager)
    body = {"promotion": promotion.pk, "kind": "live", "start_date": "2026-12-04", "end_date": "2026-12-04"}
    response = api.post("/api/v1/promotion-phases/", body, format="json")
    assert response.status_code == 400
    return response.content.decode()


def _phase_form(api, client, manager, promotion, sku) -> str:
    client.force_login(manager)
    data = {"kind": "live", "start_date": "2026-11-30", "end_date": "2026-12-01"}
    response = client.post(f"/promotions/{promotion.store.code}/{promotion.pk}/phases/", data)
    assert response.status_code == 422
    return response.content.decode()


LINE_WRITES = {
    "item-api-post": (_item_api_post, FLOOR),
    "item-api-patch": (_item_api_patch, FLOOR),
    "item-form": (_item_form, FLOOR),
    "item-import": (_item_import, FLOOR),
    "phase-api": (_phase_api, "within the promotion"),
    "phase-form": (_phase_form, "within the promotion"),
}


@pytest.mark.parametrize("path", sorted(LINE_WRITES))
def test_a_sku_line_or_phase_that_breaks_a_rule_is_refused_and_changes_nothing(api, client, manager, custom, sku, path):
    ItemFactory(promotion=custom, product=sku, promo_price=Decimal("80.00"))  # allowed: 80% of list price
    before = snapshot(custom)
    write, says = LINE_WRITES[path]
    assert says in html.unescape(write(api, client, manager, custom, sku))
    assert snapshot(custom) == before
