"""Each platform tool's usual daily-report headers, mapped to opsplan's fields, and detecting the tool from a header
row. docs/platform-exports.md says what each preset is based on.

A mapping is a plain ``{file header: field}`` dict, so a manager's mapping can be kept per store and passed back
in; several headers may map to ``ad_spend`` (their values are added up), any other field takes one header. A preset
may name several headers for one field, in order of preference: a file that has two of them maps the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .fields import AD_SPEND, AOV, CONVERSION, DATE, REFUND_AMOUNT, REQUIRED_FIELDS, UV_VALUE

MIN_SCORE = 4  # headers a preset must recognise in a row before the row is taken for that tool's header


@dataclass(frozen=True)
class Preset:
    """One tool's export: its key, its name, the store platforms it serves, and its headers -> fields."""

    key: str
    label: Promise
    platforms: tuple[str, ...]
    columns: Mapping[str, str]
    # The visitors column the tool's per-visitor rates (conversion, UV value) are computed on, when it is not
    # necessarily the one opsplan keeps as UV.
    rates_per: str | None = None

    def mapping_for(self, headers: Iterable[str]) -> dict[str, str]:
        """The preset's mapping restricted to the headers a file has (under their spelling in the file)."""
        return preferred_mapping(self.columns, headers)


def preferred_mapping(columns: Mapping[str, str], headers: Iterable[str]) -> dict[str, str]:
    """``columns`` (header -> field, in order of preference) applied to a file's headers: each field but a summed
    one takes the file's most preferred header."""
    rank = {normalize(header): (index, field) for index, (header, field) in enumerate(columns.items())}
    chosen: dict[str, tuple[int, str]] = {}  # field -> (rank, file header)
    mapping: dict[str, str] = {}
    for header in headers:
        if (key := normalize(header)) not in rank:
            continue
        index, field = rank[key]
        if field == AD_SPEND:
            mapping[header] = field
        elif field not in chosen or index < chosen[field][0]:
            chosen[field] = (index, header)
    mapping.update({header: field for field, (_index, header) in chosen.items()})
    return {header: mapping[header] for header in headers if header in mapping}


_AD_SPEND_COLUMNS = {
    name: AD_SPEND
    for name in (
        "全站推广花费",
        "关键词推广花费",
        "智能场景花费",
        "精准人群推广花费",
        "内容营销花费",
        "直通车花费",
        "直通车消耗",
        "钻展花费",
        "钻展消耗",
        "钻石展位花费",
        "钻石展位消耗",
        "引力魔方花费",
        "引力魔方消耗",
        "万相台花费",
        "万相台消耗",
    )
}

SYCM = Preset(
    "sycm",
    _("Shengyi Canmou (Taobao / Tmall)"),
    ("taobao", "tmall"),
    {
        "统计日期": DATE,
        "访客数": "uv",
        "浏览量": "pv",
        "支付买家数": "paying_buyers",
        "支付子订单数": "orders",
        "支付金额": "gmv",
        "客单价": AOV,
        "支付转化率": CONVERSION,
        "UV价值": UV_VALUE,
        "支付新买家数": "new_buyers",
        "支付老买家数": "returning_buyers",
        "成功退款金额": REFUND_AMOUNT,
        "退款金额(完结时间)": REFUND_AMOUNT,
        "退款金额": REFUND_AMOUNT,
        "退款子订单数": "refunds",
        "成功退款子订单数": "refunds",
        **_AD_SPEND_COLUMNS,
    },
)

JD = Preset(
    "jd",
    _("JD Shangzhi"),
    ("jd",),
    {
        "日期": DATE,
        "时间": DATE,
        "访客数": "uv",
        "浏览量": "pv",
        "成交客户数": "paying_buyers",
        "成交人数": "paying_buyers",
        "成交单量": "orders",
        "成交金额": "gmv",
        "客单价": AOV,
        "成交客单价": AOV,
        "成交转化率": CONVERSION,
        "UV价值": UV_VALUE,
        "成交新客户数": "new_buyers",
        "成交老客户数": "returning_buyers",
        "退款金额": REFUND_AMOUNT,
        "退款单量": "refunds",
        "京东快车花费": AD_SPEND,
        "京准通花费": AD_SPEND,
        "推广花费": AD_SPEND,
    },
)

