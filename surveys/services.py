"""What happens to a survey: the manager creates it and builds its questions, opens it (its questions freeze,
and everyone invited is e-mailed in their language), closes it, reopens a submitted answer; respondents save
drafts and submit; one reminder goes out before it closes to those who have not submitted.

A State's answer is one row, prepared by the State's points of contact and coordinators and submitted by a
coordinator or the point of contact the coordinator names. The reminder is claimed row by row
(``enlace.row_claims``): two workers running the job at once send each reminder once.
"""

import os
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from access.principal import Principal
from accounts.models import Role, RoleAssignment, User
from directory.choices import NominationStatus
from directory.models import State
from enlace.row_claims import skipping_locked
from mail.services import queue_email_to_account
from repository import files
from surveys.answers import Kept, evidence_parts, evidence_value, missing
from surveys.choices import ReportAudience, ResponseStatus, SurveyStatus
from surveys.models import Answer, EvidenceFile, Participation, Question, Response, Survey, SurveyVersion


class NotAllowedNow(ValueError):
    """The step cannot be taken now (the survey is not open, the questions are frozen…); the message says why."""


class Incomplete(ValueError):
    """A submission leaving required questions unanswered; ``questions`` are those."""

    def __init__(self, questions: list[Question]) -> None:
        super().__init__(_("Answer the required questions before you submit."))
        self.questions = questions


def create_survey(survey: Survey) -> Survey:
    """Save a new survey with its first (editable) version of the questions."""
    with transaction.atomic():
        survey.save()
        SurveyVersion.objects.create(survey=survey, number=1)
    return survey


def check_editable(version: SurveyVersion) -> None:
    if version.is_frozen:
        raise NotAllowedNow(_("The survey has opened: its questions no longer change."))


def questions_of(version: SurveyVersion) -> list[Question]:
    """The version's questions in order, with their choices, rows and conditions (a fixed number of queries)."""
    return list(
        Question.objects.filter(version=version)
        .select_related("section", "shown_if__question")
        .prefetch_related("choices", "rows")
        .order_by("section__position", "section__pk", "position", "pk")
    )


def participating_states(survey: Survey):
    return State.objects.filter(participations__directory_id=survey.directory_id)


def invitees(survey: Survey) -> list[tuple[User, State]]:
    """Who is asked to answer: the points of contact with an account nominated in the directory for a
    participating State; for a State's survey also the coordinators of those States."""
    states = participating_states(survey)
    people: dict[int, tuple[User, State]] = {}
    pocs = (
        User.objects.filter(
            is_active=True,
            contact__nominations__directory_id=survey.directory_id,
            contact__nominations__status=NominationStatus.ACTIVE,
            contact__institution__state__in=states,
        )
        .select_related("contact__institution__state")
        .distinct()
    )
    for user in pocs:
        people[user.pk] = (user, user.contact.institution.state)
    if survey.is_per_state:
        for assignment in RoleAssignment.objects.filter(
            role=Role.COORDINATOR, state__in=states, user__is_active=True
        ).select_related("user", "state"):
            people.setdefault(assignment.user_id, (assignment.user, assignment.state))
    return list(people.values())


def _email_context(survey: Survey, user: User) -> dict:
    return {
        "survey": survey,
        "time_zone": user.time_zone,
        "link": survey.get_absolute_url(),
        "site_url": settings.SITE_URL,
    }


def open_survey(survey: Survey, *, now: datetime | None = None) -> int:
    """Open the survey: its questions freeze and everyone invited is e-mailed once, in their language.
    Returns how many were invited."""
    now = now or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if survey.status != SurveyStatus.DRAFT:
            raise NotAllowedNow(_("Only a draft survey can be opened."))
        version = survey.current_version
        if not version.questions.exists():
            raise NotAllowedNow(_("Add at least one question before opening the survey."))
        version.frozen_at = now
        version.save(update_fields=["frozen_at"])
        survey.status, survey.invited_at = SurveyStatus.OPEN, now
        survey.save(update_fields=["status", "invited_at", "updated"])
        return _invite(survey, now)


