from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.choices import Action
from core.api import QuerySerializer, VersionedSerializerMixin
from core.dates import BusinessDateSerializerField, BusinessMonthSerializerField
from rotas.choices import GapReason, HeadcountSource, ShiftState
from rotas.models import Shift, ShiftPattern
from staffing.models import Person, StaffRole
from stores.models import Store
from stores.permissions import stores_for
from stores.references import ReadableModelSerializer, ReadablePrimaryKeyRelatedField, ReadableSlugRelatedField


class ShiftPatternSerializer(ReadableModelSerializer):
    """A shift a store runs for a role; an ``end_time`` at or before ``start_time`` runs past midnight."""

    store = ReadableSlugRelatedField(slug_field="code", queryset=Store.objects.all(), help_text="The store's code.")
    role = ReadableSlugRelatedField(slug_field="code", queryset=StaffRole.objects.all(), help_text="The role code.")
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), required=False, help_text="0 = Monday … 6 = Sunday."
    )
    weekdays_display = serializers.CharField(
        read_only=True, help_text="The weekdays by name in the request's language (周一、周三 / Mon, Wed)."
    )
    headcount_source = serializers.ChoiceField(choices=HeadcountSource.choices, required=False)

    class Meta:
        model = ShiftPattern
        fields = [
            "id",
            "store",
            "role",
            "name",
            "start_time",
            "end_time",
            "second_start_time",
            "second_end_time",
            "weekdays",
            "weekdays_display",
            "headcount_source",
            "headcount",
            "position",
        ]
        validators = []  # the service checks the name once per store and role

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["store"].queryset = stores_for(request.user, Action.VIEW)


class ShiftSerializer(VersionedSerializerMixin, ReadableModelSerializer):
    """A person on a shift pattern on a day; times are in the store's time zone. PATCH needs the ``version``."""

    store = serializers.CharField(source="store.code", read_only=True)
    role = serializers.CharField(source="pattern.role.code", read_only=True)
    pattern = ReadablePrimaryKeyRelatedField(queryset=ShiftPattern.objects.all())
    person = ReadablePrimaryKeyRelatedField(queryset=Person.objects.all())
    person_name = serializers.CharField(source="person.name", read_only=True)
    state = serializers.ChoiceField(choices=ShiftState.choices, required=False)
    version = serializers.IntegerField(required=False, help_text="Required on PATCH: the version you read.")

    class Meta:
        model = Shift
        fields = [
            "id",
            "store",
            "role",
            "pattern",
            "person",
            "person_name",
            "date",
            "start_at",
            "end_at",
            "second_start_at",
            "second_end_at",
            "state",
            "version",
        ]
        read_only_fields = ["start_at", "end_at", "second_start_at", "second_end_at"]
        validators = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            readable = stores_for(request.user, Action.VIEW)
            self.fields["pattern"].queryset = ShiftPattern.objects.filter(store__in=readable)
            self.fields["person"].queryset = Person.objects.filter(assignments__store__in=readable).distinct()


class MyShiftSerializer(ReadableModelSerializer):
    store = serializers.CharField(source="store.code")
    store_name = serializers.CharField(source="store.name")
    role = serializers.CharField(source="pattern.role.code")
    shift = serializers.CharField(source="pattern.name")

    class Meta:
        model = Shift
        fields = [
            "id",
            "store",
            "store_name",
            "role",
            "shift",
            "date",
            "start_at",
            "end_at",
            "second_start_at",
            "second_end_at",
            "state",
        ]


class RotaQuerySerializer(QuerySerializer):
    store = serializers.SlugField(help_text="The store's code.")
    role = serializers.SlugField(help_text="The role code, e.g. customer_service.")
    start = BusinessDateSerializerField(required=False, help_text="First day; the first of this month by default.")
    end = BusinessDateSerializerField(required=False, help_text="Last day; the end of the start's month by default.")

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["The range ends before it starts."]})
        return attrs


class GenerateSerializer(RotaQuerySerializer):
    start = BusinessDateSerializerField(help_text="First day of the rota.")
    end = BusinessDateSerializerField(help_text="Last day of the rota (at most 92 days).")
    seed = serializers.IntegerField(
        required=False, min_value=0, max_value=10**9, help_text="The tie-break seed; random by default."
    )


class BlockedSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    reason = serializers.ChoiceField(choices=GapReason.choices)
    reason_label = serializers.CharField(help_text="The reason in the request's language.")


