"""Surveys in the REST API: those the caller may answer, a questionnaire, its draft and its submission.

The answers go through the same form and services as the questionnaire page (``surveys.answers.AnswerForm``,
``services.save_answers``): the same checks, the same refusals, the same rights. Evidence is given as a link
only; a file attached on the questionnaire's page stays with its answer whatever the API sends."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from rest_api.viewsets import RestrictedViewSet
from surveys import answers, services
from surveys.api import serializers
from surveys.choices import QuestionKind
from surveys.models import Survey


class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """The open surveys the caller is asked to answer, and each one's questionnaire."""

    serializer_class = serializers.SurveySerializer
    lookup_field = "code"
    model = Survey
    directory_lookup = "directory_id"

    def get_queryset(self):
        rows = Survey.objects.restrict(self.principal, "answer").filter(closes_at__gt=timezone.now())
        return self.within_token_scope(rows).select_related("directory").order_by("closes_at", "pk")

    @extend_schema(responses=serializers.QuestionnaireSerializer)
    def retrieve(self, request, code=None):
        survey = self.get_object()
        questions = services.questions_of(survey.current_version)
        return Response(serializers.QuestionnaireSerializer(survey, context={"questions": questions}).data)

    @extend_schema(request=serializers.AnswersSerializer, responses=serializers.AnswersSerializer)
    @action(detail=True, methods=["put", "post"])
    def draft(self, request, code=None):
        """Keep these answers as the caller's draft (the State's, for a State's survey); incomplete is fine."""
        return self._save(request, submit=False)

    @extend_schema(request=serializers.AnswersSerializer, responses=serializers.AnswersSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, code=None):
        """Submit the answers for good: refused while a required question shown is unanswered."""
        return self._save(request, submit=True)

    def _save(self, request, *, submit: bool) -> Response:
        survey = self.get_object()
        questions = services.questions_of(survey.current_version)
        # Files given as evidence on the questionnaire page stay with their answers: the API gives links only.
        if survey.is_anonymous:
            kept_before = services.anonymous_draft(survey, request.user)
        else:
            kept_before = services.kept_of(services.response_of(survey, self.principal))
        form = _answer_form(questions, request.data, kept_before)
        try:
            services.save_answers(survey, self.principal, request.user, form.kept(), submit=submit)
        except services.Incomplete as refusal:
            raise exceptions.ValidationError(
                {"detail": str(refusal), "missing": [question.code for question in refusal.questions]}
            ) from None
        except services.NotAllowedNow as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from None
        return Response({"status": "submitted" if submit else "draft", **_as_data(form.kept())})


def _answer_form(questions, data, kept_before) -> answers.AnswerForm:
    """The page's form, filled with the API's answers; a 400 with each field's message when it refuses them."""
    serializer = serializers.AnswersSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    given, other = serializer.validated_data["answers"], serializer.validated_data["other"]
    codes = {question.code for question in questions}
    unknown = sorted((set(given) | set(other)) - codes)
    if unknown:
        raise exceptions.ValidationError(
            {"answers": [_("Unknown question: %(code)s") % {"code": code} for code in unknown]}
        )
    kept = {code: (given.get(code), other.get(code, "")) for code in codes if code in given or code in other}
    form = answers.AnswerForm(data=_form_data(questions, kept), questions=questions, kept=kept_before)
    if not form.is_valid():
        raise exceptions.ValidationError({name.removeprefix("q_"): errors for name, errors in form.errors.items()})
    return form


def _form_data(questions, kept) -> dict:
    """The form's fields for the answers (as the form would show them again), strings as a browser sends."""
    data = {}
    wrong = []
    evidence = {question.code for question in questions if question.kind == QuestionKind.EVIDENCE}
    links_only = sorted(code for code in evidence if code in kept and not isinstance(kept[code][0], str | None))
    if links_only:
        raise exceptions.ValidationError(
            {
                code: [
                    _(
                        "Evidence is given in the API as a link (a web address). Attach a file on the "
                        "questionnaire's page: the API keeps it with the answer."
                    )
                ]
                for code in links_only
            }
        )
    for code, pair in kept.items():
        try:
            fields = answers.initial_of(questions, {code: pair})
        except (ArithmeticError, AttributeError, TypeError, ValueError):
            wrong.append(code)
            continue
        for name, value in fields.items():
            if value is not None:
                data[name] = [str(item) for item in value] if isinstance(value, list) else str(value)
    if wrong:
        raise exceptions.ValidationError(
            {code: [_("This answer is not of the kind its question asks for.")] for code in wrong}
        )
    return data


def _as_data(kept) -> dict:
    return {
        "answers": {code: value for code, (value, _other) in kept.items() if value is not None},
        "other": {code: other for code, (_value, other) in kept.items() if other},
    }
