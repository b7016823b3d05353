"""Each platform's report in each format it comes in: the same days read from CSV (UTF-8, UTF-8 with BOM,
GB18030), .xlsx with merged header cells and date cells, legacy .xls and an HTML table saved as ".xls"."""

from datetime import date
from decimal import Decimal

import pytest

from funnel.exports import read_export

from .export_files import SYCM_LINES, csv_bytes, fixture, xlsx_bytes

SYCM_DAYS = [date(2026, 11, 10), date(2026, 11, 11), date(2026, 11, 12)]


@pytest.mark.parametrize(
    ("encoding", "expected"), [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")]
)
def test_a_sycm_csv_is_read_in_each_encoding_with_title_totals_and_average_rows_left_out(encoding, expected):
    reading = read_export(csv_bytes(SYCM_LINES, encoding), "店铺整体日报.csv")

    assert (reading.format, reading.encoding, reading.platform) == ("csv", expected, "sycm")
    assert reading.problems == []
    assert reading.header_row_number == 4
    assert [row.line for row in reading.rows] == [5, 6, 7]
    assert reading.skipped_lines == [8, 9]
    assert [row.date for row in reading.rows] == SYCM_DAYS
    assert all(not row.errors and not row.warnings for row in reading.rows)
    assert reading.ok


def test_sycm_values_are_read_with_separators_percentages_dashes_and_the_ad_spend_columns_added_up():
    reading = read_export(csv_bytes(SYCM_LINES, "gb18030"), "report.csv")
    first, second, third = (row.values for row in reading.rows)

    assert first == {
        "uv": 1234,
        "pv": 3001,
        "paying_buyers": 50,
        "orders": 60,
        "gmv": Decimal("4800.00"),
        "ad_spend": Decimal("120.50"),  # 100.50 + - + 20
        "refund_amount": Decimal("120.00"),
    }
    assert second["ad_spend"] == Decimal("50.00")  # --, 50, —
    assert third["ad_spend"] == Decimal("30.00")
    assert third["refund_amount"] is None  # "-" is no figure, not zero
    assert "aov" not in first and "conversion" not in first  # derived columns are checked, never kept


def test_the_format_is_told_by_the_content_not_the_name():
    as_xlsx = xlsx_bytes(SYCM_LINES)
    tab_separated = csv_bytes(SYCM_LINES, "gb18030", delimiter="\t")

    assert read_export(as_xlsx, "report.csv").format == "xlsx"
    reading = read_export(tab_separated, "report.xls")  # some back offices save tab-separated text as ".xls"
    assert (reading.format, reading.platform, len(reading.rows)) == ("csv", "sycm", 3)


def test_an_html_table_saved_as_xls_is_read():
    cells = "".join(f"<th>{name}</th>" for name in SYCM_LINES[3])
    rows = "".join("<tr>" + "".join(f"<td>{value}</td>" for value in line) + "</tr>" for line in SYCM_LINES[4:])
    page = f'<html><body><table><tr><td colspan="12">店铺整体日报</td></tr><tr>{cells}</tr>{rows}</table></body></html>'

    reading = read_export(page.encode("utf-8"), "report.xls")

    assert (reading.format, reading.platform, reading.header_row_number) == ("html", "sycm", 2)
    assert [row.date for row in reading.rows] == SYCM_DAYS
    assert reading.ok


def test_a_douyin_xlsx_with_a_merged_two_row_header_date_cells_and_percent_cells():
    lines = [
        ["抖店罗盘 · 经营概览 · 核心数据", None, None, None, None, None, None, None],
        ["日期", "流量", None, "交易", None, None, None, None],
        [None, "商品访客数", "商品浏览量", "成交人数", "成交订单数", "成交金额", "成交转化率", "千川消耗"],
        [date(2026, 11, 11), 8000, 20000, 200, 230, 23000.5, 0.025, 1500],
        [date(2026, 11, 12), 7000, 18000, 140, 150, 14000, 0.02, None],
        ["汇总值", 15000, 38000, 340, 380, 37000.5, None, 1500],
    ]
    content = xlsx_bytes(lines, merges=["A1:H1", "A2:A3", "B2:C2", "D2:H2"], formats={0: "yyyy-mm-dd", 6: "0.00%"})

    reading = read_export(content, "compass.xlsx")

    assert (reading.format, reading.platform, reading.header_row_number) == ("xlsx", "douyin", 3)
    assert reading.headers[:3] == ["日期", "商品访客数", "商品浏览量"]  # 日期 spans its merged range
    assert reading.mapping["千川消耗"] == "ad_spend"
    assert [row.date for row in reading.rows] == [date(2026, 11, 11), date(2026, 11, 12)]
    assert reading.rows[0].values["gmv"] == Decimal("23000.50")
    assert reading.rows[1].values["ad_spend"] is None
    assert reading.skipped_lines == [6]
    assert reading.ok, [row.errors + row.warnings for row in reading.rows]


def test_an_upper_header_row_joins_the_lower_one_when_together_they_name_a_column():
    lines = [
        ["日期", "访客数", "支付", None, "退款", None],
        [None, None, "买家数", "金额", "单数", "金额"],
        ["2026-11-11", 100, 5, 500, 1, 50],
    ]
    content = xlsx_bytes(lines, merges=["A1:A2", "B1:B2", "C1:D1", "E1:F1"])

    reading = read_export(content, "report.xlsx", mapping={"日期": "date", "访客数": "uv", "支付买家数": "orders"})

    assert reading.headers == ["日期", "访客数", "支付买家数", "支付金额", "退款单数", "退款金额"]
    assert reading.rows[0].values == {"uv": 100, "orders": 5}


def test_a_jd_xls_with_date_cells_a_serial_date_separators_and_a_totals_row():
    reading = read_export(fixture("jd_daily.xls"), "jd_daily.xls")

    assert (reading.format, reading.encoding, reading.platform, reading.header_row_number) == ("xls", None, "jd", 4)
    assert [row.date for row in reading.rows] == [date(2026, 11, 11), date(2026, 11, 12), date(2026, 11, 13)]
    assert reading.rows[0].values == {
        "uv": 12345,
        "pv": 30500,
        "paying_buyers": 420,
        "orders": 460,
        "gmv": Decimal("50400.50"),
        "refund_amount": Decimal("1200.00"),
        "ad_spend": Decimal("850.25"),
    }
    assert reading.rows[1].values["refund_amount"] is None
    assert reading.skipped_lines == [9]
    assert reading.ok


def test_a_pinduoduo_xls_with_a_merged_two_row_header_and_chinese_dates():
    reading = read_export(fixture("pdd_two_row_header.xls"), "pdd.xls")

    assert (reading.platform, reading.header_row_number) == ("pinduoduo", 3)
    assert reading.headers[0] == "日期"
    assert [row.date for row in reading.rows] == [date(2026, 11, 11), date(2026, 11, 12)]
    assert reading.rows[0].values == {
        "uv": 5000,
        "pv": 12000,
        "paying_buyers": 150,
        "orders": 160,
        "gmv": Decimal("7500.00"),
    }
    assert reading.ok
