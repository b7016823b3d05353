
from opsplan.references import ReadableModelSerializer
from stores.models import Store


class StoreSerializer(ReadableModelSerializer):
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
