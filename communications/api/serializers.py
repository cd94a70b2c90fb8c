"""How a communication's envelope reads in the API (never its content)."""

from rest_framework import serializers

from communications.models import Communication
from rest_api.columns import ReadFromColumns


class CommunicationSerializer(ReadFromColumns, serializers.ModelSerializer):
    """A communication's envelope: parties, template and version, label, deadlines and status; never its content."""

    directory = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    template = serializers.CharField(source="template_version.template.key", read_only=True)
    template_kind = serializers.CharField(source="template_version.template.kind", read_only=True)
    template_version = serializers.IntegerField(source="template_version.number", read_only=True)
    sender_state = serializers.SlugRelatedField(read_only=True, slug_field="iso3")
    recipient_state = serializers.SlugRelatedField(read_only=True, slug_field="iso3")
    in_reply_to = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)

    list_columns = {
        "code": "code",
        "directory": "directory__slug",
        "template": "template_version__template__key",
        "template_kind": "template_version__template__kind",
        "template_version": "template_version__number",
        "in_reply_to": "in_reply_to__code",
        "sender_state": "sender_state__iso3",
        "recipient_state": "recipient_state__iso3",
        "audience": "audience",
        "tlp": "tlp",
        "urgency": "urgency",
        "is_exercise": "is_exercise",
        "language": "language",
        "status": "status",
        "sent_at": "sent_at",
        "acknowledge_by": "acknowledge_by",
        "answer_by": "answer_by",
        "acknowledged_at": "acknowledged_at",
        "answered_at": "answered_at",
        "escalation_level": "escalation_level",
    }

    class Meta:
        model = Communication
        fields = [
            "code",
            "directory",
            "template",
            "template_kind",
            "template_version",
            "in_reply_to",
            "sender_state",
            "recipient_state",
            "audience",
            "tlp",
            "urgency",
            "is_exercise",
            "language",
            "status",
            "sent_at",
            "acknowledge_by",
            "answer_by",
            "acknowledged_at",
            "answered_at",
            "escalation_level",
        ]
