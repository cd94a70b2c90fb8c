"""What communications add to a directory in the REST API: its deadlines to acknowledge and to answer."""

from communications.models import Deadlines
from enlace import features
from rest_api.feature_fields import FeatureRuleField

for order, name in enumerate(("acknowledgement_hours", "answer_days"), start=20):
    features.add_api_field(
        features.DIRECTORY_API,
        features.ApiField(
            name=name,
            field=lambda name=name: FeatureRuleField(Deadlines, name),
            related="deadlines",
            order=order,
        ),
    )
