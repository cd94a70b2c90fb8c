"""A directory's surveys: the list, a survey's page (the manager's builder and answers, or the respondent's
invitation), the manager's forms, the questionnaire with its drafts, the confirmation before submitting, the
printable copy of an answer, reopening it, and the coordinator's choice of who submits the State's answer.

Thin: who may see and do what is ``surveys.policies``'; what happens is ``surveys.services``'.
"""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER, PUBLIC, SIGNED_IN
from access.restriction import can, get_object_for
from directory.models import Directory
from repository import files
from surveys import answer_import, answers, exports, questionnaire_file, results, services
from surveys.choices import ANONYMITY_EXPLAINED, QuestionKind, ReportAudience, ResponseStatus, SurveyStatus
from surveys.forms import (
    AnswersFileForm,
    PublishForm,
    QuestionForm,
    QuestionnaireFileForm,
    SectionForm,
    SubmitterForm,
    SurveyForm,
)
from surveys.models import EvidenceFile, Participation, Question, Response, Section, Survey


@SIGNED_IN
def survey_list(request, slug):
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    surveys = list(
        Survey.objects.restrict(principal, "view")
        .of_directory(directory)
        .annotate(submitted_count=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED)))
        .order_by("-opens_at", "pk")
    )
    return render(
        request,
        "surveys/list.html",
        {"directory": directory, "surveys": surveys, "can_manage": can(principal, "change", directory)},
    )


@MANAGER
def survey_new(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    form = SurveyForm(request.POST or None, instance=Survey(directory=directory, created_by=request.user))
    if request.method == "POST" and form.is_valid():
        survey = services.create_survey(form.save(commit=False))
        messages.success(request, _("The survey was saved. Add its sections and questions."))
        return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "directory": directory, "survey": None})


@MANAGER
def survey_edit(request, code):
    survey = get_object_for(request.principal, "change", Survey.objects.select_related("directory"), code=code)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The survey was saved."))
        return redirect(survey)
    return render(request, "surveys/survey_form.html", {"form": form, "directory": survey.directory, "survey": survey})


@SIGNED_IN
def survey_detail(request, code):
    principal = request.principal
    survey = get_object_for(principal, "view", Survey.objects.select_related("directory"), code=code)
    version = survey.current_version
    context = {
        "survey": survey,
        "directory": survey.directory,
        "version": version,
        "anonymity_explained": ANONYMITY_EXPLAINED[survey.anonymity],
        "can_manage": can(principal, "change", survey),
        "can_answer": can(principal, "answer", survey) and survey.accepts_answers(timezone.now()),
        "can_read_report": survey.is_closed and can(principal, "read_report", survey),
    }
    if context["can_manage"]:
        sections = list(version.sections.all())
        questions = services.questions_of(version)
        for section in sections:
            section.listed = [question for question in questions if question.section_id == section.pk]
        context.update(
            sections=sections,
            missing=list(dict.fromkeys([*survey.missing_language_names, *_missing_of(sections, questions)])),
            responses=list(
                Response.objects.filter(survey=survey, anonymous=False)
                .select_related("state", "user")
                .order_by("state__iso3", "user__name", "pk")
            ),
            anonymous_count=Response.objects.filter(survey=survey, anonymous=True).count(),
            invited_count=Participation.objects.filter(survey=survey).count(),
            answered_count=Participation.objects.filter(survey=survey, submitted_at__isnull=False).count(),
        )
    else:
        mine = services.response_of(survey, principal)
        context.update(
            mine=mine,
            answered=survey.is_anonymous
            and Participation.objects.filter(survey=survey, user=request.user, submitted_at__isnull=False).exists(),
        )
    return render(request, "surveys/detail.html", context)


def _missing_of(sections, questions) -> list[str]:
    """The languages a text of the questionnaire lacks, by name (the survey's own are added by the caller)."""
    from enlace.translated_texts import language_name, missing_languages

    texts = [section.texts("title") for section in sections]
    for question in questions:
        texts += [question.texts("text"), question.texts("help_text")]
        texts += [item.texts("label") for item in [*question.choices.all(), *question.rows.all()]]
    return [language_name(language) for language in missing_languages(texts)]


