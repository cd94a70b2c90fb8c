"""Downloads of a directory (as the reader may see it) and the import of another directory's exchange file."""

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render

from access.guards import MANAGER, MANAGER_OR_COORDINATOR, SIGNED_IN
from access.restriction import get_object_for
from directory.filters import NominationFilterForm
from directory.models import Directory
from exchange import formats
from exchange.forms import ExchangeImportForm, SpreadsheetImportForm
from exchange.importing import ImportRefused, import_records, read_exchange
from exchange.records import contact_cards, directory_records
from exchange.spreadsheets import read_spreadsheet


def _records(directory, principal, filters):
    return (record for _nomination, record in directory_records(directory, principal, filters))


@SIGNED_IN
def export(request, slug, format):
    directory = get_object_for(request.principal, "view", Directory.objects.all(), slug=slug)
    # The directory page's filters, carried in its download links: a download holds what the page selects.
    filters = NominationFilterForm(request.GET or None, directory=directory)
    records = _records(directory, request.principal, filters)
    filename = f"{directory.slug}-nominations"
    if format == "csv":
        response = StreamingHttpResponse(formats.csv_lines(records), content_type="text/csv; charset=utf-8")
    elif format == "json":
        response = StreamingHttpResponse(
            formats.exchange_chunks(directory, records), content_type="application/json; charset=utf-8"
        )
    elif format == "vcf":
        cards = formats.vcard_chunks(contact_cards(directory, request.principal, filters))
        response = StreamingHttpResponse(cards, content_type="text/vcard; charset=utf-8")
        filename = f"{directory.slug}-contacts"
    elif format == "xlsx":
        return FileResponse(
            formats.xlsx_file(records, title=directory.slug),
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}.{format}"'
    return response


def _import_page(request, directory, form, read, template: str, **options):
    """Run a dry run or an import from the uploaded file and show its report or every problem."""
    report, problems = None, []
    if request.method == "POST" and form.is_valid():
        try:
            records, reading_problems = read(form.cleaned_data["file"].read())
            report = import_records(
                records,
                problems=reading_problems,
                directory=directory,
                principal=request.principal,
                user=request.user,
                apply=form.cleaned_data["apply"],
                **{name: form.cleaned_data.get(name, value) for name, value in options.items()},
            )
        except ImportRefused as refused:
            problems = refused.problems
    context = {"directory": directory, "form": form, "report": report, "problems": problems}
    return render(request, template, context, status=400 if problems else 200)


@MANAGER
def import_exchange(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    form = ExchangeImportForm(request.POST or None, request.FILES or None)
    return _import_page(request, directory, form, read_exchange, "exchange/import.html")


@MANAGER_OR_COORDINATOR
def import_spreadsheet(request, slug):
    """A coordinator's (own State) or a manager's (its directory's States) spreadsheet of nominations."""
    principal = request.principal
    nominable = principal.managed_directory_ids | (
        principal.participating_directory_ids if principal.is_coordinator else frozenset()
    )
    directory = get_object_for(principal, "view", Directory.objects.filter(pk__in=nominable), slug=slug)
    form = SpreadsheetImportForm(request.POST or None, request.FILES or None)
    return _import_page(
        request,
        directory,
        form,
        read_spreadsheet,
        "exchange/import_spreadsheet.html",
        update_contacts=True,
        retire_missing=False,
    )
