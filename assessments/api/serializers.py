"""Shapes of the assessment API: weights per role, teamwork scores, scorecards and the compute request."""

from __future__ import annotations

from decimal import ROUND_HALF_UP

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.choices import Role
from core.api import InputSerializer, StoreQuerySerializer
from core.dates import BusinessMonthSerializerField
from stores.references import ReadableModelSerializer

from ..models import Scorecard, TeamworkScore

STAFF_ROLES = [code for code in Role.values if code != Role.VIEWER]


def _percent() -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=100)


class WeightsFields(InputSerializer):
    """The twelve weights in whole percent, in three groups that each add up to 100."""

    results = _percent()
    satisfaction = _percent()
    teamwork = _percent()
    gmv = _percent()
    uv = _percent()
    conversion = _percent()
    aov = _percent()
    repeat_rate = _percent()
    rating_description = _percent()
    rating_service = _percent()
    rating_shipping = _percent()
    positive_rate = _percent()


class RoleWeightsSerializer(WeightsFields):
    """A role's weights in a store in whole percent; ``is_default`` when the store has not set its own."""

    role = serializers.CharField()
    is_default = serializers.BooleanField()


class RoleWeightsWriteSerializer(WeightsFields):
    """Set a role's weights in a store; each group (the three dimensions, the results figures, the satisfaction
    figures) must add up to 100, or the answer is 400 naming the group and its sum, and nothing is written."""

    store = serializers.CharField(help_text="The store's code.")
    role = serializers.ChoiceField(choices=STAFF_ROLES)


class TeamworkWriteSerializer(InputSerializer):
    """The manager's teamwork score for a person working in the store that month; sending it again replaces it."""

    store = serializers.CharField(help_text="The store's code.")
    person = serializers.IntegerField(help_text="The person's id (staffing).")
    month = BusinessMonthSerializerField()
    score = serializers.IntegerField(min_value=0, max_value=100)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class TeamworkSerializer(ReadableModelSerializer):
    store = serializers.CharField(source="store.code", read_only=True)
    month = BusinessMonthSerializerField(read_only=True)

    class Meta:
        model = TeamworkScore
        fields = ["id", "store", "person", "month", "score", "comment", "updated_at"]


class ScorecardQuerySerializer(StoreQuerySerializer):
    month = BusinessMonthSerializerField(required=False, help_text="YYYY-MM: that month's current version only.")


class MonthRequestSerializer(InputSerializer):
    store = serializers.CharField(help_text="The store's code.")
    month = BusinessMonthSerializerField()


class ComputeSerializer(MonthRequestSerializer):
    new_version = serializers.BooleanField(
        default=False, help_text="Needed to recompute a finalised month: it opens the next version."
    )


class ScoreField(serializers.DecimalField):
    """A score out of 100 as shown: one place, half away from zero (the scorecard keeps it unrounded)."""

    def __init__(self, **kwargs):
        kwargs.update(max_digits=4, decimal_places=1, rounding=ROUND_HALF_UP, read_only=True, allow_null=True)
        super().__init__(**kwargs)


NUMBERS = {"type": "object", "additionalProperties": {"type": "number"}}


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodesField(serializers.JSONField):
    """A list of codes (role codes, the names of missing inputs)."""


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "configured": {**NUMBERS, "description": "Weight name → weight as configured, blended over the roles."},
            "used": {
                "type": "object",
                "additionalProperties": NUMBERS,
                "description": "Group → weight name → weight as applied, missing inputs left out.",
            },
        },
        "required": ["configured", "used"],
    }
)
class CardWeightsField(serializers.JSONField):
    """The scorecard's weights snapshot (assessments.snapshot.weights_json)."""


FIGURE = {
    "type": "object",
    "properties": {
        "value": {"type": "number", "nullable": True},
        "target": {"type": "number", "nullable": True},
        "points": {"type": "number", "nullable": True},
    },
}


@extend_schema_field(
    {
        "type": "object",
        "properties": {
            "month": {"type": "object", "additionalProperties": {"type": "number", "nullable": True}},
            "teamwork": {
                "type": "object",
                "nullable": True,
                "properties": {"score": {"type": "number"}, "comment": {"type": "string"}},
            },
            "roles": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"role": {"type": "string"}, "share": {"type": "number"}},
                },
            },
            "thresholds": {"type": "object", "additionalProperties": {"type": "number", "nullable": True}},
        },
        "additionalProperties": {"type": "object", "additionalProperties": FIGURE},
        "description": "What the scores came from: the store's month, each group's figures (value, target, "
        "points), the teamwork score, the roles and the thresholds.",
    }
)
class CardInputsField(serializers.JSONField):
    """The scorecard's inputs snapshot (assessments.snapshot.inputs_json)."""


class ScorecardSerializer(ReadableModelSerializer):
    """A person's scorecard for one version of a store-month. Scores are out of 100; ``missing`` lists the
    inputs that were absent (their weights went to the others, see ``weights.used``)."""

    person_name = serializers.CharField(source="person.name", read_only=True)
    store = serializers.CharField(source="period.store.code", read_only=True)
    month = BusinessMonthSerializerField(source="period.month", read_only=True)
    version = serializers.IntegerField(source="period.version", read_only=True)
    finalised_at = serializers.DateTimeField(source="period.finalised_at", read_only=True, allow_null=True)
    results = ScoreField()
    satisfaction = ScoreField()
    teamwork = ScoreField()
    total = ScoreField()
    roles = CodesField(read_only=True, help_text="The person's role codes in the store that month.")
    missing = CodesField(read_only=True, help_text="The inputs that were absent.")
    weights = CardWeightsField(read_only=True)
    inputs = CardInputsField(read_only=True)

    class Meta:
        model = Scorecard
        fields = [
            "id", "person", "person_name", "store", "month", "version", "finalised_at", "roles", "share",
            "results", "satisfaction", "teamwork", "total", "weights", "missing", "inputs", "computed_at",
        ]  # fmt: skip


class PeriodSerializer(serializers.Serializer):
    store = serializers.CharField(source="store.code")
    month = BusinessMonthSerializerField()
    version = serializers.IntegerField()
    computed_at = serializers.DateTimeField()
    finalised_at = serializers.DateTimeField(allow_null=True)
    scorecards = ScorecardSerializer(many=True)


class AssessmentErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