def _editable_survey(request, code) -> Survey:
    return get_object_for(request.principal, "change", Survey.objects.select_related("directory"), code=code)


def _refuse_frozen(request, survey: Survey):
    if survey.current_version.is_frozen:
        messages.error(request, _("The survey has opened: its questions no longer change."))
        return redirect(survey)
    return None


@MANAGER
def section_new(request, code):
    survey = _editable_survey(request, code)
    if refusal := _refuse_frozen(request, survey):
        return refusal
    version = survey.current_version
    section = Section(
        version=version, original_language=survey.original_language, position=version.sections.count() + 1
    )
    return _section_form(request, survey, section)


@MANAGER
def section_edit(request, pk):
    section = get_object_or_404(Section.objects.select_related("version__survey"), pk=pk)
    survey = get_object_for(
        request.principal, "change", Survey.objects.select_related("directory"), pk=section.version.survey_id
    )
    if refusal := _refuse_frozen(request, survey):
        return refusal
    return _section_form(request, survey, section)


def _section_form(request, survey: Survey, section: Section):
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The section was saved."))
        return redirect(survey)
    return render(
        request,
        "surveys/texts_form.html",
        {"form": form, "survey": survey, "directory": survey.directory, "edited": section, "title": _("Section")},
    )


@MANAGER
def question_new(request, pk):
    section = get_object_or_404(Section.objects.select_related("version"), pk=pk)
    survey = get_object_for(
        request.principal, "change", Survey.objects.select_related("directory"), pk=section.version.survey_id
    )
    if refusal := _refuse_frozen(request, survey):
        return refusal
    number = section.version.questions.count() + 1
    question = Question(
        version=section.version,
        section=section,
        original_language=survey.original_language,
        position=section.questions.count() + 1,
        code=f"q{number}",
    )
    return _question_form(request, survey, question)


@MANAGER
def question_edit(request, pk):
    question = get_object_or_404(Question.objects.select_related("version", "section"), pk=pk)
    survey = get_object_for(
        request.principal, "change", Survey.objects.select_related("directory"), pk=question.version.survey_id
    )
    if refusal := _refuse_frozen(request, survey):
        return refusal
    return _question_form(request, survey, question)


def _question_form(request, survey: Survey, question: Question):
    everything = services.questions_of(question.version)
    if question.pk is None:
        # A new question comes last in its section: after that section's questions and those of the sections before.
        place = (question.section.position, question.section.pk)
        earlier = [other for other in everything if (other.section.position, other.section.pk) <= place]
    else:
        earlier = everything[: [other.pk for other in everything].index(question.pk)]
    form = QuestionForm(request.POST or None, instance=question, earlier=earlier, initial={"code": question.code})
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        with_choices = kind in ("single", "multiple", "matrix")
        services.save_question(
            form.save(commit=False),
            form.listed("choices") if with_choices else {},
            form.listed("rows") if kind == "matrix" else {},
        )
        messages.success(request, _("The question was saved."))
        return redirect(survey)
    return render(
        request,
        "surveys/texts_form.html",
        {"form": form, "survey": survey, "directory": survey.directory, "edited": question, "title": _("Question")},
    )


@MANAGER
@require_POST
def question_delete(request, pk):
    question = get_object_or_404(Question.objects.select_related("version"), pk=pk)
    survey = get_object_for(request.principal, "change", Survey.objects.all(), pk=question.version.survey_id)
    if refusal := _refuse_frozen(request, survey):
        return refusal
    question.delete()
    messages.success(request, _("The question was removed."))
    return redirect(survey)


@MANAGER
@require_POST
def survey_open(request, code):
    survey = _editable_survey(request, code)
    try:
        count = services.open_survey(survey)
    except services.NotAllowedNow as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The survey is open. Invitations sent: %(count)s.") % {"count": count})
    return redirect(survey)


