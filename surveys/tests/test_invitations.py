"""Opening a survey invites everyone it asks, each in their language; one reminder goes, before it closes, only to
those who have not submitted, however often the job runs; a survey past its closing time is closed; someone who
joins its audience later is invited then."""

from datetime import timedelta

from django.utils import timezone

from access.principal import principal_of
from directory.choices import RoleKind
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory, point_of_contact
from surveys import services
from surveys.choices import Anonymity, RespondentKind
from surveys.tests.questionnaire import build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def test_opening_invites_each_person_in_their_language(respondents, mailbox, background):
    survey = background(new_survey, respondents.network.oas)
    spanish, french = respondents.pocs
    [invitation] = mailbox.to(spanish.email)
    assert invitation["Subject"] == "Encuesta: Encuesta regional de amenazas"
    [invitation] = mailbox.to(french.email)
    assert invitation["Subject"].startswith("Enquête")
    # A State's survey asks its coordinators too.
    assert mailbox.to(respondents.network.coordinator_mex.email)
    assert survey.participations.count() == len(mailbox.messages)


def test_the_reminder_goes_once_only_to_those_who_have_not_submitted(respondents, mailbox, background):
    survey = new_survey(
        respondents.network.oas, respondent_kind=RespondentKind.PER_PERSON, anonymity=Anonymity.CONFIDENTIAL
    )
    answered, waiting = respondents.pocs
    services.save_answers(survey, principal_of(answered), answered, {"q1": ("c2", "")}, submit=True)
    mailbox.clear()
    week_before = survey.closes_at - timedelta(days=6)
    assert background(services.send_due_reminders, week_before) == 1
    assert background(services.send_due_reminders, week_before) == 0
    assert [message["To"] for message in mailbox.messages] == [waiting.email]
    assert mailbox.to(waiting.email)[0]["Subject"].startswith("Rappel")  # in French, the language the person reads


def test_no_reminder_before_its_time(respondents, mailbox, background):
    new_survey(respondents.network.oas)
    assert background(services.send_due_reminders, timezone.now()) == 0


def test_a_state_that_submitted_is_not_reminded(respondents, mailbox, background):
    survey = new_survey(respondents.network.oas)
    services.save_answers(
        survey,
        principal_of(respondents.network.coordinator_mex),
        respondents.network.coordinator_mex,
        {"q1": ("c2", "")},
        submit=True,
    )
    mailbox.clear()
    background(services.send_due_reminders, survey.closes_at - timedelta(days=1))
    reminded = {message["To"] for message in mailbox.messages}
    assert respondents.pocs[0].email not in reminded
    assert respondents.pocs[1].email in reminded


def test_a_survey_past_its_closing_time_is_closed_by_the_hourly_job(respondents):
    survey = new_survey(respondents.network.oas)
    assert services.close_due_surveys(survey.closes_at - timedelta(minutes=1)) == 0
    assert services.close_due_surveys(survey.closes_at) == 1
    survey.refresh_from_db()
    assert survey.get_status_display() == "Closed"


def test_a_point_of_contact_nominated_after_the_survey_opened_is_invited_once_by_the_hourly_job(
    respondents, mailbox, background
):
    survey = new_survey(respondents.network.oas)
    desk = ContactFactory(institution=InstitutionFactory(state=respondents.network.argentina), name="Late Desk")
    NominationFactory(
        directory=survey.directory, contact=desk, role=survey.directory.roles.get(kind=RoleKind.TECHNICAL)
    )
    newcomer = point_of_contact(desk, email="late@arg.example.org")
    mailbox.clear()
    assert background(services.invite_newcomers) == 1
    assert background(services.invite_newcomers) == 0
    assert [message["To"] for message in mailbox.messages] == [newcomer.email]