def _invite(survey: Survey, now: datetime) -> int:
    """E-mail an invitation to each person the survey asks who has not had one; returns how many."""
    count = 0
    for user, state in invitees(survey):
        participation, _created = Participation.objects.get_or_create(
            survey=survey, user=user, defaults={"state": state}
        )
        if participation.invited_at is None:
            participation.invited_at = now
            participation.save(update_fields=["invited_at"])
            queue_email_to_account(
                user,
                template="surveys/email/invitation",
                context=_email_context(survey, user),
                purpose="survey_invitation",
            )
            count += 1
    return count


def invite_newcomers(now: datetime | None = None) -> int:
    """Invite, to every open survey, the people it asks who joined since it opened (a point of contact nominated
    later, a new coordinator); each once. Returns how many were invited."""
    now = now or timezone.now()
    count = 0
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, closes_at__gt=now):
        with transaction.atomic():
            # One job at a time per survey: the survey's row is the lock.
            survey = Survey.objects.select_for_update().get(pk=survey.pk)
            count += _invite(survey, now)
    return count


def close_survey(survey: Survey) -> None:
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated"])


def publish_report(survey: Survey, audience: str) -> None:
    """Publish the closed survey's report to those it asked, or on the directory's public page, or withdraw it."""
    if audience != ReportAudience.NOBODY and survey.status != SurveyStatus.CLOSED:
        raise NotAllowedNow(_("A survey's report is published once the survey is closed."))
    survey.report_audience = audience
    survey.save(update_fields=["report_audience", "updated"])


def close_due_surveys(now: datetime | None = None) -> int:
    """Close the open surveys whose closing time has passed (they already refuse answers; now they say so)."""
    now = now or timezone.now()
    return Survey.objects.filter(status=SurveyStatus.OPEN, closes_at__lte=now).update(
        status=SurveyStatus.CLOSED, updated=now
    )


def state_of(survey: Survey, principal: Principal) -> State | None:
    """The participating State the reader answers for (the first, for a coordinator of several)."""
    return participating_states(survey).filter(pk__in=principal.member_state_ids).order_by("iso3").first()


def response_of(survey: Survey, principal: Principal) -> Response | None:
    """The reader's response (a State's, or their own), if there is one; never an anonymous one."""
    if survey.is_anonymous:
        return None
    if survey.is_per_state:
        state = state_of(survey, principal)
        return Response.objects.filter(survey=survey, state=state).first() if state else None
    return Response.objects.filter(survey=survey, user_id=principal.user_id).first()


def kept_of(response: Response | None) -> Kept:
    if response is None:
        return {}
    return {
        answer.question.code: (answer.value, answer.other_text)
        for answer in response.answers.select_related("question")
    }


def anonymous_draft(survey: Survey, user: User) -> Kept:
    participation = Participation.objects.filter(survey=survey, user=user).first()
    if participation is None:
        return {}
    return {code: (pair[0], pair[1]) for code, pair in participation.draft.items()}


def may_submit(response: Response, principal: Principal) -> bool:
    """A State's answer: its coordinators, or the point of contact they named; a person's: themselves."""
    if response.state_id is not None:
        return response.state_id in principal.coordinated_state_ids or response.submitter_id == principal.user_id
    return response.user_id == principal.user_id


def save_answers(
    survey: Survey, principal: Principal, user: User, kept: Kept, *, submit: bool, now: datetime | None = None
) -> Response | None:
    """Keep the answers as a draft, or submit them (refused with ``Incomplete`` while a required question shown
    is unanswered). Returns the response (none for an anonymous survey: nobody may find it again)."""
    now = now or timezone.now()
    if not survey.accepts_answers(now):
        raise NotAllowedNow(_("This survey is not open for answers."))
    version = survey.current_version
    questions = {question.code: question for question in questions_of(version)}
    if submit:
        unanswered = missing(list(questions.values()), kept)
        if unanswered:
            raise Incomplete(unanswered)
    if survey.is_anonymous:
        _save_anonymously(survey, principal, user, kept, submit=submit, now=now, version=version, questions=questions)
        return None
    with transaction.atomic():
        response = _own_response(survey, principal, user, version)
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.is_submitted:
            raise NotAllowedNow(_("This answer was submitted; ask the secretariat to reopen it to change it."))
        if submit and not may_submit(response, principal):
            raise NotAllowedNow(_("Only your State's coordinator, or the person they named, submits its answer."))
        kept = _store_evidence(survey, kept, response=response)
        response.answers.all().delete()
        _write_answers(response, kept, questions)
        discard_unused_evidence(response.evidence_files.all(), kept)
        response.saved_at = now
        fields = ["saved_at"]
        if submit:
            response.status, response.submitted_at, response.submitted_by = ResponseStatus.SUBMITTED, now, user
            response.submitted_on = now.date()
            fields += ["status", "submitted_at", "submitted_by", "submitted_on"]
            Participation.objects.filter(survey=survey, user=user).update(submitted_at=now)
        response.save(update_fields=fields)
    return response


