from rest_framework import serializers

from stores.models import Store


class StoreSerializer(serializers.ModelSerializer):
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
