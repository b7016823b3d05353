from __future__ import annotations

from decimal import ROUND_HALF_UP

from rest_framework import serializers

from accounts.choices import Action
from core.api import InputSerializer, QueryIntegerField, QuerySerializer, VersionedSerializerMixin
from core.dates import BusinessDateSerializerField, BusinessMonthSerializerField
from inventory.models import Product
from promotions.choices import PromotionKind, PromotionStatus
from promotions.models import Promotion, PromotionItem, PromotionPhase
from stores.models import Store
from stores.permissions import stores_for
from stores.references import ReadableModelSerializer, ReadablePrimaryKeyRelatedField, ReadableSlugRelatedField


class PromotionPhaseSerializer(ReadableModelSerializer):
    promotion = ReadablePrimaryKeyRelatedField(queryset=Promotion.objects.all())

    class Meta:
        model = PromotionPhase
        fields = ["id", "promotion", "kind", "start_date", "end_date"]
        validators = []  # one phase per kind: a second one moves the first (the service upserts)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            readable = stores_for(request.user, Action.VIEW)
            self.fields["promotion"].queryset = Promotion.objects.filter(store__in=readable)


class PromotionItemSerializer(ReadableModelSerializer):
    promotion = ReadablePrimaryKeyRelatedField(queryset=Promotion.objects.all())
    sku = serializers.CharField(source="product.code", max_length=64, help_text="The SKU code in the store.")
    list_price = serializers.DecimalField(source="product.list_price", max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = PromotionItem
        fields = ["id", "promotion", "sku", "list_price", "promo_price", "uplift", "presale_quantity"]
        validators = []  # a SKU already in the promotion is updated (the service upserts)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            readable = stores_for(request.user, Action.VIEW)
            self.fields["promotion"].queryset = Promotion.objects.filter(store__in=readable)

    def validate(self, attrs):
        promotion = attrs.get("promotion") or (self.instance.promotion if self.instance else None)
        code = attrs.pop("product", {}).get("code")
        if code is not None and promotion is not None:
            product = Product.objects.filter(store_id=promotion.store_id, code=code).first()
            if product is None:
                raise serializers.ValidationError({"sku": [f"No SKU “{code}” in the promotion's store."]})
            attrs["product"] = product
        return attrs


class PromotionSerializer(VersionedSerializerMixin, ReadableModelSerializer):
    """A promotion with its phases and SKUs. PATCH needs the ``version`` you read (409 if it moved on)."""

    store = ReadableSlugRelatedField(slug_field="code", queryset=Store.objects.all(), help_text="The store's code.")
    kind = serializers.ChoiceField(choices=PromotionKind.choices)
    status = serializers.ChoiceField(choices=PromotionStatus.choices, required=False)
    version = serializers.IntegerField(required=False, help_text="Required on PATCH: the version you read.")
    phases = PromotionPhaseSerializer(many=True, read_only=True)
    items = PromotionItemSerializer(many=True, read_only=True)

    class Meta:
        model = Promotion
        fields = [
            "id",
            "store",
            "kind",
            "name",
            "start_date",
            "end_date",
            "budget",
            "status",
            "notes",
            "preset_key",
            "stock_decided_on",
            "version",
            "phases",
            "items",
            "updated_at",
        ]
        read_only_fields = ["preset_key", "stock_decided_on", "updated_at"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["store"].queryset = stores_for(request.user, Action.VIEW)


class PromotionStockRowSerializer(serializers.Serializer):
    sku = serializers.CharField(source="item.product.code")
    promo_price = serializers.DecimalField(source="item.promo_price", max_digits=12, decimal_places=2)
    uplift = serializers.DecimalField(source="item.uplift", max_digits=6, decimal_places=2)
    presale_quantity = serializers.IntegerField(source="item.presale_quantity")
    baseline_daily = serializers.DecimalField(
        max_digits=12, decimal_places=2, rounding=ROUND_HALF_UP, help_text="Units a day, last 28 days."
    )
    required = serializers.IntegerField(help_text="baseline × uplift × selling days + pre-sale quantity.")
    projected_at_start = serializers.IntegerField(help_text="Stock projected to open the selling window.")
    shortfall = serializers.IntegerField()
    order_by = BusinessDateSerializerField(help_text="Start of selling − lead time − safety days.")
    overlaps_with = serializers.SerializerMethodField()

    def get_overlaps_with(self, row) -> list[int]:
        return [promotion.pk for promotion in row.overlaps_with]


class PromotionPlanSerializer(serializers.Serializer):
    """A promotion's stock table and deadlines, as of today in the store's time zone."""

    promotion = serializers.IntegerField(source="promotion.pk")
    store = serializers.CharField(source="promotion.store.code")
    name = serializers.CharField(source="promotion.name")
    start_date = BusinessDateSerializerField(source="promotion.start_date")
    end_date = BusinessDateSerializerField(source="promotion.end_date")
    status = serializers.CharField(source="promotion.status")
    selling_start = BusinessDateSerializerField(source="window.start")
    selling_end = BusinessDateSerializerField(source="window.end")
    presale_ships_on = BusinessDateSerializerField(source="window.presale_ships_on")
    decision_deadline = BusinessDateSerializerField()
    decision_state = serializers.ChoiceField(choices=["none", "due", "overdue"])
    order_by = BusinessDateSerializerField(allow_null=True)
    order_state = serializers.ChoiceField(choices=["none", "due", "overdue"])
    total_shortfall = serializers.IntegerField()
    at_risk = serializers.BooleanField()
    rows = PromotionStockRowSerializer(many=True)


class PromotionStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PromotionStatus.choices)


class PresetEventSerializer(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.ChoiceField(choices=PromotionKind.choices)
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    start = BusinessDateSerializerField()
    end = BusinessDateSerializerField()
    phases = serializers.SerializerMethodField()

    def get_phases(self, event) -> list[dict[str, str]]:
        return [{"kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat()} for p in event.phases]


class PresetAdoptSerializer(InputSerializer):
    store = serializers.SlugField(help_text="The store's code.")
    year = serializers.IntegerField(min_value=1901, max_value=2099)


class PresetYearQuerySerializer(QuerySerializer):
    year = QueryIntegerField(min_value=1901, max_value=2099)


class PresetAdoptResultSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.IntegerField(), help_text="Ids of the promotions added.")
    already = serializers.IntegerField(help_text="Entries the store had adopted before (nothing added for them).")


class PromotionCalendarQuerySerializer(QuerySerializer):
    month = BusinessMonthSerializerField(required=False, help_text="YYYY-MM; this month by default.")
    store = serializers.SlugField(required=False, help_text="One store's code; all readable stores by default.")


class PromotionErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
