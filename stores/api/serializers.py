import zoneinfo

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from stores.models import Store, validate_time_zone
from stores.references import ReadableModelSerializer


def time_zone_pattern() -> str:
    """The IANA time zones the server knows (:func:`stores.models.validate_time_zone`), as one pattern."""
    names = sorted(zoneinfo.available_timezones())
    return "^(?:" + "|".join(name.replace("+", r"\+") for name in names) + ")$"


@extend_schema_field({"type": "string", "pattern": time_zone_pattern(), "description": "An IANA time zone."})
class TimeZoneField(serializers.CharField):
    """A store's time zone: one of the IANA names the server knows (the schema lists them in its pattern)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 64)
        super().__init__(validators=[validate_time_zone], **kwargs)


class StoreSerializer(ReadableModelSerializer):
    time_zone = TimeZoneField(required=False)

    class Meta:
        model = Store
        fields = [
            "code",
            "name",
            "platform",
            "time_zone",
            "currency",
            "launch_date",
            "status",
            "source_policy",
            "notes",
            "updated_at",
        ]
        read_only_fields = ["code", "currency", "updated_at"]
