"""Files that look like the platforms' daily reports, built in the tests (the .xls ones are committed fixtures:
nothing here writes .xls; fixtures/make_xls.py made them)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

FIXTURES = Path(__file__).parent / "fixtures"

SYCM_HEADER = [
    "统计日期",
    "访客数",
    "浏览量",
    "支付买家数",
    "支付子订单数",
    "支付金额",
    "客单价",
    "支付转化率",
    "全站推广花费",
    "关键词推广花费",
    "智能场景花费",
    "退款金额",
]
# 生意参谋 as downloaded: a title and a note above the header, thousands separators, percentages, "-" for none,
# the ad spend split over three columns, a 合计 row and an average row below.
SYCM_LINES = [
    ["店铺整体日报 淘宝旗舰店", "", "", ""],
    ["统计时间：2026-11-10 ~ 2026-11-12    下载时间：2026-11-13 09:12"],
    [],
    SYCM_HEADER,
    ["2026-11-10", "1,234", "3,001", "50", "60", "¥4,800.00", "96.00", "4.05%", "100.50", "-", "20", "120.00"],
    ["2026/11/11", "1200", "2900", "40", "45", "4,000.00", "100.00", "3.33%", "--", "50", "—", "0"],
    ["2026年11月12日", "1100", "2500", "44", "44", "4,400", "100", "4.00%", "10", "10", "10", "-"],
    ["合计", "3,534", "8,401", "134", "149", "13,200.00", "98.51", "3.79%", "110.5", "60", "30", "120"],
    ["平均值", "1,178", "2,800", "44", "49", "4,400.00", "98.51", "3.79%", "36.83", "20", "10", "40"],
]


def csv_bytes(lines: Iterable[Sequence[Any]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    out = []
    for cells in lines:
        out.append(delimiter.join(_csv_cell(cell, delimiter) for cell in cells))
    return ("\r\n".join(out) + "\r\n").encode(encoding)


def _csv_cell(cell: Any, delimiter: str) -> str:
    text = "" if cell is None else str(cell)
    return f'"{text}"' if delimiter in text or '"' in text else text


def xlsx_bytes(
    lines: Iterable[Sequence[Any]],
    merges: Iterable[str] = (),
    formats: dict[int, str] | None = None,
    title: str = "Sheet1",
) -> bytes:
    """A workbook of one sheet; ``formats`` gives a number format per 0-based column (dates, percentages)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for cells in lines:
        sheet.append(list(cells))
    for ref in merges:
        sheet.merge_cells(ref)
    for column, number_format in (formats or {}).items():
        for row in sheet.iter_rows(min_col=column + 1, max_col=column + 1):
            for cell in row:
                if not isinstance(cell.value, str):
                    cell.number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
