"""Pages of the policy and legislation repository. Each declares its guard; rows come through the access rules."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import MANAGER_OR_COORDINATOR, PUBLIC, SIGNED_IN
from access.restriction import can, get_object_for
from directory.models import Directory, State, sorted_by_name
from enlace.listing import page_links
from enlace.page_cache import cached_public_page
from repository import files, listing, services
from repository.filtersets import DocumentListFilter
from repository.forms import DocumentForm
from repository.models import Document


def _document_list(request, documents, *, states, show_visibility: bool = True) -> dict:
    """A page of the documents the filters select, sorted from the URL, with the total."""
    filters = DocumentListFilter(request.GET or None, queryset=documents, states=states)
    sort, descending = listing.sort_of(request.GET.get("sort"), searching=filters.searching)
    page = listing.page_of(filters.filtered(documents), sort, descending, request.GET.get("page"))
    return {
        "filters": filters.form,
        **page_links(page),
        "documents": page.object_list,
        "sort": listing.SORTING.url_value(sort, descending) if sort != listing.RELEVANCE else "",
        "sort_links": listing.SORTING.links(sort, descending),
        "searched": filters.is_bound,
        "show_visibility": show_visibility,
    }


def _list_page(request, template: str, context: dict):
    """The whole page, or only the results when htmx asks (the filters update them as they change)."""
    return render(request, "repository/_document_table.html" if request.htmx else template, context)


@SIGNED_IN
def directory_documents(request, slug):
    """The documents of a directory's participating States that the reader may see."""
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    states = sorted_by_name(directory.participants.all())
    documents = Document.objects.restrict(principal, "view").of_directory(directory)
    context = _document_list(request, documents, states=states)
    context.update(
        directory=directory,
        # A coordinator adds its own State's documents from here (managers from each State's page).
        own_states=[state for state in states if state.pk in principal.coordinated_state_ids],
    )
    return _list_page(request, "repository/directory_documents.html", context)


@PUBLIC
@cached_public_page
def public_documents(request, slug):
    """What a directory publishes of its States' documents: the public ones, with search; no contact data."""
    directory = get_object_or_404(Directory, slug=slug, is_listed_publicly=True, publishes_participants=True)
    states = sorted_by_name(directory.participants.all())
    documents = Document.objects.public().of_directory(directory)
    context = _document_list(request, documents, states=states, show_visibility=False)
    context.update(directory=directory)
    return _list_page(request, "repository/public_documents.html", context)


@MANAGER_OR_COORDINATOR
def state_documents(request, iso3):
    """Every document of a State, for those who maintain them."""
    state = get_object_for(request.principal, "administer", State.objects.all(), iso3=iso3)
    documents = Document.objects.filter(state=state)
    context = _document_list(request, documents, states=None)
    context.update(state=state)
    return _list_page(request, "repository/state_documents.html", context)


class _SignInFirst(Exception):
    pass


def _readable(request, code) -> Document:
    """The document if the reader may see it; signed-out visitors are asked to sign in for the others."""
    try:
        return get_object_for(request.principal, "view", Document.objects.with_details(), code=code)
    except Http404:
        if not request.principal.is_authenticated:
            raise _SignInFirst from None
        raise


@PUBLIC
def document_detail(request, code):
    try:
        document = _readable(request, code)
    except _SignInFirst:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    return render(
        request,
        "repository/document_detail.html",
        {
            "document": document,
            "can_change": can(request.principal, "change", document),
            "superseding": document.supersedes.all(),
        },
    )


@PUBLIC
def document_file(request, code):
    """The uploaded file, through the same access rule as the document (never a public media URL).

    Always as an attachment: an uploaded file is never rendered inside Enlace's own pages and origin.
    """
    try:
        document = _readable(request, code)
    except _SignInFirst:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if not document.file:
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name,
        content_type=files.KINDS[document.file_type].content_type,
    )


def _save(request, form: DocumentForm):
    return services.save_document(
        form.save(commit=False),
        languages=form.languages,
        institutions=form.cleaned_data["institutions"],
        upload=form.cleaned_data.get("upload") or None,
        file_kind=form.file_kind,
        user=request.user,
    )


@MANAGER_OR_COORDINATOR
def document_create(request, iso3):
    state = get_object_for(request.principal, "administer", State.objects.all(), iso3=iso3)
    form = DocumentForm(request.POST or None, request.FILES or None, state=state, instance=Document(state=state))
    if request.method == "POST" and form.is_valid():
        document = _save(request, form)
        messages.success(request, _("The document is saved."))
        return redirect(document)
    context = {"form": form, "state": state, "title": _("Add a document")}
    return render(request, "repository/document_form.html", context)


@MANAGER_OR_COORDINATOR
def document_edit(request, code):
    document = get_object_for(request.principal, "change", Document.objects.select_related("state"), code=code)
    form = DocumentForm(request.POST or None, request.FILES or None, state=document.state, instance=document)
    if request.method == "POST" and form.is_valid():
        document = _save(request, form)
        messages.success(request, _("The document is saved."))
        return redirect(document)
    return render(
        request,
        "repository/document_form.html",
        {"form": form, "state": document.state, "document": document, "title": _("Edit the document")},
    )


@require_POST
@MANAGER_OR_COORDINATOR
def document_reviewed(request, code):
    """The document is still current: its review date is today (and its next reminder a year away)."""
    document = get_object_for(request.principal, "change", Document.objects.all(), code=code)
    document.mark_reviewed()
    messages.success(request, _("The document is marked as reviewed today."))
    return redirect(document)
