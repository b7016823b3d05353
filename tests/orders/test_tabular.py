"""Reading uploaded CSV and XLSX files: header, encodings, blank rows, limits, spreadsheet cell types."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from core.tabular import TableError, read_table
from orders.domain import COLUMNS

HEADER = ",".join(COLUMNS)
ROW = "2026-11-01,10,965.00,1,8,2,0,0,4.80,4.90,4.70,99.20"


def csv_bytes(*lines, encoding="utf-8"):
    return ("\n".join(lines) + "\n").encode(encoding)


def test_rows_are_numbered_as_a_spreadsheet_shows_them_and_blank_rows_are_skipped():
    rows = read_table(
        csv_bytes(HEADER, ROW, "", ",,,", ROW.replace("11-01", "11-02")), "x.csv", max_rows=10, columns=COLUMNS
    )
    assert [r.number for r in rows] == [2, 5]
    assert rows[0].cells["gmv"] == "965.00" and rows[1].cells["date"] == "2026-11-02"


def test_the_header_may_come_in_any_order_and_case_with_extra_columns_ignored():
    header = "GMV,Date,note," + ",".join(c for c in COLUMNS if c not in ("gmv", "date"))
    rows = read_table(csv_bytes(header, "965,2026-11-01,hello,10,1,8,2,0,0,,,,"), "x.csv", max_rows=10, columns=COLUMNS)
    assert rows[0].cells["gmv"] == "965" and rows[0].cells["orders"] == "10" and "note" not in rows[0].cells


def test_a_missing_header_is_named():
    with pytest.raises(TableError, match="Missing: date, orders"):
        read_table(csv_bytes(ROW), "x.csv", max_rows=10, columns=COLUMNS)


def test_more_rows_than_allowed_are_refused():
    with pytest.raises(TableError, match="more than 2 rows"):
        read_table(csv_bytes(HEADER, ROW, ROW, ROW), "x.csv", max_rows=2, columns=COLUMNS)


def test_a_header_without_rows_and_an_empty_file_are_refused():
    with pytest.raises(TableError, match="no figures"):
        read_table(csv_bytes(HEADER), "x.csv", max_rows=2, columns=COLUMNS)
    with pytest.raises(TableError, match="empty"):
        read_table(b"", "x.csv", max_rows=2, columns=COLUMNS)


def test_a_csv_saved_by_chinese_excel_in_gb18030_with_semicolons_is_read():
    content = csv_bytes(HEADER.replace(",", ";") + ";备注", ROW.replace(",", ";") + ";双十一", encoding="gb18030")
    rows = read_table(content, "日志.csv", max_rows=10, columns=COLUMNS)
    assert rows[0].cells["orders"] == "10"


def test_cells_beyond_the_header_are_flagged():
    rows = read_table(csv_bytes(HEADER, ROW + ",1,234"), "x.csv", max_rows=10, columns=COLUMNS)
    assert rows[0].overflow


def test_an_unknown_file_type_or_a_broken_workbook_is_refused():
    with pytest.raises(TableError, match=r"\.csv or \.xlsx"):
        read_table(b"x", "x.txt", max_rows=10, columns=COLUMNS)
    with pytest.raises(TableError, match="not a readable .xlsx"):
        read_table(b"not a zip", "x.xlsx", max_rows=10, columns=COLUMNS)


def test_an_xlsx_gives_dates_numbers_and_percent_cells_as_people_see_them():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append([datetime(2026, 11, 1), 10, 965.5, 1, 8, 2, 0, 0, 4.8, 4.9, 4.7, 0.992])  # noqa: DTZ001 - spreadsheet dates are naive
    sheet.cell(row=2, column=12).number_format = "0.00%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    [row] = read_table(buffer.getvalue(), "x.xlsx", max_rows=10, columns=COLUMNS)
    assert row.cells["date"] == datetime(2026, 11, 1)  # noqa: DTZ001 - spreadsheet dates are naive
    assert row.cells["gmv"] == 965.5
    assert row.cells["positive_rate"] == Decimal("99.2")
    assert date(2026, 11, 1) == row.cells["date"].date()
