"""Serializers of the funnel API. The push serializers document the contract; the push is validated by
:mod:`funnel.domain.records`, which is faster on 10,000 records and checks every rule of docs/API.md."""

from decimal import Decimal

from rest_framework import serializers

from funnel.domain.arithmetic import implied
from funnel.domain.validation import period_problems
from funnel.models import STAGE_FIELDS, DailyMetric, Milestone, Plan, StagePlan
from opsplan.push import ErrorsSerializer, RecordErrorSerializer  # noqa: F401 - re-exported
from stores.models import Store

MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class MetricRecordSerializer(serializers.Serializer):
    store = serializers.SlugField(help_text="The store's code.")
    date = serializers.DateField(help_text="ISO date in the store's time zone; at most 1 day in the future.")
    uv = serializers.IntegerField(min_value=0, help_text="Unique visitors.")
    orders = serializers.IntegerField(min_value=0, help_text="Orders; not more than uv.")
    pv = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Page views; not less than uv."
    )
    gmv = serializers.DecimalField(required=False, allow_null=True, help_text="CNY, at most 2 decimals.", **MONEY)
    ad_spend = serializers.DecimalField(required=False, allow_null=True, help_text="CNY, at most 2 decimals.", **MONEY)
    refunds = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    paying_buyers = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="Distinct paying buyers; not more than orders."
    )
    new_buyers = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    returning_buyers = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, help_text="new_buyers + returning_buyers <= paying_buyers."
    )


class MetricPushSerializer(serializers.Serializer):
    records = MetricRecordSerializer(many=True, min_length=1, max_length=10_000)


class IngestCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class DailyMetricSerializer(serializers.ModelSerializer):
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
            "paying_buyers",
            "new_buyers",
            "returning_buyers",
            "conversion",
            "aov",
            "updated_at",
        ]


class StagePlanSerializer(serializers.ModelSerializer):
    """A stage of a plan; ``implied_*`` follow from its targets. PATCH needs the plan's ``lock_version``."""

    implied_uv = serializers.SerializerMethodField()
    implied_gmv = serializers.SerializerMethodField()
    implied_ad_spend = serializers.SerializerMethodField()
    lock_version = serializers.IntegerField(write_only=True, help_text="The plan's lock_version you edited.")

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


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "plan", "title", "metric", "target", "due_date"]


class PlanSerializer(serializers.ModelSerializer):
    """A plan. Create it from the five-stage template with ``store``, ``name``, ``period_start`` and
    ``period_end``; PATCH needs the ``lock_version`` you read (409 when someone saved since)."""

    store = serializers.SlugRelatedField(slug_field="code", queryset=Store.objects.all())
    stages = StagePlanSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    lock_version = serializers.IntegerField(required=False)

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
                len(weights) != size or not all(isinstance(w, int | float) and 0 <= w <= 20 for w in weights)
            ):
                raise serializers.ValidationError({name: f"Give {size} numbers between 0 and 20."})
        return attrs


class StageStatusSerializer(serializers.Serializer):
    store = serializers.CharField()
    as_of = serializers.DateField()
    plan = serializers.IntegerField(allow_null=True)
    stage = serializers.IntegerField(allow_null=True)
    recommendation = serializers.CharField()
    uv_7d = serializers.FloatField(allow_null=True)
    orders_7d = serializers.FloatField(allow_null=True)
    uv_28d = serializers.FloatField(allow_null=True)
    orders_28d = serializers.FloatField(allow_null=True)
    anomalies = serializers.ListField(child=serializers.DictField())
