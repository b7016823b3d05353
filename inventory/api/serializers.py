"""Serializers of the inventory API. The sales push serializers document the contract; the push itself is
checked by :mod:`inventory.sales`, which lists every bad record like the metrics ingest."""

from decimal import ROUND_HALF_UP

from rest_framework import serializers

from core.api import InputSerializer, VersionedSerializerMixin
from core.dates import BusinessDateSerializerField
from funnel.push import PushBodySerializer, records_field
from stores.models import Store
from stores.references import ReadableModelSerializer, ReadableSlugRelatedField

from ..models import FactoryOrder, Product, StockMovement
from ..services import EDITABLE_FIELDS

MONEY = {"max_digits": 12, "decimal_places": 2}


class SalesRecordSerializer(InputSerializer):
    store = serializers.SlugField(help_text="The store's code.")
    sku = serializers.CharField(help_text="The product's SKU code in that store.")
    date = BusinessDateSerializerField(help_text="ISO date in the store's time zone; at most 1 day in the future.")
    quantity = serializers.IntegerField(min_value=0, help_text="Units sold that day (the day's total).")
    returns = serializers.IntegerField(
        min_value=0,
        required=False,
        allow_null=True,
        help_text="Units returned to stock that day (the day's total); left out keeps what was reported.",
    )


class SalesPushSerializer(PushBodySerializer):
    records = records_field(SalesRecordSerializer())


class StockWarningSerializer(serializers.Serializer):
    store = serializers.SlugField()
    sku = serializers.CharField()
    on_hand = serializers.IntegerField(help_text="Below zero: more went out than was in stock.")
    message = serializers.CharField()


class SalesCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    warnings = StockWarningSerializer(many=True, help_text="Products whose on-hand is below zero after the push.")


class DailySalesSerializer(ReadableModelSerializer):
    """A day total of one source: units sold (kind ``sale``) or returned (kind ``return``), as positive units."""

    store = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sku = serializers.CharField(source="product.code", read_only=True)
    units = serializers.SerializerMethodField()

    class Meta:
        model = StockMovement
        fields = ["store", "sku", "date", "kind", "source", "units", "updated_at"]

    def get_units(self, obj: StockMovement) -> int:
        return abs(obj.quantity)


class MovementSerializer(ReadableModelSerializer):
    store = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sku = serializers.CharField(source="product.code", read_only=True)

    class Meta:
        model = StockMovement
        fields = ["id", "store", "sku", "kind", "date", "quantity", "counted", "source", "note", "created_at"]
        read_only_fields = fields


class ProductSerializer(VersionedSerializerMixin, ReadableModelSerializer):
    """A product; ``store`` is given on creation only. PATCH needs the ``version`` you read."""

    store = ReadableSlugRelatedField(slug_field="code", queryset=Store.objects.all())
    version = serializers.IntegerField(required=False, help_text="Send the version you read with PATCH.")

    class Meta:
        model = Product
        fields = ["id", "store", *EDITABLE_FIELDS, "version", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        # Uniqueness of the code is checked by the service, which answers in the same shape.
        validators = []


class PlanningSerializer(serializers.Serializer):
    """A product's planning figures on ``as_of``; averages are units per day over the whole days before it."""

    id = serializers.IntegerField(source="product.pk")
    sku = serializers.CharField(source="product.code")
    name = serializers.CharField(source="product.name")
    is_main_push = serializers.BooleanField(source="product.is_main_push")
    is_listed = serializers.BooleanField(source="product.is_listed")
    lead_time_days = serializers.IntegerField(source="product.lead_time_days")
    on_hand = serializers.IntegerField()
    average_7 = serializers.DecimalField(max_digits=12, decimal_places=2, rounding=ROUND_HALF_UP)
    average_28 = serializers.DecimalField(max_digits=12, decimal_places=2, rounding=ROUND_HALF_UP)
    days_of_cover = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True, rounding=ROUND_HALF_UP)
    safety_stock = serializers.IntegerField()
    reorder_point = serializers.IntegerField()
    inbound_open = serializers.IntegerField()
    suggested_order = serializers.IntegerField()
    below_reorder_point = serializers.BooleanField()
    first_stockout = BusinessDateSerializerField(
        allow_null=True, help_text="First day the 60-day projection goes below 0."
    )


class ProjectedDaySerializer(serializers.Serializer):
    date = BusinessDateSerializerField()
    opening = serializers.IntegerField()
    sales = serializers.IntegerField()
    inbound = serializers.IntegerField()
    closing = serializers.IntegerField()


class HealthCheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=["ok", "warning", "danger"])
    message = serializers.CharField()
    skus = serializers.ListField(child=serializers.CharField())


class FactoryOrderSerializer(ReadableModelSerializer):
    store = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sku = serializers.CharField(source="product.code", read_only=True)

    class Meta:
        model = FactoryOrder
        fields = ["id", "store", "sku", "quantity", "ordered_on", "expected_on", "status", "promotion", "note"]
        read_only_fields = fields
