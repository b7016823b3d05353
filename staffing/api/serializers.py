from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from accounts.choices import Action
from core.api import InputSerializer, KeyedObjectField, QueryIntegerField, StoreQuerySerializer  # noqa: F401 - StoreQuerySerializer re-exported
from core.dates import BusinessDateSerializerField, BusinessMonthSerializerField
from promotions.choices import PromotionKind
from staffing.choices import EmploymentType, NormUnit, TimeOffKind
from staffing.models import STAFF_ROLES, Assignment, Person, StaffingPolicy, StaffRole, TimeOff
from stores.models import Store
from stores.permissions import stores_for
from stores.references import ReadableModelSerializer, ReadablePrimaryKeyRelatedField, ReadableSlugRelatedField

FTE = {"max_digits": 8, "decimal_places": 2}


def _readable(context) -> object:
    request = context.get("request")
    return stores_for(request.user, Action.VIEW) if request is not None else Store.objects.none()


def role_keyed(child: serializers.Field, **kwargs: Any) -> KeyedObjectField:
    """An object keyed by role code (:data:`staffing.models.STAFF_ROLES`): the services refuse another key."""
    return KeyedObjectField(keys=[code for code, _label in STAFF_ROLES], child=child, **kwargs)


class StaffRoleSerializer(ReadableModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")
    duties = serializers.CharField(read_only=True, help_text="In the caller's language.")
    norm_unit = serializers.ChoiceField(choices=NormUnit.choices, read_only=True)

    class Meta:
        model = StaffRole
        fields = ["code", "name", "name_en", "name_zh", "duties", "duties_en", "duties_zh", "norm_unit"]
        fields += ["default_norm", "minimum_headcount"]
        read_only_fields = fields


class StoreNormSerializer(serializers.Serializer):
    role = serializers.CharField()
    norm_unit = serializers.ChoiceField(choices=NormUnit.choices)
    default_norm = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    norm = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True, help_text="The store's own.")
    minimum_headcount = serializers.DecimalField(max_digits=6, decimal_places=2)


class NormsSerializer(serializers.Serializer):
    store = serializers.SlugField(help_text="The store's code.")
    norms = serializers.ListField(child=StoreNormSerializer(), read_only=True)


class NormsWriteSerializer(InputSerializer):
    store = serializers.SlugField(help_text="The store's code.")
    norms = role_keyed(
        serializers.DecimalField(max_digits=10, decimal_places=2, min_value=Decimal("0.01"), allow_null=True),
        allow_empty=False,
        help_text="Role code → the store's norm; null returns the role to the catalogue's default.",
    )


class PolicySerializer(ReadableModelSerializer):
    store = serializers.SlugField(source="store.code", help_text="The store's code.")
    hourly_profile = serializers.ListField(
        child=serializers.FloatField(min_value=0), min_length=24, max_length=24, help_text="‰ per hour 0–23."
    )
    promotion_multipliers = KeyedObjectField(
        keys=PromotionKind.values,
        allow_empty=True,
        child=serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal(1), max_value=Decimal(100)),
        help_text=f"Promotion kind ({', '.join(PromotionKind.values)}) → multiplier of the plan's day target.",
    )

    class Meta:
        model = StaffingPolicy
        fields = ["store", "service_start", "service_end", "hourly_profile", "workday_hours", "max_days_in_row"]
        fields += ["promotion_multipliers", "default_promotion_multiplier"]


class AssignmentSerializer(ReadableModelSerializer):
    person = ReadablePrimaryKeyRelatedField(queryset=Person.objects.all())
    store = ReadableSlugRelatedField(slug_field="code", queryset=Store.objects.all(), help_text="The store's code.")
    role = ReadableSlugRelatedField(slug_field="code", queryset=StaffRole.objects.all(), help_text="Role code.")

    class Meta:
        model = Assignment
        fields = ["id", "person", "store", "role", "share", "start_date", "end_date"]
        validators = []  # the service checks uniqueness and the shares across stores

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        readable = _readable(self.context)
        self.fields["store"].queryset = readable
        visible = Assignment.objects.filter(store__in=readable).values("person_id")
        self.fields["person"].queryset = Person.objects.filter(pk__in=visible)


class PersonAssignmentSerializer(ReadableModelSerializer):
    store = serializers.SlugRelatedField(slug_field="code", read_only=True)
    role = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "store", "role", "share", "start_date", "end_date"]


