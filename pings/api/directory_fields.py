"""What the ping tests add to a directory in the REST API: how often its contacts are tested."""

from enlace import features
from pings.models import PingSchedule
from rest_api.feature_fields import FeatureRuleField

features.add_api_field(
    features.DIRECTORY_API,
    features.ApiField(
        name="ping_interval_months",
        field=lambda: FeatureRuleField(PingSchedule, "ping_interval_months"),
        related="ping_schedule",
        order=10,
    ),
)
