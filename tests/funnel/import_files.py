"""Days of platform exports built for the import tests (the reader's own samples are in export_files.py)."""

from __future__ import annotations

from datetime import date, timedelta

SYCM_HEADER = ["统计日期", "访客数", "浏览量", "支付买家数", "支付子订单数", "支付金额", "客单价", "支付转化率",
               "成功退款金额", "全站推广花费", "关键词推广花费"]  # fmt: skip


def sycm_day(day: date, n: int) -> list[str]:
    """One day of a 生意参谋 report: thousands separators, a percentage, derived columns that agree."""
    uv, buyers, orders = 1800 + 10 * n, 40 + n, 41 + n
    gmv = 5289 + 100 * n
    return [
        day.isoformat(),
        f"{uv:,}",
        f"{3 * uv:,}",
        str(buyers),
        str(orders),
        f"{gmv:,}.00",
        f"{gmv / buyers:.2f}",
        f"{100 * buyers / uv:.2f}%",
        "120.00" if n % 2 else "-",
        "50.00",
        "46.50",
    ]


def sycm_csv(first: date, days: int, *, bad_line: int | None = None, encoding: str = "utf-8") -> bytes:
    """A 生意参谋 CSV: a title row and a blank row above the header, ``days`` days, then a totals row.
    ``bad_line`` (a 0-based day) gets orders above its visitors, which the ingest contract refuses."""
    rows = [["生意参谋 · 店铺整体数据 · 自家店"], [], SYCM_HEADER]
    for n in range(days):
        row = sycm_day(first + timedelta(days=n), n)
        if n == bad_line:
            row[4] = "99999"
        rows.append(row)
    rows.append(["合计", "", "", "", "", "", "", "", "", "", ""])
    return "\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in rows).encode(encoding)


def unknown_csv(first: date, days: int) -> bytes:
    """A report whose tool opsplan does not recognise (a few generic headers and one of its own): its platform is
    chosen and its columns mapped by hand."""
    rows = ["日期,访客数,成交订单数,成交金额,店铺自定义列"]
    for n in range(days):
        rows.append(f"{(first + timedelta(days=n)).isoformat()},{500 + n},{20 + n},{1000 + n}.00,{7 + n}")
    return "\n".join(rows).encode()
