"""How a survey's questionnaire and its answers read and are written in the API."""

from rest_framework import serializers

from surveys.models import Question, Survey


class ChoiceSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField(source="for_reader.label")


class QuestionSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.for_reader.title")
    text = serializers.CharField(source="for_reader.text")
    help_text = serializers.CharField(source="for_reader.help_text")
    choices = ChoiceSerializer(many=True)
    rows = ChoiceSerializer(many=True)
    shown_if = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "code",
            "section",
            "kind",
            "text",
            "help_text",
            "required",
            "allows_other",
            "scale_min",
            "scale_max",
            "choices",
            "rows",
            "shown_if",
        ]

    def get_shown_if(self, question: Question) -> dict | None:
        condition = question.shown_if
        if condition is None:
            return None
        return {"question": condition.question.code, "choice": condition.code}


class SurveySerializer(serializers.ModelSerializer):
    directory = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    title = serializers.CharField(source="for_reader.title")

    class Meta:
        model = Survey
        fields = ["code", "directory", "title", "status", "respondent_kind", "anonymity", "opens_at", "closes_at"]


class QuestionnaireSerializer(SurveySerializer):
    introduction = serializers.CharField(source="for_reader.introduction")
    questions = serializers.SerializerMethodField()

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "introduction", "questions"]

    def get_questions(self, survey: Survey) -> list[dict]:
        return QuestionSerializer(self.context["questions"], many=True).data


class AnswersSerializer(serializers.Serializer):
    """The answers by question code, as the questionnaire page keeps them: a choice's code, a list of codes, true
    or false, a scale's point, a number, an ISO date, a text, a grid's {row code: choice code} or a link; and the
    "other, please specify" texts by question code."""

    answers = serializers.DictField(child=serializers.JSONField(), required=False, default=dict)
    other = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
