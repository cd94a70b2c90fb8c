"""Ping test results for managers and coordinators, and the anonymised report for the participants.

Managers see every State's results in their directories; a coordinator sees its own States' (the
Ping "view" rule). The anonymised report aggregates every State's pings but shows only rates of
large enough groups (see pings.results); participants see it once the manager has published a round.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER, MANAGER_OR_COORDINATOR, SIGNED_IN
from access.restriction import can, get_object_for
from directory.models import Directory, State, sorted_by_name
from enlace import cells
from pings import results
from pings.models import Ping, PingRound


@MANAGER_OR_COORDINATOR
def results_page(request, slug):
    """Per round and across rounds, split by role, region and State, of the pings the reader may see."""
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    rounds = PingRound.objects.restrict(principal, "view").filter(directory=directory).order_by("-started_at")
    pings = Ping.objects.restrict(principal, "view").filter(round__directory=directory)
    states = sorted_by_name(State.objects.filter(pk__in=pings.values("state_id")))
    chosen = next((state for state in states if state.iso3 == request.GET.get("state")), None)
    if chosen is not None:
        pings = pings.filter(state=chosen)
    manages = can(principal, "change", directory)
    return render(
        request,
        "pings/results.html",
        {
            "directory": directory,
            "results": results.results(rounds, pings, results.role_kinds_of(directory), with_states=True),
            "states": states,
            "chosen": chosen,
            "manages": manages,
            "report_visible": manages
            or PingRound.objects.restrict(principal, "view_report").filter(directory=directory).exists(),
        },
    )


def _report(request, slug) -> tuple[Directory, bool, results.Report]:
    principal = request.principal
    # Outsiders (not managing the directory, their State not taking part) do not learn it exists.
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    manages = can(principal, "change", directory)
    rounds = list(
        PingRound.objects.restrict(principal, "view_report").filter(directory=directory).order_by("-started_at")
    )
    if not rounds and not manages:
        raise PermissionDenied
    # Every State's pings of those rounds count, deliberately unrestricted: only the anonymised
    # figures computed from them (no State, no contact, no small group) leave this function.
    source = results.results(rounds, Ping.objects.filter(round__directory=directory), results.role_kinds_of(directory))
    return directory, manages, results.anonymised(source)


@SIGNED_IN
def anonymised(request, slug):
    directory, manages, report = _report(request, slug)
    return render(
        request,
        "pings/report.html",
        {
            "directory": directory,
            "manages": manages,
            "report": report,
            "chart": results.response_chart(report),
            "min_group": results.MIN_GROUP,
            "min_states": results.MIN_STATES,
        },
    )


@SIGNED_IN
def anonymised_csv(request, slug):
    directory, _manages, report = _report(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{directory.slug}-ping-tests.csv"'
    cells.csv_writer(response).writerows(results.report_rows(report))
    return response


@require_POST
@MANAGER
def publish(request, code):
    """The manager publishes a round's anonymised report to the participants, or withdraws it."""
    ping_round = get_object_for(request.principal, "change", PingRound.objects.select_related("directory"), code=code)
    published = request.POST.get("publish") == "1"
    PingRound.objects.filter(pk=ping_round.pk).update(report_published=published, updated=timezone.now())
    label = results.round_label(ping_round)
    if published:
        messages.success(
            request, _("The report of the round of %(date)s is published to the participants.") % {"date": label}
        )
    else:
        messages.success(request, _("The report of the round of %(date)s is withdrawn.") % {"date": label})
    return redirect("ping_reports:anonymised", slug=ping_round.directory.slug)
