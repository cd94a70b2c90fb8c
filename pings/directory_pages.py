"""What the ping tests add to the directory's pages (``enlace.features``): the rounds, the anonymised report
once one is published, and the announcement of a round the scheduler started."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enlace import features
from pings.forms import PingScheduleForm
from pings.models import PingRound, PingSchedule


def _runs_or_coordinates(principal, directory, context) -> bool:
    return bool(context.get("can_manage") or principal.is_coordinator)


def _has_published_report(principal, directory, context) -> bool:
    return PingRound.objects.filter(directory=directory, report_published=True).exists()


def _scheduled_round(principal, directory, context) -> dict | None:
    # A round the scheduler started is announced where its managers look, while it is under way.
    if not context.get("can_manage"):
        return None
    ping_round = PingRound.objects.filter(directory=directory, trigger="schedule", closed_at__isnull=True).first()
    return {"scheduled_round": ping_round} if ping_round else None


features.add_link(
    features.DIRECTORY_ACTIONS,
    features.Link(
        name="pings.rounds",
        label=_("Ping tests"),
        url=lambda directory: reverse("pings:rounds", args=[directory.slug]),
        shown=_runs_or_coordinates,
        order=10,
    ),
)
features.add_link(
    features.DIRECTORY_REPORTS,
    features.Link(
        name="pings.anonymised_report",
        label=_("Ping test response rates (anonymised report)"),
        url=lambda directory: reverse("ping_reports:anonymised", args=[directory.slug]),
        shown=_has_published_report,
        order=10,
    ),
)
features.add_fragment(
    features.DIRECTORY_NOTICES,
    features.Fragment(name="pings.scheduled_round", template="pings/_scheduled_round.html", context=_scheduled_round),
)


def _schedule_form(directory, data) -> PingScheduleForm:
    return PingScheduleForm(data, instance=PingSchedule.of(directory))


features.add_settings_section(
    features.SettingsSection(
        name="pings.schedule", form=_schedule_form, template="pings/_settings_section.html", order=10
    )
)