@MANAGER
@require_POST
def survey_close(request, code):
    survey = _editable_survey(request, code)
    services.close_survey(survey)
    messages.success(request, _("The survey is closed."))
    return redirect(survey)


@SIGNED_IN
def answer(request, code):
    """The questionnaire: "Save draft" keeps what is written (incomplete is fine); "Review and submit" keeps it and,
    when every required question shown is answered, leads to the confirmation."""
    principal = request.principal
    survey = get_object_for(principal, "answer", Survey.objects.select_related("directory"), code=code)
    questions = services.questions_of(survey.current_version)
    mine = services.response_of(survey, principal)
    if mine is not None and mine.is_submitted:
        messages.info(request, _("This answer was submitted; ask the secretariat to reopen it to change it."))
        return redirect(mine)
    if survey.is_anonymous:
        if Participation.objects.filter(survey=survey, user=request.user, submitted_at__isnull=False).exists():
            messages.info(request, _("You have already answered this survey."))
            return redirect(survey)
        kept = services.anonymous_draft(survey, request.user)
    else:
        kept = services.kept_of(mine)
    form = answers.AnswerForm(request.POST or None, request.FILES or None, questions=questions, kept=kept)
    unanswered: list = []
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(survey, principal, request.user, form.kept(), submit=False)
            if "review" in request.POST:
                unanswered = answers.missing(questions, form.kept())
                if not unanswered:
                    return redirect("surveys:confirm", survey.code)
                messages.error(request, _("Answer the required questions before you submit."))
            else:
                messages.success(request, _("Your draft was saved. You can come back to it from any device."))
                return redirect("surveys:answer", survey.code)
        except services.NotAllowedNow as refusal:
            messages.error(request, str(refusal))
            return redirect(survey)
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "directory": survey.directory,
            "form": form,
            "unanswered": unanswered,
            "unanswered_codes": {question.code for question in unanswered},
            "anonymity_explained": ANONYMITY_EXPLAINED[survey.anonymity],
            "mine": mine,
            "may_submit": services.may_submit(mine, principal)
            if mine is not None
            else _may_begin_and_submit(survey, principal),
        },
    )


def _may_begin_and_submit(survey: Survey, principal) -> bool:
    """Before anyone has saved the State's answer, its coordinators submit it; a person always submits their own."""
    if not survey.is_per_state:
        return True
    state = services.state_of(survey, principal)
    return state is not None and state.pk in principal.coordinated_state_ids


def _kept_for(survey: Survey, request) -> dict:
    if survey.is_anonymous:
        return services.anonymous_draft(survey, request.user)
    return services.kept_of(services.response_of(survey, request.principal))


def _shown(questions, kept) -> list[tuple]:
    """Each question shown with its answer as a reader reads it."""
    visible = answers.visible_only(questions, kept)
    codes = {question.pk: question.code for question in questions}
    rows = []
    for question in questions:
        if not answers.is_shown(question, visible, codes):
            continue
        value, other = visible.get(question.code, (None, ""))
        file = answers.evidence_parts(value)[1] if question.kind == QuestionKind.EVIDENCE else None
        rows.append(
            (question, answers.shown_text(question, value, other), answers.FileOnRecord(str(file)) if file else None)
        )
    return rows


@SIGNED_IN
def confirm(request, code):
    """The answers once more before submitting them for good."""
    principal = request.principal
    survey = get_object_for(principal, "answer", Survey.objects.select_related("directory"), code=code)
    questions = services.questions_of(survey.current_version)
    kept = _kept_for(survey, request)
    if request.method == "POST":
        try:
            response = services.save_answers(survey, principal, request.user, kept, submit=True)
        except services.Incomplete as refusal:
            messages.error(request, str(refusal))
            return redirect("surveys:answer", survey.code)
        except services.NotAllowedNow as refusal:
            messages.error(request, str(refusal))
            return redirect(survey)
        messages.success(request, _("Thank you: your answer was submitted."))
        return redirect(response if response is not None else survey)
    return render(
        request,
        "surveys/confirm.html",
        {
            "survey": survey,
            "directory": survey.directory,
            "rows": _shown(questions, kept),
            "anonymity_explained": ANONYMITY_EXPLAINED[survey.anonymity],
        },
    )