DOUYIN = Preset(
    "douyin",
    _("Douyin Compass (Doudian)"),
    ("douyin",),
    {
        "日期": DATE,
        "商品访客数": "uv",
        "商品浏览量": "pv",
        "成交人数": "paying_buyers",
        "成交订单数": "orders",
        "成交金额": "gmv",
        "用户支付金额": "gmv",
        "客单价": AOV,
        "成交客单价": AOV,
        "成交转化率": CONVERSION,
        "退款金额": REFUND_AMOUNT,
        "退款订单数": "refunds",
        "千川消耗": AD_SPEND,
        "巨量千川消耗": AD_SPEND,
        "千川花费": AD_SPEND,
        "广告消耗": AD_SPEND,
    },
)

PINDUODUO = Preset(
    "pinduoduo",
    _("Pinduoduo merchant back office"),
    ("pinduoduo",),
    {
        "日期": DATE,
        "统计日期": DATE,
        "店铺访客数": "uv",
        "商品访客数": "uv",
        "店铺浏览量": "pv",
        "商品浏览量": "pv",
        "成交买家数": "paying_buyers",
        "成交订单数": "orders",
        "成交金额": "gmv",
        "客单价": AOV,
        "成交转化率": CONVERSION,
        "成交UV价值": UV_VALUE,
        "成功退款金额": REFUND_AMOUNT,
        "退款金额": REFUND_AMOUNT,
        "成功退款订单数": "refunds",
        "退款单数": "refunds",
        "全站推广花费": AD_SPEND,
        "推广花费": AD_SPEND,
        "多多搜索花费": AD_SPEND,
        "多多场景花费": AD_SPEND,
    },
    rates_per="商品访客数",
)

PRESETS: dict[str, Preset] = {preset.key: preset for preset in (SYCM, JD, DOUYIN, PINDUODUO)}

# Headers any tool may use for a field, for a file whose tool is not recognised (a suggestion, to be checked).
GENERIC_COLUMNS: dict[str, str] = {
    "日期": DATE,
    "统计日期": DATE,
    "时间": DATE,
    "访客数": "uv",
    "浏览量": "pv",
    "支付买家数": "paying_buyers",
    "成交人数": "paying_buyers",
    "支付订单数": "orders",
    "支付子订单数": "orders",
    "成交单量": "orders",
    "成交订单数": "orders",
    "支付金额": "gmv",
    "成交金额": "gmv",
    "客单价": AOV,
    "支付转化率": CONVERSION,
    "成交转化率": CONVERSION,
    "退款金额": REFUND_AMOUNT,
    "退款单数": "refunds",
    "推广花费": AD_SPEND,
    **_AD_SPEND_COLUMNS,
}


def normalize(header: str) -> str:
    """A header as compared: full-width forms folded, blanks and a trailing unit such as "(元)" or "（%）" dropped,
    Latin letters upper-cased."""
    text = unicodedata.normalize("NFKC", str(header))
    text = re.sub(r"\s+", "", text).strip("*:：")
    text = re.sub(r"\((元|%|人|个|次|单|件|笔|秒|天|小时|万元)\)$", "", text)
    return text.upper()


KNOWN_HEADERS = frozenset(
    normalize(header) for columns in [GENERIC_COLUMNS, *(p.columns for p in PRESETS.values())] for header in columns
)


def score(preset: Preset, headers: Iterable[str]) -> int:
    known = {normalize(header) for header in preset.columns}
    return len({normalize(header) for header in headers} & known)


def detect_preset(headers: Iterable[str]) -> Preset | None:
    """The tool whose headers the row matches best; None when no preset recognises enough of them, a required field
    stays unmapped, or two presets match equally well (the caller then maps the columns)."""
    headers = list(headers)
    ranked = sorted(((score(p, headers), p) for p in PRESETS.values()), key=lambda pair: -pair[0])
    (best, preset), (second, _other) = ranked[0], ranked[1]
    if best < MIN_SCORE or best == second:
        return None
    if not set(REQUIRED_FIELDS) <= set(preset.mapping_for(headers).values()):
        return None
    return preset


def generic_mapping(headers: Iterable[str]) -> dict[str, str]:
    """A suggested mapping for a file of an unknown tool: the headers any tool uses for a field."""
    return preferred_mapping(GENERIC_COLUMNS, headers)
