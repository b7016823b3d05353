"""A file that is no report, or that opsplan cannot take as a whole, is one clear problem in the reading: never an
exception, never a half-read file."""

import io
import zipfile

import pytest

from funnel.exports import MAX_BYTES, MAX_DATA_ROWS, read_export
from funnel.exports.files import MAX_UNZIPPED_BYTES

from .export_files import SYCM_HEADER, SYCM_LINES, csv_bytes, fixture, xlsx_bytes


def only_problem(reading):
    assert reading.rows == []
    assert len(reading.problems) == 1, reading.problems
    return reading.problems[0]


def zip_bytes(name, data):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "This file is not a report opsplan can read"),
        (b"\xff\xff\x80\x81", "This file is not a report opsplan can read"),
        (b"PK\x03\x04 not really a workbook", "The file is not a readable .xlsx workbook."),
        (zip_bytes("hello.txt", "not a workbook"), "The file is not a readable .xlsx workbook."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "The file is not a readable .xls workbook."),
    ],
)
def test_bytes_that_are_no_report_are_one_clear_problem(content, message):
    assert only_problem(read_export(content, "report.xlsx")).startswith(message)


def test_a_file_over_the_byte_limit_is_refused_unread():
    problem = only_problem(read_export(b"a" * (MAX_BYTES + 1), "report.csv"))
    assert problem == "The file is larger than 10 MB; export fewer days at a time."


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = zip_bytes("xl/worksheets/sheet1.xml", b"\x00" * (MAX_UNZIPPED_BYTES + 1))
    assert only_problem(read_export(bomb, "report.xlsx")) == "The workbook is too large once unpacked."


def test_a_table_without_known_columns_has_no_header():
    reading = read_export(csv_bytes([["name", "colour"], ["apple", "red"]]), "fruit.csv")
    assert only_problem(reading) == (
        "No header row found in fruit.csv: opsplan looks for a row naming columns such as 日期, 访客数, 支付金额."
    )


def test_a_header_without_a_date_column_says_so():
    header = [name for name in SYCM_HEADER if name != "统计日期"]
    reading = read_export(csv_bytes([header, ["1", "2", "3"]]), "report.csv")
    assert only_problem(reading) == "No column is mapped to date; map the file's column for it."


def test_a_day_twice_is_a_problem_of_the_file():
    reading = read_export(csv_bytes([*SYCM_LINES[:5], SYCM_LINES[4]]), "report.csv")
    assert reading.problems == ["The day 2026-11-10 appears twice, on lines 5 and 6."]
    assert not reading.ok


def test_a_header_without_days_under_it():
    assert only_problem(read_export(csv_bytes(SYCM_LINES[:4]), "report.csv")) == (
        "The file has a header row but no days under it."
    )


def test_more_rows_than_the_limit_are_refused():
    rows = [
        [f"{2000 + n // 365}-01-01", "10", "10", "1", "1", "1", "", "", "", "", "", ""]
        for n in range(MAX_DATA_ROWS + 1)
    ]
    reading = read_export(xlsx_bytes([SYCM_HEADER, *rows]), "report.xlsx")
    assert "The file has more than 5,000 rows of figures; export fewer days at a time." in reading.problems


def test_a_mapping_with_an_unknown_field_or_two_columns_for_one_field_is_a_problem():
    content = csv_bytes(SYCM_LINES)
    reading = read_export(content, "report.csv", mapping={"统计日期": "date", "访客数": "visitors"})
    assert "The mapping names an unknown field “visitors” for column “访客数”." in reading.problems

    mapping = {"统计日期": "date", "访客数": "uv", "浏览量": "uv", "支付子订单数": "orders"}
    reading = read_export(content, "report.csv", mapping=mapping)
    assert reading.problems == ["Several columns are mapped to UV: 访客数、浏览量. Map one of them."]


def test_a_damaged_xls_is_a_problem_and_prints_nothing(capsys):
    damaged = fixture("jd_daily.xls")[:3000]

    assert only_problem(read_export(damaged, "jd.xls")) == "The file is not a readable .xls workbook."
    assert capsys.readouterr().out == ""


# A report of a tool opsplan has no preset for, in English, under a banner line: no column name is known.
UNKNOWN_LINES = [
    ["Shop daily report", "", ""],
    ["Day", "Shoppers", "Paid parcels", "Takings"],
    ["2026-11-10", "1,200", "40", "4,000.00"],
    ["2026-11-11", "1,100", "44", "4,400.00"],
    ["Sum", "2,300", "84", "8,400.00"],
]


def test_a_header_of_unknown_names_is_found_above_the_first_day_for_the_manager_to_map():
    reading = read_export(csv_bytes(UNKNOWN_LINES), "report.csv")

    assert reading.header_row_number == 2
    assert reading.headers == ["Day", "Shoppers", "Paid parcels", "Takings"]
    assert reading.mapping == {} and reading.unmapped_headers == reading.headers
    assert "No column is mapped to date; map the file's column for it." in reading.problems

    mapping = {"Day": "date", "Shoppers": "uv", "Paid parcels": "orders", "Takings": "gmv"}
    mapped = read_export(csv_bytes(UNKNOWN_LINES), "report.csv", mapping=mapping)
    assert mapped.ok and mapped.header_row_number == 2
    assert [(r.date.isoformat(), r.values["uv"], r.values["orders"]) for r in mapped.rows] == [
        ("2026-11-10", 1200, 40),
        ("2026-11-11", 1100, 44),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        [["Day", "Shoppers", "Takings"], ["1234", "5", "6"]],  # figures, but no day (1234 is no report's date)
        [["Day", "Shoppers", "Takings"], ["2026-11-10", "", ""]],  # a day without a figure
        [["Day", "Shoppers", "2026"], ["2026-11-10", "5", "6"]],  # a number among the names
        [["Day", "Shoppers"], ["2026-11-10", "5"]],  # too few names to be a report's header
    ],
)
def test_rows_that_do_not_look_like_a_header_over_a_day_are_no_header(lines):
    assert read_export(csv_bytes(lines), "report.csv").header_row_number is None