@SIGNED_IN
def response_copy(request, pk):
    """A printable copy of an answer, for internal clearance."""
    principal = request.principal
    response = get_object_for(
        principal, "view", Response.objects.select_related("survey__directory", "state", "user"), pk=pk
    )
    if response.anonymous and not can(principal, "change", response.survey):
        raise Http404
    questions = services.questions_of(response.version)
    survey = response.survey
    colleagues = services.state_colleagues(response) if response.state_id else None
    return render(
        request,
        "surveys/response.html",
        {
            "survey": survey,
            "directory": survey.directory,
            "response": response,
            "rows": _shown(questions, services.kept_of(response)),
            "can_reopen": response.is_submitted and can(principal, "reopen", response),
            "submitter_form": SubmitterForm(colleagues=colleagues, initial={"submitter": response.submitter_id})
            if colleagues is not None and can(principal, "name_submitter", response) and not response.is_submitted
            else None,
            "open": survey.status == SurveyStatus.OPEN,
        },
    )


@SIGNED_IN
def evidence_file(request, pk):
    """A file given as evidence, to those who may read the answer that holds it (or, while an anonymous answer is
    a draft, to the person writing it); always as an attachment, never rendered in Enlace's origin."""
    evidence = get_object_for(request.principal, "view", EvidenceFile.objects.all(), pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.file_name,
        content_type=files.KINDS[evidence.file_type].content_type,
    )


@MANAGER
@require_POST
def reopen(request, pk):
    response = get_object_for(request.principal, "reopen", Response.objects.select_related("survey"), pk=pk)
    services.reopen(response)
    messages.success(request, _("The answer is open again for its respondents to change and submit."))
    return redirect(response)


@SIGNED_IN
@require_POST
def name_submitter(request, pk):
    response = get_object_for(request.principal, "name_submitter", Response.objects.all(), pk=pk)
    form = SubmitterForm(request.POST, colleagues=services.state_colleagues(response))
    if form.is_valid():
        services.name_submitter(response, form.cleaned_data["submitter"])
        messages.success(request, _("Saved: who may submit the State's answer."))
    else:
        messages.error(request, _("Choose one of the State's points of contact."))
    return redirect(response)


