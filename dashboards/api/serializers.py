"""Serializers of the rollup and portfolio endpoints (read-only)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.dates import BusinessDateSerializerField
from funnel.advice_text import reasons_payload
from funnel.api.serializers import RECOMMENDATION_HELP, AdviceReasonSerializer
from funnel.choices import Recommendation
from rollups.models import DayRollup, PeriodRollup
from stores.references import ReadableModelSerializer

FIGURES = [
    "uv",
    "pv",
    "orders",
    "gmv",
    "ad_spend",
    "refunds",
    "target_uv",
    "target_orders",
    "target_gmv",
    "target_ad_spend",
    "conversion",
    "aov",
    "roi",
    "orders_variance",
    "gmv_variance",
    "orders_attainment",
    "gmv_attainment",
    "uv_effect",
    "conversion_effect",
    "aov_effect",
]


class DayRollupSerializer(ReadableModelSerializer):
    """A store-day: its actuals against the active plan's target; the effects split the GMV variance."""

    store = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DayRollup
        fields = ["id", "store", "date", "plan", "stage", *FIGURES, "computed_at"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": _("The store-day's number: the same for the same store and date.")},
            "computed_at": {
                "help_text": _("When the day was read: day figures are computed from metrics and targets on request.")
            },
        }


class PeriodRollupSerializer(ReadableModelSerializer):
    """A week, month, plan stage or plan period: to-date figures against targets to date, and the pace."""

    store = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PeriodRollup
        fields = [
            "id",
            "store",
            "grain",
            "period_start",
            "period_end",
            "stage",
            "as_of",
            "days",
            "days_elapsed",
            *FIGURES,
            "period_target_orders",
            "period_target_gmv",
            "projected_orders",
            "projected_gmv",
            "pace_orders",
            "pace_gmv",
            "computed_at",
        ]
        read_only_fields = fields


MONEY = {"max_digits": 14, "decimal_places": 2, "allow_null": True}
SHARE = {"max_digits": 12, "decimal_places": 4, "allow_null": True}


class PortfolioRowSerializer(serializers.Serializer):
    """One store of the caller's portfolio, as on the portfolio page. Dates are in the store's time zone."""

    code = serializers.SlugField(help_text="The store's code.")
    name = serializers.CharField()
    platform = serializers.CharField()
    yesterday = BusinessDateSerializerField(help_text="The store's last full day: the figures run to it.")
    stage = serializers.IntegerField(allow_null=True, help_text="The active plan's current stage.")
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, help_text=RECOMMENDATION_HELP)
    recommendation_label = serializers.CharField(help_text="The recommendation in the request's language.")
    reasons = serializers.SerializerMethodField(help_text="Why, the deciding reason first.")
    orders_yesterday = serializers.IntegerField(allow_null=True)
    target_orders_yesterday = serializers.IntegerField(allow_null=True)
    attainment_yesterday = serializers.DecimalField(**SHARE)
    orders_7d = serializers.IntegerField(allow_null=True, help_text="Orders of the 7 days to yesterday.")
    target_orders_7d = serializers.IntegerField(allow_null=True)
    attainment_7d = serializers.DecimalField(**SHARE)
    gmv_mtd = serializers.DecimalField(help_text="GMV of the month to yesterday, CNY.", **MONEY)
    target_gmv_mtd = serializers.DecimalField(help_text="The month's GMV target to yesterday, CNY.", **MONEY)
    attainment_mtd = serializers.DecimalField(**SHARE)
    projected_gmv = serializers.DecimalField(help_text="The month's GMV at the run rate to date, CNY.", **MONEY)
    period_target_gmv = serializers.DecimalField(help_text="The whole month's GMV target, CNY.", **MONEY)
    pace_gmv = serializers.DecimalField(help_text="projected_gmv / period_target_gmv.", **SHARE)
    open_alerts = serializers.IntegerField()
    last_rollup_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(AdviceReasonSerializer(many=True))
    def get_reasons(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        return reasons_payload(row["reasons"])
