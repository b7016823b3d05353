"""Every alert rule's title and detail, said in both languages from data with large figures: numbers go through the
number layer (1,234, never 1234), Chinese sentences follow each other without a space, and no internal value
(a snake_case code) reaches the reader. A rule added without an example here fails the sweep."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from alerts.choices import AlertKind
from alerts.rulebook import RULES, alert_text
from alerts.rules import sentences

DAY = "2026-03-15"
# One example of each kind's data, as the rule stores it, with figures large enough to need grouping.
EXAMPLES = {
    AlertKind.BEHIND_PLAN: {
        "as_of": DAY,
        "avg_orders": "1234.5",
        "avg_target": "2345.0",
        "attainment_pct": 53,
        "days": 7,
        "pace_pct": 60,
        "below_average": True,
        "below_pace": True,
    },
    AlertKind.STAGE_CHANGE: {
        "changed_on": DAY,
        "previous": "hold",
        "recommendation": "advance",
        "stage": 4,
        "reasons": [
            {
                "code": "next_not_reached",
                "params": {
                    "window": 7,
                    "days": 7,
                    "orders": 1234.5,
                    "uv": 12000,
                    "stage": 5,
                    "orders_min": 10,
                    "uv_min": 20000,
                },
            },
            {"code": "days_in_stage", "params": {"stage": 4, "days": 28, "required": 14, "window": 28, "since": DAY}},
        ],
    },
    AlertKind.LOW_RATING: {"date": DAY, "positive_rate": "97.50", "target": "98.5"},
    AlertKind.LATE_SHIPPING: {"date": DAY, "shipped_later": 1234, "orders": 12345},
    AlertKind.CONVERSION_ANOMALY: {"date": DAY, "conversion_pct": "12.50", "median_pct": "3.10", "ratio": "4.0"},
    AlertKind.STOCK_LOW: {
        "code": "SKU-1",
        "name": "Quilt",
        "on_hand": 1234,
        "inbound_open": 2345,
        "reorder_point": 3456,
        "suggested_order": 4567,
    },
    AlertKind.STOCK_OUT_LISTED: {"code": "SKU-1", "name": "Quilt", "on_hand": 0},
    AlertKind.PROMOTION_DECISION: {
        "promotion_id": 1,
        "name": "Double 11",
        "start": "2026-11-11",
        "deadline": "factory_order",
        "due": "2026-10-20",
        "shortfall": 12345,
        "today": "2026-10-01",
    },
    AlertKind.UNDERSTAFFED: {
        "date": DAY,
        "today": "2026-03-10",
        "promotion": "double_11",
        "shortages": [
            {"role": "customer_service", "required": "3.5", "on_roster": "1.25"},
            {"role": "logistics", "required": "2", "on_roster": "1"},
        ],
    },
}
UNGROUPED = re.compile(r"(?<![\d,.\-])\d{4,}(?![\d\-])")  # 1234 but not 2026-03-15 nor 1,234
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
SPACE_AFTER_FULL_WIDTH = re.compile(r"[。；：，）] ")


def test_every_rule_has_an_example():
    assert set(EXAMPLES) == set(RULES)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_every_alert_reads_with_formatted_numbers_in_both_languages(kind, language):
    with translation.override(language):
        title, detail = alert_text(kind, EXAMPLES[kind], "stored title", "stored detail")
    assert (title, detail) != ("stored title", "stored detail"), "the example cannot be said"
    for text in (title, detail):
        assert not UNGROUPED.findall(text), text
        assert not SNAKE.findall(text), text
        if language == "zh-hans":
            assert not SPACE_AFTER_FULL_WIDTH.search(text), text
            assert not re.search(r"\b[A-Za-z]{4,}\b", text.replace("Quilt", "").replace("Double", "")), text


def test_behind_plan_writes_the_average_through_the_number_layer():
    with translation.override("zh-hans"):
        _title, detail = alert_text(AlertKind.BEHIND_PLAN, EXAMPLES[AlertKind.BEHIND_PLAN], "", "")
    assert "1,234.5" in detail and "2,345.0" in detail
    assert "。按本月进度" in detail


def test_sentences_join_chinese_without_a_space_and_english_with_one():
    assert sentences(["第一句。", "第二句。"]) == "第一句。第二句。"
    assert sentences(["First.", "Second."]) == "First. Second."
    assert sentences(["First.", "", "  "]) == "First."
