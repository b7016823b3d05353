"""The fields a platform export's columns map to: opsplan's daily metrics, the refund amount, and the derived
figures a file may show (checked against the counts, never stored)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from funnel.domain.records import COUNT_FIELDS, MONEY_FIELDS


class Kind(enum.Enum):
    """How a column's cells are read."""

    DATE = "date"
    COUNT = "count"  # a whole number, not negative
    MONEY = "money"  # yuan, at most 2 decimals, not negative
    RATIO = "ratio"  # a fraction: "2.35%" is 0.0235
    AMOUNT = "amount"  # a derived money figure (客单价, UV价值): any number of decimals


@dataclass(frozen=True)
class Field:
    key: str
    kind: Kind
    label: Promise
    derived: bool = False  # checked against the counts, never stored
    summed: bool = False  # several columns may map to it; their values are added up


DATE = "date"
AD_SPEND = "ad_spend"
REFUND_AMOUNT = "refund_amount"  # money refunded (退款金额); ``refunds`` is the number of refunds (退款单数)
AOV = "aov"  # 客单价 = 支付金额 / 支付买家数
CONVERSION = "conversion"  # 支付转化率 = 支付买家数 / 访客数
UV_VALUE = "uv_value"  # UV价值 = 支付金额 / 访客数

FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field(DATE, Kind.DATE, _("date")),
        Field("uv", Kind.COUNT, _("UV")),
        Field("pv", Kind.COUNT, _("PV")),
        Field("orders", Kind.COUNT, _("orders")),
        Field("paying_buyers", Kind.COUNT, _("paying buyers")),
        Field("new_buyers", Kind.COUNT, _("new buyers")),
        Field("returning_buyers", Kind.COUNT, _("returning buyers")),
        Field("refunds", Kind.COUNT, _("refunds")),
        Field("gmv", Kind.MONEY, _("GMV")),
        Field(AD_SPEND, Kind.MONEY, _("ad spend"), summed=True),
        Field(REFUND_AMOUNT, Kind.MONEY, _("refund amount")),
        Field(AOV, Kind.AMOUNT, _("average order value per paying buyer"), derived=True),
        Field(CONVERSION, Kind.RATIO, _("conversion rate per visitor"), derived=True),
        Field(UV_VALUE, Kind.AMOUNT, _("value per visitor"), derived=True),
    )
}
# A mapping must name these for its rows to be importable (the API's required record fields).
REQUIRED_FIELDS = (DATE, "uv", "orders")
# The fields a row's values hold: the ingest contract's metrics (COUNT_FIELDS, MONEY_FIELDS) and the refund amount.
STORED_FIELDS = tuple(key for key, f in FIELDS.items() if key != DATE and not f.derived)
METRIC_FIELDS = COUNT_FIELDS + MONEY_FIELDS