def _own_response(survey: Survey, principal: Principal, user: User, version: SurveyVersion) -> Response:
    if survey.is_per_state:
        state = state_of(survey, principal)
        if state is None:
            raise NotAllowedNow(_("You do not answer this survey for a participating State."))
        lookup = {"survey": survey, "state": state}
    else:
        lookup = {"survey": survey, "user": user}
    try:
        with transaction.atomic():
            return Response.objects.get_or_create(**lookup, defaults={"version": version})[0]
    except IntegrityError:  # two colleagues began the State's answer at the same moment
        return Response.objects.get(**lookup)


def _write_answers(response: Response, kept: Kept, questions: dict[str, Question]) -> None:
    Answer.objects.bulk_create(
        Answer(response=response, question=questions[code], value=value, other_text=other)
        for code, (value, other) in kept.items()
        if code in questions
    )


def file_of(value: object) -> object | None:
    """The file of an evidence answer with one (its key, or a new upload); None for any other answer."""
    if isinstance(value, dict) and set(value) == {"link", "file"}:
        return value["file"]
    return None


def _store_evidence(
    survey: Survey,
    kept: Kept,
    *,
    response: Response | None = None,
    participation: Participation | None = None,
    drafted_by: Participation | None = None,
) -> Kept:
    """``kept`` with each newly uploaded evidence file stored on the response (or the anonymous draft's
    participation) and named by its key. ``drafted_by``: an anonymous draft's participation, whose files are
    copied to the response under new keys and names. A key that is not the holder's is dropped."""
    stored: Kept = {}
    mine = EvidenceFile.objects.filter(response=response) if response else EvidenceFile.objects.none()
    if participation is not None:
        mine = EvidenceFile.objects.filter(participation=participation)
    for code, (value, other) in kept.items():
        file = file_of(value)
        if file is None:
            stored[code] = (value, other)
            continue
        if isinstance(file, str):
            if drafted_by is not None:
                drafted = EvidenceFile.objects.filter(participation=drafted_by, pk=file).first()
                file = _stored(survey, drafted.file, drafted.file_type, response=response) if drafted else None
            elif not mine.filter(pk=file).exists():
                file = None
        else:
            kind = getattr(file, "evidence_kind", None) or files.identify(file)
            file = _stored(survey, file, kind.extension, response=response, participation=participation)
        stored[code] = (evidence_value(evidence_parts(value)[0], file), other)
    return stored


def _stored(survey: Survey, content, file_type: str, **holder) -> str:
    evidence = EvidenceFile(survey=survey, file_type=file_type, **holder)
    with content.open("rb"):
        evidence.file.save("evidence", content, save=False)
    evidence.save()
    if survey.is_anonymous:
        _forget_moment(evidence)
    return str(evidence.pk)


def _forget_moment(evidence: EvidenceFile) -> None:
    """An anonymous answer's file says nothing of when it came: its modification time, what listings and copies
    show, is set to the same moment (the epoch) for every one."""
    try:
        path = evidence.file.path
    except NotImplementedError:  # a storage without local paths keeps no time we can set
        return
    os.utime(path, (0, 0))


def discard_unused_evidence(held, kept: Kept) -> None:
    """Remove the files of ``held`` that no answer of ``kept`` names (replaced, or no longer given): their rows
    now, their content once the change is committed."""
    named = [str(file) for value, _other in kept.values() if (file := file_of(value)) is not None]
    for evidence in held.exclude(pk__in=named):
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


