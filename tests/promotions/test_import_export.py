"""CSV/XLSX export of promotions with their SKUs, and the all-or-nothing import with a per-row error report."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from promotions.models import Promotion, PromotionItem
from promotions.tabular import COLUMNS, promotions_import

from .factories import ItemFactory, PhaseFactory, ProductFactory, PromotionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today")]
HEADER = ",".join(COLUMNS)


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _row(**cells) -> str:
    return ",".join(str(cells.get(name, "")) for name in COLUMNS)


@pytest.fixture
def products(own_store):
    return (
        ProductFactory(store=own_store, code="SH-T001", list_price=Decimal("100")),
        ProductFactory(store=own_store, code="SH-T002", list_price=Decimal("50")),
    )


def test_export_has_a_row_per_sku_and_neutralises_formulas(manager_client, own_store, products):
    promotion = PromotionFactory(
        store=own_store,
        name="=HYPERLINK(1)",
        kind="double_11",
        start_date=date(2026, 10, 21),
        end_date=date(2026, 11, 11),
    )
    PhaseFactory(promotion=promotion, kind="live", start_date=date(2026, 11, 11), end_date=date(2026, 11, 11))
    ItemFactory(promotion=promotion, product=products[0], promo_price=Decimal("59"))
    ItemFactory(promotion=promotion, product=products[1], promo_price=Decimal("30"))
    PromotionFactory(store=own_store, name="空 Empty")
    text = manager_client.get(f"/promotions/{own_store.code}/export.csv").content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == HEADER and len(lines) == 4
    assert "'=HYPERLINK(1)" in lines[1] and "SH-T001" in lines[1] and "2026-11-11" in lines[1]
    xlsx = manager_client.get(f"/promotions/{own_store.code}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == list(COLUMNS) and sheet.max_row == 4
    assert sheet["C2"].value == "=HYPERLINK(1)" and sheet["C2"].data_type == "s"


def test_an_export_imports_back_unchanged(manager_client, own_store, products):
    promotion = PromotionFactory(
        store=own_store, kind="double_11", start_date=date(2026, 10, 21), end_date=date(2026, 11, 11)
    )
    PhaseFactory(promotion=promotion, kind="live", start_date=date(2026, 11, 11), end_date=date(2026, 11, 11))
    ItemFactory(
        promotion=promotion, product=products[0], promo_price=Decimal("59"), uplift=Decimal("4"), presale_quantity=30
    )
    exported = manager_client.get(f"/promotions/{own_store.code}/export.xlsx").content
    result = promotions_import(own_store, exported, "back.xlsx")
    assert result.errors == [] and (result.created, result.updated, result.items) == (0, 1, 1)
    item = PromotionItem.objects.get()
    assert (item.promo_price, item.uplift, item.presale_quantity) == (Decimal("59.00"), Decimal("4.00"), 30)
    assert Promotion.objects.count() == 1


def test_new_promotions_from_rows_group_by_kind_name_and_dates(own_store, products):
    content = _csv(
        _row(
            kind="double_12",
            name="双12",
            start_date="2026-12-10",
            end_date="2026-12-12",
            sku="SH-T001",
            promo_price="70",
        ),
        _row(
            kind="double_12",
            name="双12",
            start_date="2026-12-10",
            end_date="2026-12-12",
            sku="SH-T002",
            promo_price="35",
            uplift="2",
            presale_quantity="10",
        ),
        _row(
            kind="double_11",
            name="双11",
            start_date="2026-10-21",
            end_date="2026-11-11",
            live_start="2026-11-11",
            live_end="2026-11-11",
            sku="SH-T001",
            promo_price="40",
        ),
    )
    result = promotions_import(own_store, content, "new.csv")
    assert result.errors == [] and (result.created, result.items) == (2, 3)
    assert promotions_import(own_store, content, "new.csv").created == 0  # matched by kind, name and start
    assert Promotion.objects.get(name="双11").phases.get().kind == "live"


def test_every_bad_row_is_reported_and_nothing_is_written(own_store, products):
    content = _csv(
        _row(
            kind="double_12", name="ok", start_date="2026-12-10", end_date="2026-12-12", sku="SH-T001", promo_price="70"
        ),
        _row(
            kind="double_12",
            name="floor",
            start_date="2026-12-10",
            end_date="2026-12-12",
            sku="SH-T001",
            promo_price="69",
        ),
        _row(kind="nope", name="kind", start_date="2026-12-10", end_date="2026-12-12"),
        _row(kind="custom", name="dates", start_date="2026-12-12", end_date="2026-12-10"),
        _row(kind="custom", name="sku", start_date="2026-12-10", end_date="2026-12-12", sku="MISSING", promo_price="1"),
        _row(
            kind="custom",
            name="phase",
            start_date="2026-12-10",
            end_date="2026-12-12",
            live_start="2026-12-13",
            live_end="2026-12-13",
        ),
        _row(promotion_id="999", kind="custom", name="id", start_date="2026-12-10", end_date="2026-12-12"),
    )
    result = promotions_import(own_store, content, "bad.csv")
    got = {(e.row, e.column) for e in result.errors}
    assert got == {(3, "promo_price"), (4, "kind"), (5, "end_date"), (6, "sku"), (7, "live_start"), (8, "promotion_id")}
    floor = next(e for e in result.errors if e.row == 3)
    assert "¥70.00" in floor.message
    assert not Promotion.objects.exists()


def test_a_file_without_the_required_columns_is_refused(own_store):
    result = promotions_import(own_store, b"name,sku\nx,y\n", "bad.csv")
    assert result.errors[0].row is None and "Missing: kind" in result.errors[0].message


def test_the_import_page_shows_the_row_report(manager_client, own_store, products):
    upload = SimpleUploadedFile(
        "p.csv", _csv(_row(kind="nope", name="x", start_date="2026-12-10", end_date="2026-12-12"))
    )
    response = manager_client.post(f"/promotions/{own_store.code}/import/", {"file": upload})
    assert response.status_code == 422
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body and "Unknown kind" in body
    good = SimpleUploadedFile(
        "p.csv", _csv(_row(kind="custom", name="店庆", start_date="2026-12-10", end_date="2026-12-12"))
    )
    assert manager_client.post(f"/promotions/{own_store.code}/import/", {"file": good}).status_code == 302
    assert Promotion.objects.filter(name="店庆").exists()
