"""A questionnaire as a JSON file: exported from one survey, imported into another's draft, the same questions.

The file holds the sections in order, each question with its code, kind, rules and texts by language, its
choices and grid rows (codes and labels by language), and its condition as the codes of the earlier question
and choice. Importing replaces the draft's questions; a file that is not such a questionnaire is refused whole,
with what is wrong.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.translated_texts import text_languages
from surveys import services
from surveys.choices import CONDITIONAL_ON, QuestionKind
from surveys.models import Choice, MatrixRow, Question, Section, SurveyVersion

FORMAT = "enlace-survey-questionnaire"
# A questionnaire of hundreds of questions in seven languages stays well under this.
MAX_BYTES = 2 * 1024 * 1024


class InvalidQuestionnaire(ValueError):
    """The file is not a questionnaire Enlace can import; the message says why."""


def _texts(record, field: str) -> dict[str, str]:
    return record.texts(field)


def export_questionnaire(version: SurveyVersion) -> dict[str, Any]:
    questions = services.questions_of(version)
    sections = []
    for section in version.sections.all():
        sections.append(
            {
                "title": _texts(section, "title"),
                "questions": [_question(question) for question in questions if question.section_id == section.pk],
            }
        )
    return {"format": FORMAT, "format_version": 1, "sections": sections}


def _question(question: Question) -> dict[str, Any]:
    condition = question.shown_if
    return {
        "code": question.code,
        "kind": question.kind,
        "required": question.required,
        "allows_other": question.allows_other,
        "scale_min": question.scale_min,
        "scale_max": question.scale_max,
        "text": _texts(question, "text"),
        "help_text": _texts(question, "help_text"),
        "choices": [{"code": choice.code, "label": _texts(choice, "label")} for choice in question.choices.all()],
        "rows": [{"code": row.code, "label": _texts(row, "label")} for row in question.rows.all()],
        "shown_if": {"question": condition.question.code, "choice": condition.code} if condition else None,
    }


def to_file(version: SurveyVersion) -> bytes:
    return json.dumps(export_questionnaire(version), ensure_ascii=False, indent=2).encode()


def read_file(content: bytes) -> dict[str, Any]:
    if len(content) > MAX_BYTES:
        raise InvalidQuestionnaire(_("The file is too large for a questionnaire."))
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidQuestionnaire(_("The file is not a questionnaire exported from Enlace.")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("sections"), list):
        raise InvalidQuestionnaire(_("The file is not a questionnaire exported from Enlace."))
    return data


def _local(value: Any, what: str) -> dict[str, str]:
    languages = set(text_languages())
    if not isinstance(value, dict) or any(
        language not in languages or not isinstance(text, str) for language, text in value.items()
    ):
        raise InvalidQuestionnaire(_("Texts must be given by language: %(what)s.") % {"what": what})
    return {language: text for language, text in value.items() if text.strip()}


def _original(texts: dict[str, str], fallback: str) -> str:
    return fallback if texts.get(fallback) else next(iter(texts), fallback)


def import_questionnaire(version: SurveyVersion, data: dict[str, Any]) -> int:
    """Replace the draft version's questions with the file's; returns how many questions it has."""
    services.check_editable(version)
    language = version.survey.original_language
    with transaction.atomic():
        version.sections.all().delete()
        by_code: dict[str, Question] = {}
        for position, section_data in enumerate(data["sections"], start=1):
            if not isinstance(section_data, dict) or not isinstance(section_data.get("questions"), list):
                raise InvalidQuestionnaire(_("Each section must list its questions."))
            title = _local(section_data.get("title"), _("a section's title"))
            section = Section(version=version, position=position, original_language=_original(title, language))
            section.set_texts("title", title)
            section.save()
            for number, question_data in enumerate(section_data["questions"], start=1):
                question = _import_question(version, section, number, question_data, by_code, language)
                by_code[question.code] = question
    return len(by_code)


def _import_question(version, section, position, data, by_code, language) -> Question:
    if not isinstance(data, dict):
        raise InvalidQuestionnaire(_("Each question must be described by its fields."))
    code = data.get("code")
    if not isinstance(code, str) or not code or code in by_code or len(code) > 40:
        raise InvalidQuestionnaire(_("Each question needs its own code."))
    if data.get("kind") not in QuestionKind.values:
        raise InvalidQuestionnaire(_("Question %(code)s is of an unknown kind.") % {"code": code})
    text = _local(data.get("text"), code)
    help_text = _local(data.get("help_text") or {}, code)
    question = Question(
        version=version,
        section=section,
        position=position,
        code=code,
        kind=data["kind"],
        required=bool(data.get("required")),
        allows_other=bool(data.get("allows_other")),
        scale_min=data.get("scale_min"),
        scale_max=data.get("scale_max"),
        original_language=_original(text, language),
    )
    question.set_texts("text", text)
    question.set_texts("help_text", help_text)
    condition = data.get("shown_if")
    if condition:
        earlier = by_code.get(condition.get("question")) if isinstance(condition, dict) else None
        choice = (
            earlier.choices.filter(code=condition.get("choice")).first()
            if earlier is not None and earlier.kind in CONDITIONAL_ON
            else None
        )
        if choice is None:
            raise InvalidQuestionnaire(
                _("Question %(code)s is shown for a choice of no earlier question.") % {"code": code}
            )
        question.shown_if = choice
    try:
        # The model's own checks: the code's form, the scale's bounds, "other" only with choices.
        question.full_clean(exclude=["version", "section", "shown_if"])
    except ValidationError as problem:
        raise InvalidQuestionnaire(
            _("Question %(code)s cannot be imported: %(problem)s")
            % {"code": code, "problem": " ".join(problem.messages)}
        ) from None
    question.save()
    for model, key in ((Choice, "choices"), (MatrixRow, "rows")):
        items = data.get(key) or []
        codes = [item.get("code") for item in items if isinstance(item, dict)] if isinstance(items, list) else []
        if not isinstance(items, list) or len(set(codes)) != len(items):
            raise InvalidQuestionnaire(_("Question %(code)s lists its choices wrongly.") % {"code": code})
        for item_position, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("code"), str):
                raise InvalidQuestionnaire(_("Question %(code)s lists its choices wrongly.") % {"code": code})
            label = _local(item.get("label"), code)
            record = model(question=question, position=item_position, code=item["code"][:40])
            record.original_language = _original(label, question.original_language)
            record.set_texts("label", label)
            record.save()
    return question