class CoverageGapSerializer(serializers.Serializer):
    """An unfilled shift: why it is unfilled, and the rule that keeps each person of the role off it."""

    date = BusinessDateSerializerField(source="gap.day")
    pattern = serializers.IntegerField(source="pattern.pk")
    pattern_name = serializers.CharField(source="pattern.name")
    required = serializers.IntegerField(source="gap.required")
    on_duty = serializers.IntegerField(source="gap.on_duty")
    shortfall = serializers.IntegerField(source="gap.shortfall")
    reason = serializers.ChoiceField(
        source="gap.reason",
        choices=GapReason.choices,
        help_text="nobody: nobody in the role works in the store that day; time_off; weekly_hours: their hours here "
        "(their share) or in all stores are used up; rest: another shift that day or less than 11 hours between "
        "shifts; days_in_row; open: someone could still take it (the rota was changed by hand).",
    )
    reason_label = serializers.CharField(help_text="The reason in the request's language.")
    blocked = BlockedSerializer(many=True, help_text="Each person of the role and the rule that keeps them off it.")


class RequiredSerializer(serializers.Serializer):
    date = BusinessDateSerializerField()
    pattern = serializers.IntegerField()
    people = serializers.IntegerField(help_text="People the shift needs on duty that day.")


class ReasonCountSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=GapReason.choices)
    reason_label = serializers.CharField()
    shifts = serializers.IntegerField(help_text="Unfilled shifts for this reason.")


class BreachSerializer(serializers.Serializer):
    kind = serializers.CharField(source="breach.kind", help_text="time_off or days_in_row.")
    person = serializers.IntegerField(source="breach.person")
    person_name = serializers.CharField()
    date = BusinessDateSerializerField(source="breach.day")
    days = serializers.IntegerField(source="breach.days", help_text="The length of a run of days in a row.")


class StaffingCheckSerializer(serializers.Serializer):
    """A month of the role in the gap report's units next to its rota's shifts."""

    month = BusinessMonthSerializerField()
    required = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        help_text="The gap report's requirement (FTE): the part of a person the "
        "month's 90th-percentile day's busiest hour takes, over the service hours.",
    )
    on_roster = serializers.DecimalField(max_digits=8, decimal_places=2, help_text="The gap report's roster (FTE).")
    state = serializers.ChoiceField(choices=["ok", "tight", "short"], help_text="The gap report's state.")
    shifts_needed = serializers.IntegerField(help_text="Shifts the rota needs in the month (whole people per shift).")
    shifts_fte = serializers.DecimalField(
        max_digits=8, decimal_places=2, help_text="Those shifts' hours on an average day, as FTE."
    )
    filled = serializers.IntegerField()
    unfilled = serializers.IntegerField()


class CoverageSerializer(serializers.Serializer):
    """Each day × shift below its required headcount, and the shifts against a rule."""

    start = BusinessDateSerializerField(source="first")
    end = BusinessDateSerializerField(source="last")
    needed = serializers.IntegerField(help_text="Shifts the range needs: the people each day × shift needs, added up.")
    filled = serializers.IntegerField(help_text="Of those, shifts with someone on duty.")
    shortfall = serializers.IntegerField(help_text="People missing across the gaps (unfilled shifts).")
    required = serializers.SerializerMethodField(help_text="The people each day × shift needs (the gap report's).")
    reasons = serializers.SerializerMethodField(help_text="Unfilled shifts per reason.")
    gaps = CoverageGapSerializer(many=True)
    breaches = BreachSerializer(many=True)
    months = StaffingCheckSerializer(
        many=True, help_text="Per month of the range: the gap report's figures beside the rota's shifts in the range."
    )

    @extend_schema_field(RequiredSerializer(many=True))
    def get_required(self, report) -> list[dict]:
        return [
            {"date": day, "pattern": pattern, "people": people}
            for (day, pattern), people in sorted(report.required.items())
        ]

    @extend_schema_field(ReasonCountSerializer(many=True))
    def get_reasons(self, report) -> list[dict]:
        return [{"reason": r, "reason_label": label, "shifts": n} for r, label, n in report.reasons()]


class GenerateResultSerializer(serializers.Serializer):
    rota = serializers.IntegerField(source="rota.pk")
    seed = serializers.IntegerField(source="rota.seed")
    created = serializers.IntegerField(help_text="Planned shifts made.")
    kept = serializers.IntegerField(help_text="Confirmed shifts kept.")
    coverage = CoverageSerializer(source="report")


class RotaErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
