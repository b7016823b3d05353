"""Exports of the dashboard tables to CSV and XLSX: the figures, and no formula ever runs."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest

from core.spreadsheet import Column, Kind, Table, table_csv, table_xlsx
from rollups.models import DayRollup
from stores.models import Store

from .conftest import yesterday_of


def sample() -> Table:
    rows = [{"name": "=cmd|' /C calc'!A0", "gmv": Decimal("-12.50"), "day": date(2026, 3, 1)}]
    columns = [Column("name", "Name"), Column("gmv", "GMV", kind=Kind.MONEY), Column("day", "Day", kind=Kind.DATE)]
    return Table("Sample: [test]", columns, rows)


def test_csv_neutralises_formulas_and_keeps_numbers():
    content = table_csv(sample())
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows == [["Name", "GMV", "Day"], ["'=cmd|' /C calc'!A0", "-12.50", "2026-03-01"]]


def test_xlsx_writes_formulas_as_plain_text_and_numbers_as_formatted_numbers():
    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(sample()))).active
    assert sheet.title == "Sample_ _test_"
    assert [c.value for c in sheet[1]] == ["Name", "GMV", "Day"]
    name, gmv, day = sheet[2]
    assert name.value == "=cmd|' /C calc'!A0" and name.data_type == "s"  # a string cell never runs
    assert gmv.value == -12.5 and gmv.data_type == "n" and gmv.number_format == "#,##0.00"
    assert day.value.date() == date(2026, 3, 1) and day.number_format == "yyyy-mm-dd"


@pytest.mark.django_db
def test_the_portfolio_exports_to_csv_and_xlsx_with_a_hostile_store_name_neutralised(client, manager, shop):
    Store.objects.filter(pk=shop.pk).update(name='=HYPERLINK("http://evil.example","click")')
    client.force_login(manager)
    response = client.get("/dashboards/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="portfolio-')
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:3] == ["Store code", "Store", "Platform"]
    assert row[1] == '\'=HYPERLINK("http://evil.example","click")'
    assert header[4:7] == ["Recommendation", "Why", "Yesterday"]
    assert row[5].startswith("Last 7 days (7 with actuals):")  # the recommendation's reasons, as sentences
    assert row[6] == yesterday_of(shop).isoformat()

    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/dashboards/?format=xlsx").content))
    sheet = workbook.active
    assert sheet["B2"].value.startswith("=HYPERLINK") and sheet["B2"].data_type == "s"
    assert isinstance(sheet["H2"].value, int)  # orders yesterday, a number


@pytest.mark.django_db
def test_the_store_period_table_exports_per_grain(client, manager, shop):
    client.force_login(manager)
    days = list(csv.reader(io.StringIO(client.get("/dashboards/tmall-shop/?format=csv").content.decode("utf-8-sig"))))
    assert days[0][:2] == ["Date", "Stage"] and days[1][0] == yesterday_of(shop).isoformat()
    in_window = DayRollup.objects.filter(store=shop, date__gt=yesterday_of(shop) - timedelta(days=90))
    assert len(days) == 1 + in_window.filter(date__lte=yesterday_of(shop)).count()
    response = client.get("/dashboards/tmall-shop/?grain=month&format=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["From", "To"] and "GMV pace" in header
    assert sheet.max_row >= 2


@pytest.mark.django_db
def test_the_days_export_has_a_line_per_source_record(client, manager, shop):
    client.force_login(manager)
    yesterday = yesterday_of(shop)
    first = yesterday - timedelta(days=4)
    response = client.get(f"/dashboards/tmall-shop/days/?from={first}&to={yesterday}&format=csv")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    counted = header.index("Counted")
    source = header.index("Source record")
    # 5 days from the API, the last 3 also from the customer-service log.
    assert len(rows) == 8
    assert sorted(r[counted] for r in rows) == ["no"] * 3 + ["yes"] * 5
    assert {r[source] for r in rows} == {"API client tmall-shop-erp", "Customer-service log"}
