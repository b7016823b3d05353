from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alerts.models import Alert, AlertEvent
from core.api import InputSerializer
from stores.references import ReadableModelSerializer


@extend_schema_field({"type": "object", "additionalProperties": True})
class AlertDataField(serializers.JSONField):
    """An alert's figures: an object whose keys depend on the alert's kind."""


class AlertEventSerializer(ReadableModelSerializer):
    user = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = AlertEvent
        fields = ["at", "event", "user", "note"]


class AlertSerializer(ReadableModelSerializer):
    store = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="The store's code.")
    title = serializers.CharField(source="display_title", read_only=True, help_text="In the caller's language.")
    detail = serializers.CharField(source="display_detail", read_only=True, help_text="In the caller's language.")
    data = AlertDataField(
        read_only=True,
        help_text=(
            "The figures the alert was raised with, by kind. A stage_change alert's: recommendation, previous, "
            "changed_on, stage and reasons (a list of {code, params}, as the store stage-status endpoint gives "
            "them; the detail says them in the caller's language)."
        ),
    )
    acknowledged_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    events = AlertEventSerializer(many=True, read_only=True, help_text="The alert's history, latest first.")

    class Meta:
        model = Alert
        fields = [
            "id",
            "store",
            "kind",
            "key",
            "severity",
            "state",
            "title",
            "detail",
            "data",
            "first_seen",
            "last_seen",
            "acknowledged_by",
            "acknowledged_at",
            "resolved_at",
            "emailed_at",
            "events",
        ]
        read_only_fields = fields


class NoteSerializer(InputSerializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
