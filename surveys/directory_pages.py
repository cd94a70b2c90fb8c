"""What the surveys add to the directory's pages (``enlace.features``): a link to the directory's surveys, and on
its public page a link to the survey reports it publishes (when there is one)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features
from surveys.choices import ReportAudience, SurveyStatus
from surveys.models import Survey


def _reads_surveys(principal, directory, context) -> bool:
    # Managers build them; the participating States' coordinators and points of contact answer them.
    return bool(context.get("can_manage") or principal.is_coordinator or principal.is_point_of_contact)


features.add_link(
    features.DIRECTORY_LINKS,
    features.Link(
        name="surveys.list",
        label=_("Surveys"),
        url=lambda directory: reverse("surveys:list", args=[directory.slug]),
        shown=_reads_surveys,
        order=55,
    ),
)


def _publishes_reports(principal, directory, context) -> bool:
    return Survey.objects.filter(
        directory=directory, status=SurveyStatus.CLOSED, report_audience=ReportAudience.PUBLIC
    ).exists()


features.add_link(
    features.PUBLIC_DIRECTORY_LINKS,
    features.Link(
        name="surveys.public_reports",
        label=_("Survey reports"),
        url=lambda directory: reverse("surveys:public_reports", args=[directory.slug]),
        shown=_publishes_reports,
        order=55,
    ),
)
