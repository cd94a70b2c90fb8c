"""How ping test rounds and their results read in the API."""

from rest_framework import serializers

from pings.models import PingRound
from rest_api.columns import ReadFromColumns


class PingRoundSerializer(ReadFromColumns, serializers.ModelSerializer):
    directory = serializers.SlugRelatedField(read_only=True, slug_field="slug")

    list_columns = {
        "code": "code",
        "directory": "directory__slug",
        "status": "status",
        "trigger": "trigger",
        "started_at": "started_at",
        "closes_at": "closes_at",
        "closed_at": "closed_at",
        "total": "total",
    }

    class Meta:
        model = PingRound
        fields = ["code", "directory", "status", "trigger", "started_at", "closes_at", "closed_at", "total"]


class StatsSerializer(serializers.Serializer):
    pinged = serializers.IntegerField()
    sent = serializers.IntegerField()
    delivered = serializers.IntegerField()
    within_72h = serializers.IntegerField()
    within_7d = serializers.IntegerField()
    by_close = serializers.IntegerField()
    answered = serializers.IntegerField()
    changes = serializers.IntegerField()
    median_hours = serializers.FloatField(allow_null=True)
    states = serializers.IntegerField()


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    stats = StatsSerializer()


class RoundResultsSerializer(serializers.Serializer):
    """A round's results over the pings the caller may see (a coordinator: its own State's)."""

    total = StatsSerializer()
    by_role = GroupSerializer(many=True)
    by_region = GroupSerializer(many=True)
    by_state = GroupSerializer(many=True)
