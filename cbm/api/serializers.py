"""How a directory's confidence-building measures and each State's status read in the API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class MeasureStatusSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="measure.number")
    status = serializers.CharField()
    derived = serializers.BooleanField(help_text=_("Worked out from Enlace's own data rather than reported."))
    as_of = serializers.DateField(allow_null=True)


class StateMeasuresSerializer(serializers.Serializer):
    state = serializers.CharField(source="state.iso3")
    implemented = serializers.IntegerField()
    measures = MeasureStatusSerializer(many=True, source="cells")


class MeasureSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField(
        source="for_reader.text",
        help_text=_("In the language of the request (Accept-Language), else English, else the original language."),
    )
    original_language = serializers.CharField()
    texts = serializers.SerializerMethodField(help_text=_("Every written text, by language code."))
    text_en = serializers.SerializerMethodField(help_text=_("The text for an English reader (kept for older clients)."))
    text_es = serializers.SerializerMethodField(help_text=_("The text for a Spanish reader (kept for older clients)."))

    def get_texts(self, measure) -> dict[str, str]:
        return measure.texts("text")

    def get_text_en(self, measure) -> str:
        return measure.localized("text", "en")

    def get_text_es(self, measure) -> str:
        return measure.localized("text", "es")


class CbmStatusSerializer(serializers.Serializer):
    """Every participating State's status on every confidence-building measure of the directory."""

    directory = serializers.CharField(source="directory.slug")
    measures = MeasureSerializer(many=True)
    states = StateMeasuresSerializer(many=True, source="rows")
