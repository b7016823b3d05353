"""Rows of a platform report: each bad cell is an error on its own row (the others are fine), each derived column
that disagrees with its counts a warning, the ingest contract's rules apply, totals rows are found by content."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from funnel.exports import read_export
from funnel.exports.values import read_count, read_date, read_money, read_ratio

from .export_files import SYCM_HEADER, SYCM_LINES, csv_bytes, xlsx_bytes

GOOD = ["2026-11-11", "1,000", "2,000", "40", "50", "4,000.00", "100.00", "4.00%", "10", "-", "-", "0"]


def sycm(*rows, header=SYCM_HEADER):
    return read_export(csv_bytes([["生意参谋 店铺日报"], header, *rows], "gb18030"), "report.csv")


def day(n, **changes):
    row = list(GOOD)
    row[0] = f"2026-11-{n:02d}"
    for index, value in changes.items():
        row[SYCM_HEADER.index(index)] = value
    return row


def test_one_bad_row_has_its_error_with_line_column_and_cell_and_the_others_are_fine():
    reading = sycm(day(10), day(11, 访客数="1,2x4"), day(12))

    assert [row.errors for row in reading.rows] == [[], ["Line 4: 访客数 “1,2x4” is not a whole number."], []]
    assert reading.rows[0].values["uv"] == 1000 and reading.rows[2].values["uv"] == 1000
    assert not reading.problems
    assert not reading.ok  # the import is all or nothing


def test_the_error_is_in_chinese_for_a_chinese_reader():
    with translation.override("zh-hans"):
        reading = sycm(day(10), day(11, 访客数="1,2x4"))

    assert reading.rows[1].errors == ["第 4 行：访客数 “1,2x4” 不是整数。"]


@pytest.mark.parametrize(
    ("column", "cell", "problem"),
    [
        ("访客数", "12.5", "is not a whole number"),
        ("访客数", "-3", "must not be negative"),
        ("支付子订单数", "4.00%", "is not a whole number"),
        ("支付金额", "12.345", "has more than 2 decimals"),
        ("支付金额", "abc", "is not an amount of money"),
        ("支付转化率", "high", "is not a percentage"),
        ("统计日期", "2026-02-30", "is not a valid date"),
        ("统计日期", "next tuesday", "is not a date"),
    ],
)
def test_a_cell_that_cannot_be_read_names_its_problem(column, cell, problem):
    reading = sycm(day(10, **{column: cell}))

    assert reading.rows[0].errors == [f"Line 3: {column} “{cell}” {problem}."]


def test_the_ingest_contract_rules_apply_with_the_files_column_names():
    reading = sycm(
        day(10, 支付子订单数="1,001"),  # more orders than visitors
        day(11, 浏览量="999"),  # fewer page views than visitors
        day(12, 支付买家数="51"),  # more paying buyers than orders
        day(13, 访客数="-"),  # visitors are required
    )

    assert reading.rows[0].errors == ["Line 3: 支付子订单数: orders must not exceed uv"]
    assert reading.rows[1].errors == ["Line 4: 浏览量: pv must not be less than uv"]
    assert reading.rows[2].errors == ["Line 5: 支付买家数: paying_buyers must not exceed orders"]
    assert reading.rows[3].errors == ["Line 6: 访客数 is empty; every day needs it."]


def test_a_day_outside_the_business_range_is_refused():
    reading = sycm(day(10), ["1999-12-31", *GOOD[1:]])

    assert reading.rows[1].errors == ["Line 4: 统计日期: Enter a date from 2000-01-01 to 2099-12-31."]


def test_a_derived_column_that_disagrees_with_its_counts_is_a_warning_on_that_row_only():
    reading = sycm(day(10), day(11, 客单价="90.00"), day(12, 支付转化率="5.00%"))

    assert reading.rows[0].warnings == []
    assert reading.rows[1].warnings == ["Line 4: 客单价 “90.00” does not match 支付金额 ÷ 支付买家数 = 100.00."]
    assert reading.rows[2].warnings == ["Line 5: 支付转化率 “5.00%” does not match 支付买家数 ÷ 访客数 = 4.00%."]
    assert reading.ok  # a warning does not stop the import


def test_derived_columns_are_per_paying_buyer_and_rounding_is_no_mismatch():
    # 4,000 / 40 buyers = 100.00 (per order it would be 80.00); 40 / 1,000 = 4.00% (per order 5.00%);
    # 1,234.56 / 37 = 33.3665 shown as 33.37; 37 / 1,111 = 3.3303% shown as 3.33%.
    reading = sycm(
        day(10),
        day(11, 访客数="1,111", 支付买家数="37", 支付金额="1,234.56", 客单价="33.37", 支付转化率="3.33%"),
    )

    assert [row.warnings for row in reading.rows] == [[], []]


@pytest.mark.parametrize("label", ["合计", "总计", "全部", "汇总", "汇总值", "平均值", "合计："])
def test_totals_rows_are_found_by_their_label_in_the_date_or_the_first_column(label):
    in_date_column = [label, *GOOD[1:]]
    reading = sycm(day(10), in_date_column, day(11))
    assert [row.line for row in reading.rows] == [3, 5] and reading.skipped_lines == [4]

    header = ["店铺", *SYCM_HEADER]
    lines = [["旗舰店", *day(10)], [label, "", *GOOD[1:]], ["旗舰店", *day(11)]]
    reading = read_export(csv_bytes([header, *lines]), "report.csv")
    assert [row.line for row in reading.rows] == [2, 4] and reading.skipped_lines == [3]
    assert reading.unmapped_headers == ["店铺"]


def test_a_totals_row_labelled_with_the_whole_period_is_left_out():
    reading = sycm(day(10), day(11), ["2026-11-10 ~ 2026-11-11", *GOOD[1:]])

    assert [row.line for row in reading.rows] == [3, 4] and reading.skipped_lines == [5]


def test_a_row_with_figures_but_no_date_is_an_error_and_a_note_row_is_left_out():
    reading = sycm(day(10), ["", *GOOD[1:]], ["注：数据来源于生意参谋，仅供参考"])

    assert reading.rows[1].errors == ["Line 4: 统计日期 is empty."]
    assert reading.skipped_lines == [5]


def test_refunds_keep_their_kind_an_amount_as_money_and_a_number_as_a_count():
    header = ["统计日期", "访客数", "浏览量", "支付子订单数", "支付金额", "退款金额", "退款子订单数"]
    reading = read_export(
        csv_bytes([header, ["2026-11-11", "100", "200", "10", "1,000", "¥88.50", "2"]]),
        "report.csv",
        mapping=dict(zip(header, ["date", "uv", "pv", "orders", "gmv", "refund_amount", "refunds"], strict=True)),
    )

    assert reading.rows[0].values["refund_amount"] == Decimal("88.50")
    assert reading.rows[0].values["refunds"] == 2


def test_blank_rows_are_skipped_and_lines_stay_as_the_file_shows_them():
    lines = [*SYCM_LINES[:5], [], ["", ""], SYCM_LINES[5]]
    reading = read_export(xlsx_bytes(lines), "report.xlsx")

    assert [row.line for row in reading.rows] == [5, 8]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,234", 1234),
        ("１，２３４", 1234),
        (1234.0, 1234),
        ("-", None),
        ("--", None),
        ("—", None),
        ("", None),
        (None, None),
    ],
)
def test_counts(cell, expected):
    assert read_count(cell) == (expected, None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("¥1,234.5", "1234.50"), ("￥1,234.56", "1234.56"), ("1234.56元", "1234.56"), (1234.5600000001, "1234.56")],
)
def test_money(cell, expected):
    assert read_money(cell) == (Decimal(expected), None)


@pytest.mark.parametrize(("cell", "expected"), [("2.35%", "0.0235"), (0.0235, "0.0235"), ("0.0235", "0.0235")])
def test_ratios(cell, expected):
    assert read_ratio(cell) == (Decimal(expected), None)


@pytest.mark.parametrize(
    "cell",
    [
        "2026-11-11",
        "2026/11/11",
        "2026.11.11",
        "20261111",
        20261111,
        "2026年11月11日",
        "2026-11-11 00:00:00",
        46337,
        "46337",
        "2026-11-11 ~ 2026-11-11",
        date(2026, 11, 11),
    ],
)
def test_dates(cell):
    assert read_date(cell) == (date(2026, 11, 11), None)


def test_an_xls_serial_uses_the_workbooks_date_system():
    assert read_date(44875.0, datemode=1) == (date(2026, 11, 11), None)
