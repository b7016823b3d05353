"""Numbers as people read them, in Chinese and English: separators, money, negative money, percentages, 万/亿."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import numbers


@pytest.mark.parametrize(
    "value,expected",
    [(23111, "23,111"), (785792, "785,792"), (-4, "−4"), (0, "0"), (None, "–"), ("", "–"), (Decimal("12.6"), "13")],
)
def test_a_count_is_grouped_by_thousands(value, expected):
    assert numbers.count(value) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        (Decimal("3882648.00"), "¥3,882,648.00"),
        (3882647.99999998, "¥3,882,648.00"),
        ("4827.90000000000", "¥4,827.90"),
        (Decimal("-330021.59"), "−¥330,021.59"),
        (Decimal("-0.001"), "¥0.00"),
        (None, "–"),
    ],
)
def test_money_is_yuan_with_two_places_and_the_minus_before_the_sign(value, expected):
    assert numbers.money(value) == expected


def test_signed_money_and_percentages():
    assert numbers.signed_money(Decimal("12")) == "+¥12.00"
    assert numbers.signed_money(Decimal("-12")) == "−¥12.00"
    assert numbers.signed_money(0) == "¥0.00"
    assert (numbers.signed_count(1200), numbers.signed_count(-3), numbers.signed_count(0)) == ("+1,200", "−3", "0")
    assert numbers.pct(Decimal("0.953")) == "95.3%"
    assert numbers.pct(Decimal("0.02"), 2) == "2.00%"
    assert numbers.pct(Decimal("-0.04")) == "−4.0%"
    assert numbers.pct(12.5) == "1,250.0%"
    assert numbers.signed_pct(Decimal("0.125")) == "+12.5%"
    assert numbers.signed_pct(Decimal("-0.04")) == "−4.0%"


@pytest.mark.parametrize(
    "value,zh,en",
    [
        (388264.8, "38.83万", "388.26k"),
        (25000, "2.5万", "25k"),
        (10000, "1万", "10k"),
        (9999, "9,999", "9,999"),
        (1234.5, "1,234.50", "1,234.50"),
        (123456789, "1.23亿", "123.46M"),
        (-2500000, "−250万", "−2.5M"),
        (3_000_000_000, "30亿", "3B"),
    ],
)
def test_a_large_figure_is_abbreviated_as_its_reader_expects(value, zh, en):
    assert numbers.compact(value, "zh-hans") == zh
    assert numbers.compact(value, "en") == en


def test_abbreviated_money_keeps_the_currency_after_the_minus():
    assert numbers.compact(-3882648, "zh-hans", currency=True) == "−¥388.26万"


def test_the_difference_of_b_from_a_as_a_share():
    assert numbers.difference_share(200, 250) == Decimal("0.25")
    assert numbers.difference_share(-200, -100) == Decimal("0.5")
    assert numbers.difference_share(0, 5) is None
    assert numbers.difference_share(None, 5) is None


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_template_has_the_filters_and_django_groups_thousands_in_both_languages(language):
    source = "{{ n|count }} {{ m|money }} {{ s|pct }} {{ n|intcomma }} {{ d|signed_money }} {{ m|compact_money }}"
    with translation.override(language):
        out = Template("{% load humanize %}" + source).render(
            Context({"n": 23111, "m": Decimal("3882648"), "s": Decimal("0.0225"), "d": Decimal("-5")})
        )
    abbreviated = "¥388.26万" if language == "zh-hans" else "¥3.88M"
    assert out == f"23,111 ¥3,882,648.00 2.3% 23,111 −¥5.00 {abbreviated}"
