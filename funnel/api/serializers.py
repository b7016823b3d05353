"""Serializers of the funnel API. The push serializers document the contract; the push is validated by
:mod:`funnel.domain.records`, which is faster on 10,000 records and checks every rule of docs/API.md."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import InputSerializer, VersionedSerializerMixin
from core.dates import BusinessDateSerializerField
from funnel.choices import Recommendation
from funnel.domain.advice import ReasonCode
from funnel.domain.arithmetic import implied
from funnel.domain.validation import period_problems
from funnel.models import STAGE_FIELDS, DailyMetric, Milestone, Plan, StagePlan
from funnel.push import (  # noqa: F401 - re-exported
    ErrorsSerializer,
    PushBodySerializer,
    RecordErrorSerializer,
    records_field,
)
from stores.models import Store
from stores.references import ReadableModelSerializer, ReadableSlugRelatedField

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class MetricRecordSerializer(InputSerializer):
    store = serializers.SlugField(help_text="The store's code.")
    date = BusinessDateSerializerField(help_text="ISO date in the store's time zone; at most 1 day in the future.")
    uv = serializers.IntegerField(min_value=0, help_text="Unique visitors.")
    orders = serializers.IntegerField(min_value=0, help_text="Orders; not more than uv.")
    pv = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Page views; not less than uv."
    )
    gmv = serializers.DecimalField(required=False, allow_null=True, help_text="CNY, at most 2 decimals.", **MONEY)
    ad_spend = serializers.DecimalField(required=False, allow_null=True, help_text="CNY, at most 2 decimals.", **MONEY)
    refunds = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Refunded orders (a count)."
    )
    refund_amount = serializers.DecimalField(
        required=False, allow_null=True, help_text="Money refunded, CNY, at most 2 decimals.", **MONEY
    )
    paying_buyers = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Distinct paying buyers; not more than orders."
    )
    new_buyers = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    returning_buyers = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="new_buyers + returning_buyers <= paying_buyers."
    )


class MetricPushSerializer(PushBodySerializer):
    records = records_field(MetricRecordSerializer())


class IngestCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class DailyMetricSerializer(ReadableModelSerializer):
    store = serializers.SlugRelatedField(slug_field="code", read_only=True)
    conversion = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True, allow_null=True)
    aov = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = DailyMetric
        fields = [
            "store",
            "date",
            "source",
            "uv",
            "pv",
            "orders",
            "gmv",
            "ad_spend",
            "refunds",
            "refund_amount",
            "paying_buyers",
            "new_buyers",
            "returning_buyers",
            "conversion",
            "aov",
            "updated_at",
        ]


class StagePlanSerializer(VersionedSerializerMixin, ReadableModelSerializer):
    """A stage of a plan; ``implied_*`` follow from its targets. PATCH needs the plan's ``lock_version``."""

    implied_uv = serializers.SerializerMethodField()
    implied_gmv = serializers.SerializerMethodField()
    implied_ad_spend = serializers.SerializerMethodField()
    lock_version = serializers.IntegerField(
        write_only=True, required=False, help_text="Required on PATCH: the plan's lock_version you read."
    )
    version_field = "lock_version"

    class Meta:
        model = StagePlan
        fields = [
            "id",
            "plan",
            "number",
            *STAGE_FIELDS,
            "implied_uv",
            "implied_gmv",
            "implied_ad_spend",
            "lock_version",
        ]
        read_only_fields = ["id", "plan", "number"]

    def _implied(self, obj: StagePlan):
        return implied(obj.orders_per_day, obj.conversion, obj.aov, obj.paid_share, obj.cpc)

    def get_implied_uv(self, obj: StagePlan) -> int:
        return self._implied(obj).uv

    def get_implied_gmv(self, obj: StagePlan) -> Decimal:
        return self._implied(obj).gmv

    def get_implied_ad_spend(self, obj: StagePlan) -> Decimal:
        return self._implied(obj).ad_spend


class MilestoneSerializer(ReadableModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "plan", "title", "metric", "target", "due_date"]


def _weights_schema(size: int, what: str) -> dict:
    return {
        "type": "array",
        "items": {"type": "number", "minimum": 0, "maximum": 20},
        "minItems": size,
        "maxItems": size,
        "description": f"{size} weights, {what}: numbers between 0 and 20.",
    }


@extend_schema_field(_weights_schema(7, "Monday to Sunday"))
class WeekdayWeightsField(serializers.JSONField):
    """A plan's weekday weights (checked in PlanSerializer.validate)."""


