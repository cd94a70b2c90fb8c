"""Template pages: a directory's templates, adding and revising one (managers), previewing a version.

Each view declares its guard; rows come through the access rules.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from access.guards import MANAGER, SIGNED_IN
from access.restriction import can, get_object_for
from communication_templates import services
from communication_templates.content import render_values
from communication_templates.fields import MAX_FIELDS, supported_language
from communication_templates.forms import (
    BaseFieldFormSet,
    FieldFormSet,
    NewTemplateForm,
    ReviseTemplateForm,
    is_blank_row,
    language_label,
    unbound_copy,
)
from communication_templates.models import CommunicationTemplate, TemplateKind, TemplateVersion
from directory.models import Directory
from enlace.alphabetical import sort_key

FIELDS_PREFIX = "fields"
PREVIEW_PREFIX = "preview"
_KIND_ORDER = {kind: position for position, kind in enumerate(TemplateKind.values)}


def _interface_languages() -> list[tuple[str, str]]:
    return [(code, language_label(code)) for code, _name in settings.LANGUAGES]


@SIGNED_IN
def template_list(request, slug):
    """A directory's templates with their versions; its managers also see retired ones and may revise."""
    principal = request.principal
    directory = get_object_for(principal, "view", Directory.objects.all(), slug=slug)
    can_manage = can(principal, "change", directory)
    templates = (
        CommunicationTemplate.objects.restrict(principal, "view")
        .of_directory(directory)
        .select_related("directory")
        .with_versions()
    )
    if not can_manage:
        templates = templates.active()
    templates = sorted(templates, key=lambda template: (_KIND_ORDER[template.kind], sort_key(str(template))))
    return render(
        request,
        "communication_templates/template_list.html",
        {"directory": directory, "templates": templates, "can_manage": can_manage},
    )


def _editor(request, texts_form_class, texts_kwargs: dict, texts_initial: dict, rows: list[dict], previous):
    """The title/fixed-text form and the field formset, bound to a POST or filled with ``rows``.

    "Add a field" (a submit button, enhanced by htmx) posts the whole editor back:
    it is shown again unvalidated, without empty rows, with one new row focused.
    Returns (texts form, field formset, whether the editor should be saved).
    """
    if request.method == "POST":
        texts = texts_form_class(request.POST, **texts_kwargs)
        fields = FieldFormSet(request.POST, prefix=FIELDS_PREFIX, previous=previous)
        if "add_field" not in request.POST:
            return texts, fields, True
        texts_initial = unbound_copy(texts)
        rows = [row for row in (unbound_copy(form) for form in fields.forms) if not is_blank_row(row)]
    texts = texts_form_class(initial=texts_initial, **texts_kwargs)
    fields = FieldFormSet(initial=rows, prefix=FIELDS_PREFIX, previous=previous)
    if (request.method == "POST" or not rows) and len(rows) < MAX_FIELDS:
        fields.extra = 1
        fields.forms[-1].fields["label_en"].widget.attrs["autofocus"] = True
    return texts, fields, False


@MANAGER
def template_new(request, slug):
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    texts, fields, submitted = _editor(request, NewTemplateForm, {"directory": directory}, {}, [], previous=())
    if submitted and all([texts.is_valid(), fields.is_valid()]):
        try:
            template = services.create_template(
                directory=directory,
                kind=texts.cleaned_data["kind"],
                key=texts.cleaned_data["key"],
                title=texts.title,
                fixed_text=texts.fixed_text,
                fields=fields.definitions(),
                user=request.user,
                principal=request.principal,
            )
        except ValidationError as error:
            texts.add_error(None, error)
        else:
            version = template.current_version
            messages.success(request, _("The template “%(title)s” was added.") % {"title": version.display_title})
            return redirect(version)
    return render(
        request,
        "communication_templates/template_form.html",
        {"directory": directory, "texts": texts, "fields": fields, "title": _("New communication template")},
    )


@MANAGER
def template_revise(request, slug, key):
    """Edit a template's texts and fields; saving writes its next version (the earlier ones stay as they were)."""
    template = get_object_for(
        request.principal,
        "change",
        CommunicationTemplate.objects.select_related("directory").filter(directory__slug=slug),
        key=key,
    )
    current = TemplateVersion.objects.of_template(template).order_by("-number").first()
    texts, fields, submitted = _editor(
        request,
        ReviseTemplateForm,
        {},
        ReviseTemplateForm.initial_for(current),
        BaseFieldFormSet.initial_for(current.definitions),
        previous=current.definitions,
    )
    if submitted and all([texts.is_valid(), fields.is_valid()]):
        try:
            version, created = services.revise_template(
                template,
                title=texts.title,
                fixed_text=texts.fixed_text,
                fields=fields.definitions(),
                user=request.user,
                based_on=texts.cleaned_data["based_on"],
                principal=request.principal,
            )
        except services.StaleRevision as stale:
            texts.add_error(
                None,
                _(
                    "Someone else saved version %(number)s of this template while you were editing it. "
                    "Open the template again and make your changes there."
                )
                % {"number": stale.current.number},
            )
        except ValidationError as error:
            texts.add_error(None, error)
        else:
            services.set_active(template, texts.cleaned_data["is_active"], principal=request.principal)
            if created:
                messages.success(request, _("Version %(number)s was saved.") % {"number": version.number})
            else:
                messages.info(
                    request,
                    _("Nothing in the texts or fields changed, so the template stays at version %(number)s.")
                    % {"number": version.number},
                )
            return redirect(version)
    return render(
        request,
        "communication_templates/template_form.html",
        {
            "directory": template.directory,
            "template": template,
            "current": current,
            "texts": texts,
            "fields": fields,
            "title": _("Revise “%(title)s”") % {"title": current.display_title},
        },
    )


@SIGNED_IN
def version_detail(request, slug, key, number):
    """A version as a sender sees its form, in a chosen language; posting tries the form out (nothing is sent)."""
    version = get_object_for(
        request.principal,
        "view",
        TemplateVersion.objects.select_related("template__directory", "created_by").filter(
            template__directory__slug=slug, template__key=key
        ),
        number=number,
    )
    template = version.template
    data = request.POST if request.method == "POST" else request.GET
    language = supported_language(data.get("language") or translation.get_language())
    reader_language = supported_language(data.get("reader_language") or language)
    form_class = version.form_class(language)
    form = form_class(request.POST or None, prefix=PREVIEW_PREFIX)
    rendered = None
    if request.method == "POST" and form.is_valid():
        rendered = render_values(version, form.values(), reader_language)
    return render(
        request,
        "communication_templates/version_detail.html",
        {
            "directory": template.directory,
            "template": template,
            "version": version,
            "versions": template.versions.select_related("created_by"),
            "localized": form.localized,
            "reader": version.localized(reader_language),
            "form": form,
            "rendered": rendered,
            "language": language,
            "reader_language": reader_language,
            "preview_languages": _interface_languages(),
            "can_manage": can(request.principal, "change", template),
        },
    )