def _save_anonymously(survey, principal, user, kept, *, submit, now, version, questions) -> None:
    state = state_of(survey, principal)
    with transaction.atomic():
        participation, _created = Participation.objects.get_or_create(
            survey=survey, user=user, defaults={"state": state or participating_states(survey).first()}
        )
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if participation.submitted_at is not None:
            raise NotAllowedNow(_("You have already answered this survey."))
        if not submit:
            kept = _store_evidence(survey, kept, participation=participation)
            participation.draft = {code: [value, other] for code, (value, other) in kept.items()}
            participation.save(update_fields=["draft"])
            discard_unused_evidence(participation.evidence_files.all(), kept)
            return
        # The answer is written with nothing of the person: no key, no moment. Its files are stored again under
        # new random keys and names, so that no key or name ever kept with the person's draft is the answer's.
        response = Response.objects.create(
            survey=survey, version=version, anonymous=True, status=ResponseStatus.SUBMITTED
        )
        kept = _store_evidence(survey, kept, response=response, drafted_by=participation)
        _write_answers(response, kept, questions)
        discard_unused_evidence(participation.evidence_files.all(), {})
        participation.submitted_at, participation.draft = now, {}
        participation.save(update_fields=["submitted_at", "draft"])


def name_submitter(response: Response, submitter: User | None) -> None:
    response.submitter = submitter
    response.save(update_fields=["submitter"])


def state_colleagues(response: Response):
    """The points of contact of the response's State who may be named to submit it."""
    return User.objects.filter(is_active=True, contact__institution__state_id=response.state_id).order_by("name")


def reopen(response: Response) -> None:
    """The manager reopens a submitted answer at its respondent's request: it is a draft again."""
    if response.anonymous:
        raise NotAllowedNow(_("An anonymous answer cannot be reopened: nobody can tell whose it is."))
    with transaction.atomic():
        Response.objects.filter(pk=response.pk).update(status=ResponseStatus.DRAFT, submitted_at=None)
        people = Q(user_id=response.user_id) if response.user_id else Q(state_id=response.state_id)
        Participation.objects.filter(people, survey_id=response.survey_id).update(submitted_at=None)
    response.refresh_from_db()


def send_due_reminders(now: datetime | None = None) -> int:
    """E-mail, once, everyone invited to an open survey whose reminder time has come and who has not submitted
    (for a State's survey: whose State has not), whatever the number of workers or runs. Returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(skipping_locked(Participation.objects.due_reminders(now)).values_list("pk", flat=True))
        if not due:
            return 0
        # The claim: only rows still unreminded are taken (on SQLite, where rows are not locked, this is it).
        ids = list(Participation.objects.filter(pk__in=due, reminded_at__isnull=True).values_list("pk", flat=True))
        Participation.objects.filter(pk__in=ids, reminded_at__isnull=True).update(reminded_at=now)
        for participation in Participation.objects.filter(pk__in=ids).select_related("survey", "user"):
            queue_email_to_account(
                participation.user,
                template="surveys/email/reminder",
                context=_email_context(participation.survey, participation.user),
                purpose="survey_reminder",
            )
    return len(ids)


def save_question(question: Question, choices: dict[str, list[str]], rows: dict[str, list[str]]) -> Question:
    """Save a question of an editable version with its choices and grid rows (by language, one list each, in the
    same order); the n-th keeps its code (``c<n>``, ``r<n>``), so a condition on it still holds."""
    check_editable(question.version)
    with transaction.atomic():
        question.save()
        _save_items(question, question.choices, "c", choices)
        _save_items(question, question.rows, "r", rows)
    return question


def _save_items(question: Question, manager, prefix: str, texts: dict[str, list[str]]) -> None:
    count = len(texts.get(question.original_language, []))
    existing = {item.position: item for item in manager.all()}
    for position in range(count):
        item = existing.get(position) or manager.model(
            question=question, position=position, code=f"{prefix}{position + 1}"
        )
        item.original_language = question.original_language
        item.set_texts(
            "label", {language: lines[position] for language, lines in texts.items() if position < len(lines)}
        )
        item.save()
    manager.filter(position__gte=count).delete()
