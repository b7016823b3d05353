"""The funnel's figures, each defined once (sales = UV × conversion × AOV, seed 001; core.formula says how a
definition reads as SQL and as Python). The rollup views write them into their SQL (rollups.sql); Python computes
them from these definitions where it must (sums over days, weeks, months or stores, plan arithmetic) and reads
the views' columns everywhere else. docs/architecture.md lists who uses each.

Inputs are named as the day and period rollups name their columns; a figure of other numbers passes them by name,
e.g. the target's conversion ``CONVERSION(orders=target_orders, uv=target_uv)``.
"""

from __future__ import annotations

from core.formula import Cast, Figure, Group, Input, Known, Positive, Ref, Round

uv, orders, gmv, ad_spend = Input("uv"), Input("orders"), Input("gmv"), Input("ad_spend")
target_uv, target_orders, target_gmv = Input("target_uv"), Input("target_orders"), Input("target_gmv")
days, days_elapsed = Input("days"), Input("days_elapsed")
period_target_orders, period_target_gmv = Input("period_target_orders"), Input("period_target_gmv")
actual, target, amount = Input("actual"), Input("target"), Input("amount")

CONVERSION = Figure("conversion", orders / uv, Cast(9, 6))
AOV = Figure("aov", gmv / orders, Cast(14, 2))
ROI = Figure("roi", gmv / ad_spend, Cast(12, 2))  # GMV per CNY of ad spend

# An actual as a share of its target (1 = on plan): attainment, the share a chart's table shows, and the pace.
ATTAINMENT = Figure("attainment", actual / target, Cast(9, 4))
ORDERS_ATTAINMENT = ATTAINMENT.bound("orders_attainment", actual=orders, target=target_orders)
GMV_ATTAINMENT = ATTAINMENT.bound("gmv_attainment", actual=gmv, target=target_gmv)
ORDERS_VARIANCE = Figure("orders_variance", orders - target_orders)
GMV_VARIANCE = Figure("gmv_variance", gmv - target_gmv)

# The GMV variance split in three, with target conversion = To/Tu and target AOV = Tg/To:
#   UV effect         = (Ua - Tu) * Tg / Tu
#   conversion effect = (Oa - Ua * To / Tu) * Tg / To
#   AOV effect        = the rest, so that the three rounded effects always add up to the variance exactly.
# All three or none: a day or period needs UV and orders targets, and UV and GMV actuals.
_EFFECTS_NEED = (Positive(target_uv), Positive(target_orders), Known(uv), Known(gmv))
UV_EFFECT = Figure("uv_effect", (uv - target_uv) * target_gmv / target_uv, Round(2), _EFFECTS_NEED)
CONVERSION_EFFECT = Figure(
    "conversion_effect", (orders - uv * target_orders / target_uv) * target_gmv / target_orders, Round(2), _EFFECTS_NEED
)
AOV_EFFECT = Figure("aov_effect", Group(Ref(GMV_VARIANCE)) - Ref(UV_EFFECT) - Ref(CONVERSION_EFFECT))

# The run rate: an amount to date carried on at the same rate a day to the period's end. The pace is the
# projection's attainment of the whole period's target (from the unrounded projection).
PROJECTION = Figure("projection", amount / days_elapsed * days)
PROJECTED_ORDERS = PROJECTION.bound("projected_orders", Cast(14, 1), amount=orders)
PROJECTED_GMV = PROJECTION.bound("projected_gmv", Round(2), amount=gmv)
PACE_ORDERS = ATTAINMENT.bound("pace_orders", actual=Ref(PROJECTED_ORDERS, rounded=False), target=period_target_orders)
PACE_GMV = ATTAINMENT.bound("pace_gmv", actual=Ref(PROJECTED_GMV, rounded=False), target=period_target_gmv)
