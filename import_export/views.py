"""Downloads of a directory (as the reader may see it) and the import of another directory's exchange file."""

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from access.guards import MANAGER, MANAGER_OR_COORDINATOR, SIGNED_IN
from access.recent_sign_in import recent_sign_in_required
from access.restriction import get_object_for
from directory.filtersets import DirectoryNominationFilter
from directory.models import Directory
from directory.services import nominable_directory_ids
from import_export import formats, jobs
from import_export.forms import ExchangeImportForm, SpreadsheetImportForm
from import_export.models import ImportJob
from import_export.records import contact_cards, directory_records


def _records(directory, principal, filters):
    return (record for _nomination, record in directory_records(directory, principal, filters))


@recent_sign_in_required
@SIGNED_IN
def export(request, slug, format):
    directory = get_object_for(request.principal, "view", Directory.objects.all(), slug=slug)
    # The directory page's filters, carried in its download links: a download holds what the page selects.
    filters = DirectoryNominationFilter(request.GET or None, directory=directory)
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


def _import_page(request, directory, form, kind: str, template: str):
    """Keep the uploaded file as an import job, check it (a dry run, or the import if asked), and show the job."""
    if request.method == "POST" and form.is_valid():
        job = jobs.start_import(
            directory=directory,
            user=request.user,
            kind=kind,
            data=form.cleaned_data["file"].read(),
            retire_missing=form.cleaned_data.get("retire_missing", False),
            apply=form.cleaned_data["apply"],
            language=request.LANGUAGE_CODE,
        )
        return redirect("import_export:import_job", code=job.code)
    return render(request, template, {"directory": directory, "form": form})


def _job_context(request, code) -> dict:
    job = get_object_for(request.principal, "view", ImportJob.objects.select_related("directory"), code=code)
    return {
        "job": job,
        "directory": job.directory,
        "report": jobs.report_of(job),
        "problems": jobs.problems_of(job),
        "upload_url": reverse(
            "import_export:import" if job.kind == ImportJob.Kind.EXCHANGE else "import_export:import_spreadsheet",
            args=[job.directory.slug],
        ),
    }


@MANAGER_OR_COORDINATOR
def import_job(request, code):
    """An import's page: its progress while it runs, then its report, and the button that applies a dry run."""
    context = _job_context(request, code)
    return render(request, "import_export/import_job.html", context, status=400 if context["problems"] else 200)


@MANAGER_OR_COORDINATOR
def import_job_progress(request, code):
    """The job's progress and report, polled by htmx while it runs."""
    return render(request, "import_export/_import_job_progress.html", _job_context(request, code))


@require_POST
@MANAGER_OR_COORDINATOR
def import_job_apply(request, code):
    """Apply the file checked by a dry run, as it was uploaded (no second upload)."""
    job = get_object_for(request.principal, "apply", ImportJob.objects.all(), code=code)
    jobs.request_apply(job)
    return redirect("import_export:import_job", code=job.code)


@MANAGER
def import_exchange(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    form = ExchangeImportForm(request.POST or None, request.FILES or None)
    return _import_page(request, directory, form, ImportJob.Kind.EXCHANGE, "import_export/import.html")


@MANAGER_OR_COORDINATOR
def import_spreadsheet(request, slug):
    """A coordinator's (own State) or a manager's (its directory's States) spreadsheet of nominations."""
    principal = request.principal
    nominable = Directory.objects.filter(pk__in=nominable_directory_ids(principal))
    directory = get_object_for(principal, "view", nominable, slug=slug)
    form = SpreadsheetImportForm(request.POST or None, request.FILES or None)
    return _import_page(
        request,
        directory,
        form,
        ImportJob.Kind.SPREADSHEET,
        "import_export/import_spreadsheet.html",
    )