@extend_schema_field(_weights_schema(12, "January to December"))
class MonthWeightsField(serializers.JSONField):
    """A plan's month weights (checked in PlanSerializer.validate)."""


class PlanSerializer(VersionedSerializerMixin, ReadableModelSerializer):
    """A plan. Create it from the five-stage template with ``store``, ``name``, ``period_start`` and
    ``period_end``; PATCH needs the ``lock_version`` you read (409 when someone saved since)."""

    store = ReadableSlugRelatedField(slug_field="code", queryset=Store.objects.all())
    stages = StagePlanSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    lock_version = serializers.IntegerField(required=False, help_text="Required on PATCH: the lock_version you read.")
    version_field = "lock_version"
    weekday_weights = WeekdayWeightsField(required=False)
    month_weights = MonthWeightsField(required=False)

    class Meta:
        model = Plan
        fields = [
            "id",
            "store",
            "name",
            "scenario",
            "period_start",
            "period_end",
            "status",
            "version",
            "lock_version",
            "based_on",
            "weekday_weights",
            "month_weights",
            "notes",
            "stages",
            "milestones",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "version", "based_on", "updated_at"]

    def validate(self, attrs):
        start = attrs.get("period_start", getattr(self.instance, "period_start", None))
        end = attrs.get("period_end", getattr(self.instance, "period_end", None))
        problems = period_problems(start, end) if start and end else []
        if problems:
            raise serializers.ValidationError({p.field: p.message for p in problems})
        for name, size in (("weekday_weights", 7), ("month_weights", 12)):
            weights = attrs.get(name)
            if weights is not None and (
                not isinstance(weights, list)
                or len(weights) != size
                or not all(isinstance(w, int | float) and not isinstance(w, bool) and 0 <= w <= 20 for w in weights)
            ):
                raise serializers.ValidationError({name: f"Give {size} numbers between 0 and 20."})
        return attrs


REASON_PARAMS_HELP = (
    "The figures of the reason, by code. no_plan: none. days_in_stage: stage, days (days with actuals in the "
    "stage within the last `window` days), required, window, since (ISO date). behind_average / on_plan_average: "
    "days, avg_orders, avg_target (orders a day over the days of the last 7 with both), attainment and threshold "
    "(shares, 0.8 = 80%). behind_pace / on_plan_pace: pace, threshold (the month's projected orders over its "
    "target). next_reached / next_not_reached / below_stage: window (7 or 28), days, orders and uv (averages a day; "
    "uv null when not reported), stage, orders_min, uv_min (the stage's minimum). no_recent_actuals: window. "
    "last_stage: stage. anomaly: date, ratio (the day's conversion over the trailing median)."
)


class AdviceReasonSerializer(serializers.Serializer):
    """One reason of a stage recommendation: what it says (code), its figures and the sentence."""

    code = serializers.ChoiceField(choices=[c.value for c in ReasonCode], help_text="What the reason says.")
    params = serializers.DictField(help_text=REASON_PARAMS_HELP)
    text = serializers.CharField(help_text="The reason as a sentence in the request's language, numbers formatted.")


RECOMMENDATION_HELP = (
    "advance: the 7- and 28-day averages both reach the next stage's minimum, the store is on plan and has at least "
    "14 days of actuals in the stage; hold: not yet (the reasons say why); behind: behind plan, as the behind-plan "
    "alert measures it; not_enough_data: fewer than 14 days of actuals in the stage within the last 28 days; "
    "no_plan: no active plan covers the day."
)


class StageStatusSerializer(serializers.Serializer):
    store = serializers.CharField()
    as_of = BusinessDateSerializerField(help_text="The store's today: the figures are those of the days before it.")
    plan = serializers.IntegerField(allow_null=True)
    stage = serializers.IntegerField(allow_null=True)
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, help_text=RECOMMENDATION_HELP)
    recommendation_label = serializers.CharField(help_text="The recommendation in the request's language.")
    reasons = AdviceReasonSerializer(many=True, help_text="Why, the deciding reason first.")
    days_in_stage = serializers.IntegerField(
        help_text="Days with actuals in the current stage within the last 28 days (0 without a plan)."
    )
    min_days = serializers.IntegerField(help_text="The days of actuals in the stage a verdict needs.")
    uv_7d = serializers.FloatField(allow_null=True)
    orders_7d = serializers.FloatField(allow_null=True)
    uv_28d = serializers.FloatField(allow_null=True)
    orders_28d = serializers.FloatField(allow_null=True)
    anomalies = serializers.ListField(child=serializers.DictField())
