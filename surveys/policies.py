"""Who builds a survey, answers it and reads its answers.

A directory's managers build its surveys and read every answer (an anonymous answer names nobody, so they read
it without knowing whose it is). An open or closed survey is seen by the participating States' members it asks:
for a State's survey its coordinators and points of contact, for a survey of persons its points of contact. A
State's answer is read by that State's members and the managers, never by another State; a person's answer by
that person and the managers; nobody reads whose an anonymous answer is (no row says it). A file given as
evidence is read by those who read the answer that holds it, and, while an anonymous answer is a draft, by the
person writing it (once it is submitted, as its other answers, not even by them).

A closed survey's aggregated report is read by its managers and, once they publish it, by those it asked, or
by anyone on the directory's public page; it never names anyone.
"""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from surveys.choices import ReportAudience, RespondentKind, SurveyStatus
from surveys.models import EvidenceFile, Response, Survey

PUBLISHED = [SurveyStatus.OPEN, SurveyStatus.CLOSED]


def _asked(principal: Principal) -> Q:
    asked = Q(status__in=PUBLISHED, directory_id__in=principal.participating_directory_ids)
    if principal.is_point_of_contact:
        return asked
    return asked & Q(respondent_kind=RespondentKind.PER_STATE)


@rule(Survey, "view")
def surveys_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    managed = Q(directory_id__in=principal.managed_directory_ids)
    if not principal.member_state_ids:
        return managed
    return managed | _asked(principal)


@rule(Survey, "answer")
def surveys_to_answer(principal: Principal):
    """Those it asks (its dates are the service's to check)."""
    if not principal.member_state_ids:
        return False
    return Q(status=SurveyStatus.OPEN) & _asked(principal)


@rule(Survey, "change")
def surveys_managed(principal: Principal):
    return Q(directory_id__in=principal.managed_directory_ids)


@rule(Survey, "read_report")
def survey_reports_readable(principal: Principal):
    """The managers read a closed survey's report; those it asked, once the manager publishes it to them (or to
    the public page)."""
    if not principal.is_authenticated:
        return False
    managed = Q(directory_id__in=principal.managed_directory_ids)
    if not principal.member_state_ids:
        return managed
    published = Q(status=SurveyStatus.CLOSED, report_audience__in=[ReportAudience.PARTICIPANTS, ReportAudience.PUBLIC])
    return managed | (published & _asked(principal))


@rule(Response, "view")
def responses_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    own = Q(user_id=principal.user_id)
    if principal.member_state_ids:
        own |= Q(
            state_id__in=principal.member_state_ids, survey__directory_id__in=principal.participating_directory_ids
        )
    return Q(survey__directory_id__in=principal.managed_directory_ids) | own


@rule(Response, "name_submitter")
def responses_of_coordinated_states(principal: Principal):
    """A coordinator names who of the State's points of contact submits its answer."""
    if not principal.coordinated_state_ids:
        return False
    return Q(state_id__in=principal.coordinated_state_ids)


@rule(Response, "reopen")
def responses_reopened_by_managers(principal: Principal):
    return Q(survey__directory_id__in=principal.managed_directory_ids, anonymous=False)


@rule(EvidenceFile, "view")
def evidence_files_readable(principal: Principal):
    if not principal.is_authenticated:
        return False
    held = Q(response__in=Response.objects.restrict(principal, "view").values("pk"))
    return held | Q(participation__user_id=principal.user_id)
