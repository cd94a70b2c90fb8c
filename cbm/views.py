"""The CBM dashboard (signed in and public), its CSV exports, and a State's report on the measures."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER, MANAGER_OR_COORDINATOR, PUBLIC, SIGNED_IN
from access.restriction import can, get_object_for
from cbm import services
from cbm.forms import CatalogueForm, ImplementationForm, MeasureForm
from cbm.models import Catalogue, Implementation, Measure
from directory.models import Directory, State
from enlace import cells
from enlace.page_cache import cached_public_page


def _dashboard_context(directory: Directory, catalogue: Catalogue | None) -> dict:
    if catalogue is None:
        return {"directory": directory, "catalogue": None}
    board = services.dashboard(directory, catalogue)
    return {"directory": directory, "catalogue": catalogue, "board": board, "map": services.tile_map(board)}


@SIGNED_IN
def dashboard(request, slug):
    """Managers and the participating States see every State's status, with its evidence."""
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    context = _dashboard_context(directory, services.catalogue_of(directory))
    rows = context["board"].rows if context["catalogue"] is not None else []
    context.update(
        manages=can(principal, "change", directory),
        # The matrix links each State the reader reports for; a coordinator also gets a button.
        reporting_state_ids=principal.administered_state_ids,
        own_states=[row.state for row in rows if row.state.pk in principal.coordinated_state_ids],
    )
    return render(request, "cbm/dashboard.html", context)


def _published(slug: str) -> tuple[Directory, Catalogue]:
    directory = get_object_or_404(Directory, slug=slug, is_listed_publicly=True)
    catalogue = services.catalogue_of(directory)
    if catalogue is None or not catalogue.is_published:
        raise Http404
    return directory, catalogue


@PUBLIC
@cached_public_page
def public_dashboard(request, slug):
    """What a directory publishes of its CBMs: counts, the matrix and the map; no evidence, no contact data."""
    try:
        directory, catalogue = _published(slug)
    except Http404:
        directory = get_object_or_404(Directory, slug=slug, is_listed_publicly=True)
        return render(request, "cbm/public_dashboard.html", {"directory": directory, "catalogue": None}, status=404)
    return render(request, "cbm/public_dashboard.html", _dashboard_context(directory, catalogue))


def _csv(directory: Directory, catalogue: Catalogue, part: str) -> HttpResponse:
    board = services.dashboard(directory, catalogue)
    summary = part == "summary"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{directory.slug}-cbm-{'summary' if summary else 'matrix'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    cells.csv_writer(response).writerows(services.summary_rows(board) if summary else services.matrix_rows(board))
    return response


@SIGNED_IN
def dashboard_csv(request, slug):
    directory = get_object_for(request.principal, "view", Directory.objects.all(), slug=slug)
    catalogue = services.catalogue_of(directory)
    if catalogue is None:
        raise Http404
    return _csv(directory, catalogue, request.GET.get("part", ""))


@PUBLIC
@cached_public_page
def public_csv(request, slug):
    directory, catalogue = _published(slug)
    return _csv(directory, catalogue, request.GET.get("part", ""))


@MANAGER_OR_COORDINATOR
def state_report(request, slug, iso3):
    """A State's status on each measure; the coordinator reports those Enlace's data does not answer."""
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    participants = State.objects.filter(participations__directory=directory)
    state = get_object_for(principal, "administer", participants, iso3=iso3)
    catalogue = services.catalogue_of(directory)
    if catalogue is None:
        raise Http404
    measures = {measure.number: measure for measure in catalogue.measures.all()}
    existing = {row.measure_id: row for row in Implementation.objects.filter(measure__catalogue=catalogue, state=state)}
    bound = None
    if request.method == "POST":
        number = request.POST.get("measure", "")
        measure = measures.get(int(number)) if number.isdigit() else None
        if measure is None or measure.is_derived:
            raise Http404
        form = ImplementationForm(request.POST, prefix=f"m{measure.number}", instance=existing.get(measure.pk))
        if form.is_valid():
            services.report(measure, state, user=request.user, **form.cleaned_data)
            messages.success(request, _("%(measure)s is saved.") % {"measure": measure.label})
            return redirect("cbm:state", slug=directory.slug, iso3=state.iso3)
        bound = (measure.number, form)
    board = services.dashboard(directory, catalogue)
    row = next(row for row in board.rows if row.state.pk == state.pk)
    entries = []
    for cell in row.cells:
        form = None
        if not cell.derived:
            if bound and bound[0] == cell.measure.number:
                form = bound[1]
            else:
                form = ImplementationForm(prefix=f"m{cell.measure.number}", instance=existing.get(cell.measure.pk))
        entries.append((cell, form))
    return render(request, "cbm/state_report.html", {"directory": directory, "state": state, "entries": entries})


@require_POST
@MANAGER
def install_catalogue(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    services.install_oas_catalogue(directory)
    messages.success(request, _("The six OAS cyber confidence-building measures are set up."))
    return redirect("cbm:dashboard", slug=directory.slug)


@require_POST
@MANAGER
def publish(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    published = request.POST.get("publish") == "1"
    Catalogue.objects.filter(directory=directory).update(is_published=published)
    if published:
        messages.success(request, _("The CBM dashboard is published on the public pages."))
    else:
        messages.success(request, _("The CBM dashboard is withdrawn from the public pages."))
    return redirect("cbm:dashboard", slug=directory.slug)


def _managed_catalogue(request, slug: str) -> tuple[Directory, Catalogue]:
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    catalogue = services.catalogue_of(directory)
    if catalogue is None:
        raise Http404
    return directory, catalogue


@MANAGER
def edit_catalogue(request, slug):
    """The manager writes the catalogue's name and introduction in each language."""
    directory, catalogue = _managed_catalogue(request, slug)
    form = CatalogueForm(request.POST or None, instance=catalogue)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The catalogue's texts are saved."))
        return redirect("cbm:dashboard", slug=directory.slug)
    return render(
        request,
        "cbm/texts_form.html",
        {"directory": directory, "form": form, "title": _("Name and introduction"), "edited": catalogue},
    )


@MANAGER
def edit_measure(request, slug, number):
    """The manager writes a measure's text in each language."""
    directory, catalogue = _managed_catalogue(request, slug)
    measure = get_object_or_404(Measure, catalogue=catalogue, number=number)
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(measure)s is saved.") % {"measure": measure.label})
        return redirect("cbm:dashboard", slug=directory.slug)
    return render(
        request,
        "cbm/texts_form.html",
        {"directory": directory, "form": form, "title": measure.label, "edited": measure},
    )