@MANAGER
def questionnaire_export(request, code):
    """The survey's questions as a JSON file, to build another survey from."""
    survey = _editable_survey(request, code)
    response = HttpResponse(questionnaire_file.to_file(survey.current_version), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="questionnaire-{survey.code}.json"'
    return response


@MANAGER
def questionnaire_import(request, code):
    """Replace a draft survey's questions with those of an exported file."""
    survey = _editable_survey(request, code)
    if refusal := _refuse_frozen(request, survey):
        return refusal
    form = QuestionnaireFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = questionnaire_file.read_file(upload.read(questionnaire_file.MAX_BYTES + 1))
            count = questionnaire_file.import_questionnaire(survey.current_version, data)
        except questionnaire_file.InvalidQuestionnaire as refusal:
            form.add_error("file", str(refusal))
        else:
            messages.success(request, _("The questionnaire was imported. Questions: %(count)s.") % {"count": count})
            return redirect(survey)
    return render(request, "surveys/import.html", {"form": form, "survey": survey, "directory": survey.directory})


@MANAGER
def live_results(request, code):
    """Who has answered so far, per State and per region: never what anyone said."""
    survey = _editable_survey(request, code)
    return render(
        request,
        "surveys/results.html",
        {"survey": survey, "directory": survey.directory, "rates": results.response_rates(survey)},
    )


def _report_of(survey: Survey) -> results.Report:
    return results.report(services.questions_of(survey.current_version), results.respondents_of(survey))


@SIGNED_IN
def report(request, code):
    """The closed survey's aggregated report: its managers', and those it asked once it is published to them."""
    principal = request.principal
    survey = get_object_for(principal, "read_report", Survey.objects.select_related("directory"), code=code)
    can_manage = can(principal, "change", survey)
    return render(
        request,
        "surveys/report.html",
        {
            "survey": survey,
            "directory": survey.directory,
            "report": _report_of(survey) if survey.is_closed else None,
            "can_manage": can_manage,
            "publish_form": PublishForm(instance=survey) if can_manage and survey.is_closed else None,
        },
    )


@SIGNED_IN
def report_export(request, code, fmt):
    """The report's figures as a spreadsheet: the same figures, the same groups hidden."""
    survey = get_object_for(request.principal, "read_report", Survey.objects.all(), code=code)
    if not survey.is_closed:
        raise Http404
    return _spreadsheet(results.report_rows(_report_of(survey)), f"report-{survey.code}", fmt)


@MANAGER
@require_POST
def publish(request, code):
    survey = _editable_survey(request, code)
    form = PublishForm(request.POST, instance=survey)
    if form.is_valid():
        try:
            services.publish_report(survey, form.cleaned_data["report_audience"])
        except services.NotAllowedNow as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Saved: who reads the report."))
    return redirect("surveys:report", survey.code)


def _public_surveys(slug: str):
    directory = get_object_or_404(Directory, slug=slug, is_listed_publicly=True)
    published = Survey.objects.filter(
        directory=directory, status=SurveyStatus.CLOSED, report_audience=ReportAudience.PUBLIC
    )
    return directory, published


@PUBLIC
def public_reports(request, slug):
    """The survey reports a directory publishes on its public page."""
    directory, published = _public_surveys(slug)
    return render(
        request,
        "surveys/public_reports.html",
        {"directory": directory, "surveys": list(published.order_by("-closes_at"))},
    )


@PUBLIC
def public_report(request, slug, code):
    directory, published = _public_surveys(slug)
    survey = get_object_or_404(published, code=code)
    return render(
        request,
        "surveys/report.html",
        {"survey": survey, "directory": directory, "report": _report_of(survey), "public": True},
    )


@SIGNED_IN
def answers_export(request, code, fmt):
    """The answers as the reader may see them: the managers every one (an anonymous survey has only submitted
    ones), a State its own."""
    principal = request.principal
    survey = get_object_for(principal, "view", Survey.objects.select_related("directory"), code=code)
    responses = Response.objects.filter(survey=survey)
    if not can(principal, "change", survey):
        if survey.is_anonymous:
            raise Http404
        responses = responses.restrict(principal, "view").filter(anonymous=False)
    responses = responses.select_related("state", "user__contact__institution__state").prefetch_related(
        "answers__question"
    )
    questions = services.questions_of(survey.current_version)
    table = exports.rows(survey, questions, list(responses.order_by("state__iso3", "user__name", "pk")))
    return _spreadsheet(table, f"answers-{survey.code}", fmt)


def _spreadsheet(table, name: str, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx_file(table, "answers" if name.startswith("answers") else "report"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.csv_file(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@MANAGER
def answers_import(request, code):
    """Answers collected outside Enlace: "Check" names every bad cell and imports nothing; "Import" checks again
    and imports every row, or none."""
    survey = _editable_survey(request, code)
    if survey.is_draft:
        messages.error(request, _("Open the survey before importing answers."))
        return redirect(survey)
    form = AnswersFileForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = answer_import.read_rows(form.cleaned_data["file"].read(answer_import.MAX_BYTES + 1))
        except ValueError as refusal:
            form.add_error("file", str(refusal))
        else:
            if "apply" in request.POST:
                checked = answer_import.apply(survey, rows)
                if checked.ok:
                    messages.success(request, _("Answers imported: %(count)s.") % {"count": len(checked.planned)})
                    return redirect("surveys:report", survey.code)
            else:
                checked = answer_import.check(survey, rows)
    return render(
        request,
        "surveys/answers_import.html",
        {
            "form": form,
            "survey": survey,
            "directory": survey.directory,
            "checked": checked,
            "who_column": answer_import.who_column(survey),
        },
    )
