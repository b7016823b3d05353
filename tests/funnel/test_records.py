"""The check of a push's records: the batch check (column by column, for a batch in which every record is clean)
accepts exactly what the record-by-record check accepts, and cleans it to the same figures. Pure, no database."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal

import pytest

from funnel.domain.records import MAX_COUNT, CleanBatch, _clean_batch, validate_batch, validate_records

TODAY = date(2026, 11, 11)
STORE_TODAY = {"tmall-a": TODAY, "jd-b": TODAY}


def _batch() -> list[dict]:
    records = []
    for store in STORE_TODAY:
        for back in range(3):
            records.append(
                {
                    "store": store,
                    "date": (TODAY - timedelta(days=back)).isoformat(),
                    "uv": 1000 + back,
                    "pv": 4000,
                    "orders": 40,
                    "refunds": 2,
                    "paying_buyers": 30,
                    "new_buyers": 10,
                    "returning_buyers": 20,
                    "gmv": "5289.00",
                    "ad_spend": "96.5",
                    "refund_amount": "0",
                }
            )
    return records


# (field, value) set on the second record; ``...`` removes the field.
CHANGES = [
    ("extra", 1),
    ("store", ...),
    ("store", None),
    ("store", 7),
    ("store", "nowhere"),
    ("store", ["tmall-a"]),
    ("date", ...),
    ("date", None),
    ("date", 20261111),
    ("date", "20261111"),
    ("date", "2026-W45-3"),
    ("date", "2026-2-01"),
    ("date", "2026-02-30"),
    ("date", "2026-11-11\n"),
    ("date", "\u0662\u0660\u0662\u0666-\u0661\u0661-\u0661\u0661"),
    ("date", "1999-12-31"),
    ("date", "2100-01-01"),
    ("date", (TODAY + timedelta(days=1)).isoformat()),
    ("date", (TODAY + timedelta(days=2)).isoformat()),
    ("date", (TODAY - timedelta(days=1)).isoformat()),  # the same store-day as the next record
    ("uv", ...),
    ("uv", None),
    ("uv", -1),
    ("uv", True),
    ("uv", Decimal("1000.5")),
    ("uv", "1000"),
    ("uv", MAX_COUNT + 1),
    ("uv", 10),  # orders > uv
    ("pv", ...),
    ("pv", None),
    ("pv", 999),  # pv < uv
    ("orders", 0),
    ("orders", False),
    ("refunds", MAX_COUNT),
    ("paying_buyers", 41),  # > orders
    ("paying_buyers", None),
    ("new_buyers", 11),  # new + returning > paying
    ("returning_buyers", None),
    ("gmv", ...),
    ("gmv", None),
    ("gmv", "96.5"),
    ("gmv", "96.500"),
    ("gmv", " 96.50 "),
    ("gmv", "1e2"),
    ("gmv", "-0.00"),
    ("gmv", "-1"),
    ("gmv", "NaN"),
    ("gmv", "Infinity"),
    ("gmv", ""),
    ("gmv", "abc"),
    ("gmv", "1\n2"),
    ("gmv", "1.2.3"),
    ("gmv", "999999999999.99"),
    ("gmv", "1000000000000"),
    ("gmv", "0999999999999.99"),
    ("gmv", "\u0661\u0662"),
    ("gmv", Decimal("96.5")),
    ("gmv", Decimal("96.500")),
    ("gmv", Decimal("-1")),
    ("gmv", 12),
    ("gmv", 12.5),
    ("gmv", True),
    ("gmv", ["1"]),
    ("refund_amount", Decimal("1E+2")),
]


def _changed(field: str, value: object) -> list[dict]:
    records = _batch()
    if value is ...:
        del records[1][field]
    else:
        records[1][field] = value
    return records


@pytest.mark.parametrize(("field", "value"), CHANGES, ids=[f"{f}={v!r}" for f, v in CHANGES])
def test_the_batch_check_accepts_what_the_record_check_accepts_and_cleans_it_alike(field, value):
    records = _changed(field, value)
    clean, errors = validate_records(copy.deepcopy(records), STORE_TODAY)
    fast = _clean_batch(records, STORE_TODAY)
    if fast is not None:
        assert errors == [] and fast == CleanBatch.of(clean)
    assert validate_batch(records, STORE_TODAY) == (CleanBatch.of(clean), errors)


@pytest.mark.parametrize(
    "records",
    [[], [1], [[]], [None], [{"store": "tmall-a"}], _batch() + _batch()[:1]],
    ids=["empty", "a number", "a list", "null", "fields missing", "a store-day twice"],
)
def test_a_batch_the_batch_check_doubts_is_checked_record_by_record(records):
    clean, errors = validate_records(records, STORE_TODAY)
    assert validate_batch(records, STORE_TODAY) == (CleanBatch.of(clean), errors)


def test_a_clean_batch_is_taken_whole_with_money_to_the_cent():
    records = _batch()
    records[0]["gmv"] = Decimal("1E+2")
    del records[2]["pv"]
    batch = _clean_batch(records, STORE_TODAY)
    assert batch is not None and len(batch) == 6
    assert batch.values["gmv"][:2] == [Decimal("100.00"), Decimal("5289.00")]
    assert batch.values["pv"][2] is None and batch.values["ad_spend"][0] == Decimal("96.50")
    assert batch.dates[:3] == [TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=2)]