class PersonSerializer(ReadableModelSerializer):
    """A person with their assignments in the stores the caller may read. POST also takes the store, role and
    share of their first assignment."""

    user = ReadableSlugRelatedField(
        slug_field="username",
        queryset=Person._meta.get_field("user").related_model.objects.all(),
        action=Action.EDIT_STAFFING,  # members of the stores whose staff the caller manages, as on the page
        required=False,
        allow_null=True,
        help_text="The username of their login, if any.",
    )
    employment_type = serializers.ChoiceField(choices=EmploymentType.choices, required=False)
    assignments = serializers.SerializerMethodField()
    store = serializers.SlugField(write_only=True, required=False, help_text="POST: the store of the first assignment.")
    role = serializers.SlugField(write_only=True, required=False, help_text="POST: the role code there.")
    share = serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.05"),
        max_value=Decimal("1"),
        write_only=True,
        required=False,
        help_text="POST: the share of their time there (default 1).",
    )

    class Meta:
        model = Person
        fields = ["id", "name", "user", "employment_type", "weekly_hours", "start_date", "end_date", "phone", "notes"]
        fields += ["assignments", "store", "role", "share", "updated_at"]
        read_only_fields = ["updated_at"]

    def get_assignments(self, person) -> list[dict]:
        if "readable_store_ids" not in self.context:  # once per response, not once per person
            self.context["readable_store_ids"] = set(_readable(self.context).values_list("pk", flat=True))
        readable = self.context["readable_store_ids"]
        rows = [a for a in person.assignments.all() if a.store_id in readable]
        return PersonAssignmentSerializer(rows, many=True).data

    def validate(self, attrs):
        return attrs  # the service validates the person with their assignments, all or nothing


class TimeOffSerializer(ReadableModelSerializer):
    person = ReadablePrimaryKeyRelatedField(queryset=Person.objects.all())
    kind = serializers.ChoiceField(choices=TimeOffKind.choices, required=False)

    class Meta:
        model = TimeOff
        fields = ["id", "person", "kind", "start_date", "end_date", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        visible = Assignment.objects.filter(store__in=_readable(self.context)).values("person_id")
        self.fields["person"].queryset = Person.objects.filter(pk__in=visible)

    def validate(self, attrs):
        return attrs  # the service refuses reversed dates and overlaps


class PlannedRowSerializer(serializers.Serializer):
    month = BusinessMonthSerializerField()
    role = serializers.CharField()
    headcount = serializers.DecimalField(**FTE)


class MonthsQuerySerializer(StoreQuerySerializer):
    start = BusinessMonthSerializerField(required=False, help_text="The first month, YYYY-MM; this month by default.")
    months = QueryIntegerField(min_value=1, max_value=24, required=False, help_text="1–24 (default 6).")


class PlannedWriteSerializer(InputSerializer):
    store = serializers.SlugField(help_text="The store's code.")
    month = BusinessMonthSerializerField(help_text="YYYY-MM.")
    headcount = role_keyed(
        serializers.DecimalField(min_value=Decimal(0), max_value=Decimal(9999), allow_null=True, **FTE),
        allow_empty=False,
        help_text="Role code → planned FTE; null removes the role's plan for the month.",
    )


class RoleMonthSerializer(serializers.Serializer):
    role = serializers.CharField()
    required = serializers.DecimalField(**FTE, help_text="The month's 90th-percentile day.")
    planned = serializers.DecimalField(**FTE, allow_null=True)
    on_roster = serializers.DecimalField(**FTE, help_text="Average of the month's days, time off deducted.")
    gap = serializers.DecimalField(**FTE, help_text="On roster less required.")
    peak = serializers.DecimalField(**FTE, help_text="The month's busiest day.")
    state = serializers.ChoiceField(choices=["ok", "tight", "short"])


class ShortageSerializer(serializers.Serializer):
    role = serializers.CharField()
    required = serializers.DecimalField(**FTE)
    on_roster = serializers.DecimalField(**FTE)
    missing = serializers.DecimalField(**FTE)


class UnderstaffedDaySerializer(serializers.Serializer):
    date = BusinessDateSerializerField()
    orders = serializers.DecimalField(max_digits=12, decimal_places=2)
    promotion = serializers.CharField(allow_null=True, help_text="The kind whose multiplier applied.")
    shortages = ShortageSerializer(many=True)


class MonthReportSerializer(serializers.Serializer):
    month = BusinessMonthSerializerField()
    stages = serializers.ListField(child=serializers.IntegerField(), help_text="Plan stages active in the month.")
    planned_days = serializers.IntegerField(help_text="Days an active plan covers.")
    orders_peak = serializers.DecimalField(max_digits=12, decimal_places=2)
    rows = RoleMonthSerializer(many=True)
    understaffed = UnderstaffedDaySerializer(many=True)


class GapSerializer(serializers.Serializer):
    store = serializers.CharField(source="store.code")
    months = MonthReportSerializer(many=True)
