"""The presets: every preset's own headers are detected as that preset and map every required field; a file of an
unknown tool is not guessed at but gets a suggested mapping; a kept mapping is applied as given."""

import pytest

from funnel.exports import FIELDS, PRESETS, REQUIRED_FIELDS, STORED_FIELDS, detect_preset, read_export
from funnel.exports.presets import GENERIC_COLUMNS, normalize
from funnel.models import DailyMetric
from stores.choices import Platform

from .export_files import SYCM_LINES, csv_bytes


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS.keys())
def test_each_presets_own_headers_are_detected_as_that_preset_and_map_every_required_field(preset):
    headers = list(preset.columns)

    assert detect_preset(headers) is preset
    assert set(REQUIRED_FIELDS) <= set(preset.mapping_for(headers).values())
    assert set(preset.columns.values()) <= set(FIELDS)
    assert set(preset.platforms) <= set(Platform.values)


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS.keys())
def test_each_presets_headers_are_found_as_written_with_units_and_full_width_brackets(preset):
    for name, field in preset.columns.items():
        written = f"{name}（元）" if FIELDS[field].kind.value == "money" else f" {name} "
        assert preset.mapping_for([written]) == {written: field}


@pytest.mark.parametrize("preset", PRESETS.values(), ids=PRESETS.keys())
def test_a_file_with_every_header_of_a_preset_maps_each_field_once_by_preference(preset):
    header = list(preset.columns)
    reading = read_export(csv_bytes([header, ["2026-11-11"] + ["1"] * (len(header) - 1)]), "all.csv")

    assert reading.platform == preset.key
    assert reading.problems == []
    first_choice = {}
    for name, field in preset.columns.items():
        first_choice.setdefault(field, name)
    assert {field: name for name, field in reading.mapping.items() if field != "ad_spend"} == {
        field: name for field, name in first_choice.items() if field != "ad_spend"
    }


def test_pinduoduo_keeps_store_visitors_as_uv_and_checks_its_rates_per_product_visitor():
    header = ["日期", "店铺访客数", "商品访客数", "成交买家数", "成交订单数", "成交金额", "成交转化率", "客单价"]
    lines = [
        header,
        ["2026-11-11", "6,000", "5,000", "150", "160", "7,500", "3.00%", "50"],  # 150 / 5,000 product visitors
        ["2026-11-12", "6,000", "5,000", "150", "160", "7,500", "2.50%", "50"],
    ]
    reading = read_export(csv_bytes(lines), "pdd.csv")

    assert reading.platform == "pinduoduo"
    assert reading.mapping["店铺访客数"] == "uv" and "商品访客数" in reading.unmapped_headers
    assert reading.rows[0].values["uv"] == 6000
    assert reading.rows[0].warnings == []
    assert reading.rows[1].warnings == ["Line 3: 成交转化率 “2.50%” does not match 成交买家数 ÷ 商品访客数 = 3.00%."]


def test_every_metric_of_a_day_has_a_field_an_export_column_can_map_to():
    metric_fields = {
        field.name
        for field in DailyMetric._meta.concrete_fields
        if field.get_internal_type() in ("PositiveIntegerField", "DecimalField")
    }
    assert metric_fields <= set(STORED_FIELDS)
    assert {normalize(name) for name in GENERIC_COLUMNS} and set(GENERIC_COLUMNS.values()) <= set(FIELDS)


def test_a_header_shared_by_two_tools_alike_is_not_guessed():
    assert detect_preset(["日期", "成交金额", "客单价", "成交转化率", "退款金额"]) is None


def test_a_file_of_an_unknown_tool_gets_a_suggested_mapping_and_no_platform():
    header = ["日期", "访客数", "支付订单数", "成交金额", "其他指标"]
    reading = read_export(csv_bytes([header, ["2026-11-11", "100", "5", "500", "x"]]), "report.csv")

    assert reading.platform is None
    assert reading.mapping == {"日期": "date", "访客数": "uv", "支付订单数": "orders", "成交金额": "gmv"}
    assert reading.unmapped_headers == ["其他指标"]
    assert reading.ok


def test_a_kept_mapping_is_applied_as_given_and_matches_headers_as_written():
    header = ["Day", "Visitors", "Orders（单）", "Sales"]
    mapping = {"Day": "date", "Visitors": "uv", "Orders(单)": "orders", "Sales": "gmv", "Gone": "pv", "Notes": ""}
    reading = read_export(csv_bytes([["Weekly"], header, ["2026-11-11", "100", "5", "500"]]), "x.csv", mapping)

    assert reading.header_row_number == 2
    assert reading.mapping == {"Day": "date", "Visitors": "uv", "Orders（单）": "orders", "Sales": "gmv"}
    assert reading.rows[0].values == {"uv": 100, "orders": 5, "gmv": 500}


def test_a_kept_mapping_overrides_the_preset():
    mapping = {"统计日期": "date", "访客数": "uv", "支付买家数": "orders"}
    reading = read_export(csv_bytes(SYCM_LINES), "report.csv", mapping)

    assert reading.platform == "sycm"  # still recognised, for the source of the figures
    assert reading.mapping == mapping
    assert reading.rows[0].values == {"uv": 1234, "orders": 50}
