"""The log's rules, without a database: figures, shipped buckets, ratings, dates, uploaded cells, CSV safety."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core.cells import RawRow, parse_count_cell, parse_date_cell, parse_decimal_cell
from core.dates import local_date
from orders.domain import (
    SHIPPED_FIELDS,
    changes_between,
    day_problem,
    log_counting,
    validate_rows,
    value_problems,
    values_from_json,
    values_to_json,
)

TODAY = date(2026, 11, 11)


def day(**overrides):
    values = {
        "orders": 10,
        "gmv": Decimal("965.00"),
        "refunds": 1,
        "shipped_24h": 8,
        "shipped_48h": 2,
        "shipped_later": 0,
        "complaints": 0,
        "rating_description": Decimal("4.80"),
        "rating_service": Decimal("4.90"),
        "rating_shipping": Decimal("4.70"),
        "positive_rate": Decimal("99.20"),
        "uv": 480,
    }
    return {**values, **overrides}


def fields_with_problems(values):
    return {p.fields for p in value_problems(values)}


def test_a_sound_day_has_no_problems():
    assert value_problems(day()) == []


def test_the_shipped_buckets_may_add_up_to_the_orders_but_not_more():
    assert value_problems(day(shipped_24h=7, shipped_48h=2, shipped_later=1)) == []
    problems = value_problems(day(shipped_24h=8, shipped_48h=2, shipped_later=1))
    assert [p.fields for p in problems] == [SHIPPED_FIELDS]
    assert "11" in problems[0].message and "10" in problems[0].message


def test_orders_not_yet_shipped_are_allowed():
    assert value_problems(day(shipped_24h=3, shipped_48h=0, shipped_later=0)) == []


@pytest.mark.parametrize("rating", ["5.01", "-0.01", "50"])
def test_a_rating_outside_0_to_5_is_refused(rating):
    problems = value_problems(day(rating_service=Decimal(rating)))
    assert [(p.fields, p.message) for p in problems] == [(("rating_service",), "A rating is between 0.00 and 5.00.")]


@pytest.mark.parametrize("rating", ["0", "0.00", "5", "5.00", "3.5"])
def test_a_rating_from_0_to_5_is_accepted(rating):
    assert value_problems(day(rating_shipping=Decimal(rating))) == []


def test_a_rating_takes_at_most_two_decimals():
    assert fields_with_problems(day(rating_description=Decimal("4.805"))) == {("rating_description",)}


@pytest.mark.parametrize("rate,ok", [("100", True), ("0", True), ("98.5", True), ("100.01", False), ("-1", False)])
def test_the_positive_rate_is_a_percentage(rate, ok):
    assert (value_problems(day(positive_rate=Decimal(rate))) == []) is ok


def test_ratings_may_be_empty_but_the_counts_and_gmv_may_not():
    empty_ratings = day(rating_description=None, rating_service=None, rating_shipping=None, positive_rate=None)
    assert value_problems(empty_ratings) == []
    assert fields_with_problems(day(orders=None, gmv=None)) == {("orders",), ("gmv",)}


def test_negative_counts_and_money_are_refused():
    assert fields_with_problems(day(refunds=-1, gmv=Decimal("-5"))) == {("refunds",), ("gmv",)}


def test_gmv_on_a_day_without_orders_is_refused():
    problems = value_problems(day(orders=0, shipped_24h=0, shipped_48h=0, gmv=Decimal("10")))
    assert [p.fields for p in problems] == [("gmv",)]


def test_today_and_tomorrow_may_be_logged_but_not_the_day_after():
    assert day_problem(TODAY, TODAY) is None
    assert day_problem(date(2026, 11, 12), TODAY) is None
    assert day_problem(date(2026, 11, 13), TODAY) == (
        "2026-11-13 is too far ahead: days up to 2026-11-12 can be logged (1 day after today)."
    )


def test_today_is_the_date_in_the_stores_time_zone():
    evening_utc = datetime(2026, 11, 10, 17, 0, tzinfo=UTC)
    assert local_date("Asia/Shanghai", evening_utc) == date(2026, 11, 11)
    assert local_date("Europe/London", evening_utc) == date(2026, 11, 10)


@pytest.mark.parametrize(
    "raw,expected",
    [("12", 12), (" 7 ", 7), (12.0, 12), (3, 3), ("", None), (None, None), ("12.0", 12)],
)
def test_whole_numbers_are_read_from_text_and_spreadsheet_cells(raw, expected):
    assert parse_count_cell(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["12.5", 2.5, "twelve", True, "1,200"])
def test_a_count_that_is_not_a_whole_number_is_refused(raw):
    value, problem = parse_count_cell(raw)
    assert value is None and problem


def test_decimals_are_read_exactly_and_thousands_separators_refused():
    assert parse_decimal_cell(4.8) == (Decimal("4.8"), None)
    assert parse_decimal_cell("1234.50") == (Decimal("1234.50"), None)
    assert parse_decimal_cell("98.5%", percent=True) == (Decimal("98.5"), None)
    assert parse_decimal_cell("1,234.50")[1] == (
        "Enter a number with a dot for decimals and no thousands separators, e.g. 1234.50."
    )
    assert parse_decimal_cell("NaN")[1] == "Enter a number."


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("2026-11-11", date(2026, 11, 11)),
        ("2026/11/1", date(2026, 11, 1)),
        (datetime(2026, 11, 11), date(2026, 11, 11)),  # noqa: DTZ001 - spreadsheet dates are naive
    ],
)
def test_dates_are_read_from_iso_text_slashes_and_spreadsheet_dates(raw, expected):
    assert parse_date_cell(raw) == (expected, None)


def test_impossible_and_unreadable_dates_are_refused_with_their_reason():
    assert parse_date_cell("2026-02-30")[1] == "2026-02-30 is not a valid date."
    assert parse_date_cell("11/11/2026")[1] == "Write the date as YYYY-MM-DD, e.g. 2026-11-11."
    assert parse_date_cell("")[1] == "The date is required."


def cells(date_text, **overrides):
    values = {k: str(v) for k, v in day(**overrides).items()}
    return {"date": date_text, **values}


def test_every_problem_of_every_row_is_reported_with_its_row_and_column():
    rows = [
        RawRow(2, cells("2026-11-01")),
        RawRow(3, cells("2026-11-02", orders="ten", rating_service="6")),
        RawRow(4, cells("2026-11-03", shipped_later="5")),
    ]
    clean, errors = validate_rows(rows, TODAY)
    assert [r.number for r in clean] == [2]
    assert [(e.row, e.column) for e in errors] == [
        (3, "orders"),
        (3, "rating_service"),
        (4, "shipped_24h, shipped_48h, shipped_later"),
    ]


def test_a_date_twice_in_one_file_is_an_error_naming_the_first_row():
    rows = [RawRow(2, cells("2026-11-01")), RawRow(3, cells("2026-11-02")), RawRow(5, cells("2026-11-01"))]
    clean, errors = validate_rows(rows, TODAY)
    assert [r.number for r in clean] == [2, 3]
    assert [e.as_dict() for e in errors] == [
        {"row": 5, "column": "date", "message": "2026-11-01 appears twice in the file: also on row 2."}
    ]


def test_a_row_too_far_ahead_is_an_error():
    _, errors = validate_rows([RawRow(2, cells("2026-11-13"))], TODAY)
    assert [(e.row, e.column) for e in errors] == [(2, "date")]


def test_progress_is_reported_while_checking_and_ends_at_the_total():
    rows = [RawRow(n + 2, cells(date.fromordinal(TODAY.toordinal() - n).isoformat())) for n in range(620)]
    seen = []
    clean, errors = validate_rows(rows, TODAY, progress=seen.append, every=250)
    assert errors == [] and len(clean) == 620
    assert seen == [250, 500, 620]


def test_values_survive_a_trip_through_json_and_changes_are_listed_in_form_order():
    old = day()
    assert values_from_json(values_to_json(old)) == old
    new = day(orders=12, shipped_24h=10, positive_rate=None)
    assert [(c.field, c.old, c.new) for c in changes_between(old, new)] == [
        ("orders", 10, 12),
        ("shipped_24h", 8, 10),
        ("positive_rate", Decimal("99.20"), None),
    ]


def test_a_broken_rating_does_not_hide_the_shipped_buckets_rule():
    problems = value_problems(day(shipped_later=5, rating_service=Decimal("9")))
    assert [p.fields for p in problems] == [("rating_service",), SHIPPED_FIELDS]


@pytest.mark.parametrize("uv,message", [(-1, "Must not be negative."), (2**31, "This number is too large.")])
def test_visitors_are_a_count_that_may_be_left_empty(uv, message):
    assert value_problems(day(uv=None)) == []
    assert value_problems(day(uv=0)) == []
    [problem] = value_problems(day(uv=uv))
    assert (problem.fields, problem.message) == (("uv",), message)


def test_an_uploaded_visitors_cell_is_read_as_a_whole_number():
    assert parse_count_cell("480") == (480, None)
    assert parse_count_cell("48.5")[1] == "Enter a whole number, e.g. 12."


def test_the_log_counts_when_the_source_policy_chose_it():
    counting = log_counting(date(2026, 11, 3), "service_log", "Customer-service log", "api")
    assert counting.counted and counting.reason == "" and counting.note == "Counted"


def test_a_log_that_an_api_client_outranks_says_which_client_and_that_the_store_prefers_api_figures():
    counting = log_counting(date(2026, 11, 3), "client:1", "API client erp-sync", "api")
    assert not counting.counted
    assert counting.note == "Not counted: this store prefers API figures (API client erp-sync has reported November 3)"
    with translation.override("zh-hans"):
        counting = log_counting(date(2026, 3, 5), "client:1", "API 客户端 erp-sync", "api")
        assert counting.note == "未采用：本店优先采用 API 数据（API 客户端 erp-sync 已上报 3月5日）"


def test_a_log_outranked_under_the_log_first_policy_names_the_source_that_counts_without_inventing_a_reason():
    counting = log_counting(date(2026, 11, 3), "client:1", "API client erp-sync", "service_log")
    assert not counting.counted
    assert counting.reason == "the figures of API client erp-sync count for November 3"
