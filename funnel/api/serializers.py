"""Serializers of the funnel API. The push serializers document the contract; the push is validated by
:mod:`funnel.domain.records`, which is faster on 10,000 records and checks every rule of docs/API.md."""

from rest_framework import serializers

from funnel.models import DailyMetric

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


class RecordErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(allow_null=True, help_text="Position of the record in `records`.")
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ErrorsSerializer(serializers.Serializer):
    errors = RecordErrorSerializer(many=True)


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
