"""The pushes' JSON reading (msgspec) gives what Python's parser gives, value for value and error for error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.jsonparse import NestingTooDeep, json_problem, loads, loads_decimal

BODIES = [
    b'{"records": [{"store": "a", "gmv": 1.100, "ad_spend": "96.50", "uv": 12, "pv": null, "x": true}]}',
    b"[1e400, 1.5e-400, -0.0, 0, -0, 1E2, 10.10]",
    b'{"a": NaN, "b": Infinity, "c": -Infinity}',
    b'"\\ud83d"',
    b'{"\\ud83d\\ude00": "\\u0000"}',
    b"1" * 4300,
    b"1" * 4301,
    b"-" + b"1" * 4300,
    b'{"a": 1, "a": 2}',
    b"[1,]",
    b'{"a": 1,}',
    b"\xef\xbb\xbf{}",
    b'{"a": "\xff"}',
    b'{"a": "\x01"}',
    b"\x0c[]",
    b"\t\n[]\r ",
    b"",
    b"tru",
    b"1.",
    b".5",
    b'{"records": []} x',
    b"[" * 64 + b"]" * 64,
    b"[" * 65 + b"]" * 65,
    b'{"records": [{"a": ' + b"[" * 70 + b"]" * 70 + b"}]}",
    b"[" * 5000 + b"]" * 5000,
    b"[" * 100_000,
]


def _read(parse) -> tuple:
    try:
        return ("value", repr(parse()))  # repr: 1.100 and 1.1 are equal Decimals, and 0 == 0.0
    except NestingTooDeep as exc:
        return ("too deep", str(exc))
    except UnicodeDecodeError:
        return ("not UTF-8",)
    except ValueError as exc:
        return ("malformed", json_problem(exc))


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_a_push_body_reads_as_pythons_parser_reads_it(body):
    assert _read(lambda: loads_decimal(body)) == _read(lambda: loads(body.decode("utf-8"), parse_float=Decimal))
