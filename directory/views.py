"""Pages of the directory. Each declares its guard; rows come through the access rules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import COORDINATOR, MANAGER, MANAGER_OR_COORDINATOR, PUBLIC, SIGNED_IN
from access.recent_sign_in import recent_sign_in_required
from access.restriction import can, get_object_for
from directory import listing, search_results, services
from directory.choices import NominationStatus
from directory.filtersets import DirectoryNominationFilter, ManagerNominationFilter
from directory.forms import (
    ContactForm,
    DirectorySettingsForm,
    EmailFormSet,
    InstitutionForm,
    NominationForm,
    PhoneFormSet,
    RetireNominationForm,
)
from directory.models import Contact, Directory, Institution, Nomination, State, sorted_by_name
from enlace import features
from enlace.dates import long_date
from enlace.listing import page_links
from enlace.page_cache import cached_public_page


@PUBLIC
def home(request):
    principal = request.principal
    public_directories = Directory.objects.filter(is_listed_publicly=True).sorted_by_name_for_reader()
    my_directories = (
        Directory.objects.restrict(principal, "view").sorted_by_name_for_reader() if principal.is_authenticated else []
    )
    my_states = sorted_by_name(State.objects.filter(pk__in=principal.coordinated_state_ids))
    return render(
        request,
        "directory/home.html",
        {"public_directories": public_directories, "my_directories": my_directories, "my_states": my_states},
    )


@PUBLIC
@cached_public_page
def public_directory(request, slug):
    """What a directory publishes to everyone: never personal contact data."""
    directory = get_object_or_404(Directory, slug=slug, is_listed_publicly=True)
    states = []
    if directory.publishes_participants:
        counts = dict(
            Nomination.objects.active()
            .filter(directory=directory)
            .values_list("state_id")
            .annotate(count=Count("id"))
            .values_list("state_id", "count")
        )
        states = [
            {"state": state, "nominations": counts.get(state.pk, 0)}
            for state in sorted_by_name(directory.participants.all())
        ]
    return render(
        request,
        "directory/public_directory.html",
        {
            "directory": directory,
            "states": states,
            "participant_count": directory.participations.count(),
            "states_with_nominations": Nomination.objects.active()
            .filter(directory=directory)
            .values("state")
            .distinct()
            .count(),
        },
    )


@SIGNED_IN
def directory_detail(request, slug):
    """A directory's nominated points of contact, a page at a time, filtered and sorted from the URL."""
    directory = get_object_for(request.principal, "view", Directory.objects.all(), slug=slug)
    nominations = Nomination.objects.restrict(request.principal, "view").active().filter(directory=directory)
    filters = DirectoryNominationFilter(request.GET or None, queryset=nominations, directory=directory)
    nominations = filters.filtered(nominations)
    # What the table shows, and no more (no phone numbers, no directory).
    nominations = nominations.select_related("role", "state", "contact__institution").prefetch_related(
        "contact__emails", "contact__languages"
    )
    sort, descending = listing.SORTING.parse(request.GET.get("sort"))
    page = listing.page_of(nominations, sort, descending, request.GET.get("page"))
    can_manage = can(request.principal, "change", directory)
    context = {
        "directory": directory,
        "filters": filters.form,
        **page_links(page),
        "sort": listing.SORTING.url_value(sort, descending),
        "sort_links": listing.SORTING.links(sort, descending),
        "can_manage": can_manage,
        "participants": sorted_by_name(directory.participants.all()) if can_manage else [],
    }
    template = "directory/_nomination_groups.html" if request.htmx else "directory/directory_detail.html"
    return render(request, template, context)


@SIGNED_IN
def search(request):
    """Contacts and institutions matching a term: the contacts a page at a time, sorted from the URL."""
    text = request.GET.get("q", "").strip()
    sort, descending = search_results.SORTING.parse(request.GET.get("sort"))
    page, institutions, more_institutions = None, [], False
    if len(text) >= 2:
        page = search_results.page_of(request.principal, text, sort, descending, request.GET.get("page"))
        institutions, more_institutions = search_results.institutions_listed(request.principal, text)
    context = {
        "q": text,
        "contacts": page.object_list if page else [],
        "total": page.paginator.object_list.total if page else None,
        "institutions": institutions,
        "more_institutions": more_institutions,
        "sort": search_results.SORTING.url_value(sort, descending),
        "sort_links": search_results.SORTING.links(sort, descending),
        "count_cap": search_results.COUNT_CAP,
    }
    if page:
        context.update(page_links(page))
    template = "directory/_search_results.html" if request.htmx else "directory/search.html"
    return render(request, template, context)


@SIGNED_IN
def contact_detail(request, code):
    principal = request.principal
    contact = get_object_for(principal, "view", Contact.objects.with_details(), code=code)
    nominations = Nomination.objects.restrict(principal, "view").filter(contact=contact).with_details()
    return render(
        request,
        "directory/contact_detail.html",
        {
            "contact": contact,
            "nominations": nominations,
            "can_change": can(principal, "change", contact),
            "can_nominate": services.nominable_directories(principal, contact).exists(),
            "changeable_nominations": set(
                Nomination.objects.restrict(principal, "change").filter(contact=contact).values_list("pk", flat=True)
            ),
        },
    )


def _contact_forms(request, contact: Contact, state: State):
    data = request.POST if request.method == "POST" else None
    return (
        ContactForm(data, instance=contact, state=state, prefix="contact"),
        EmailFormSet(data, instance=contact, prefix="emails"),
        PhoneFormSet(data, instance=contact, prefix="phones"),
    )


def _edit_contact(request, contact: Contact, state: State, template_context: dict):
    form, emails, phones = _contact_forms(request, contact, state)
    if request.method == "POST" and all([form.is_valid(), emails.is_valid(), phones.is_valid()]):
        contact = services.save_contact(form, emails, phones, user=request.user)
        messages.success(request, _("The contact was saved."))
        return redirect(contact)
    return render(
        request,
        "directory/contact_form.html",
        {"form": form, "emails": emails, "phones": phones, "state": state, **template_context},
    )


@MANAGER_OR_COORDINATOR
def contact_create(request, iso3):
    state = get_object_for(request.principal, "administer", State.objects.all(), iso3=iso3)
    if not state.institutions.exists():
        messages.info(request, _("Add the contact's institution first."))
        return redirect("directory:institution_create", iso3=state.iso3)
    return _edit_contact(request, Contact(), state, {"title": _("New contact")})


@SIGNED_IN
def contact_edit(request, code):
    contact = get_object_for(
        request.principal, "change", Contact.objects.select_related("institution__state"), code=code
    )
    return _edit_contact(request, contact, contact.institution.state, {"title": _("Edit contact"), "contact": contact})


@MANAGER_OR_COORDINATOR
def contact_nominate(request, code):
    principal = request.principal
    contact = get_object_for(principal, "view", Contact.objects.select_related("institution__state"), code=code)
    directories = services.nominable_directories(principal, contact)
    if not directories.exists():
        raise Http404
    form = NominationForm(
        request.POST or None,
        directories=directories,
        allow_note_verbale=bool(principal.managed_directory_ids),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.nominate(
                principal=principal,
                contact=contact,
                directory=form.cleaned_data["directory"],
                role=form.cleaned_data["role"],
                user=request.user,
                note_verbale_reference=form.cleaned_data.get("note_verbale_reference", ""),
            )
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("The nomination was recorded."))
            return redirect(contact)
    return render(request, "directory/nominate.html", {"contact": contact, "form": form})


@MANAGER_OR_COORDINATOR
def nomination_retire(request, code):
    """Retiring asks first: the contact page links here, and only the form on this page retires."""
    nomination = get_object_for(
        request.principal, "change", Nomination.objects.select_related("contact", "directory", "role"), code=code
    )
    if not nomination.is_active:
        return redirect(nomination.contact)
    form = RetireNominationForm(
        request.POST or None, nomination=nomination, initial={"ends_on": nomination.ends_on or timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        nomination = services.retire(
            principal=request.principal, nomination=nomination, ends_on=form.cleaned_data["ends_on"]
        )
        if nomination.is_active:
            messages.success(
                request,
                _("The nomination stays active and will be retired on %(date)s.")
                % {"date": long_date(nomination.ends_on)},
            )
        else:
            messages.success(request, _("The nomination was retired."))
        return redirect(nomination.contact)
    status = 400 if request.method == "POST" else 200
    return render(request, "directory/retire.html", {"nomination": nomination, "form": form}, status=status)


@require_POST
@MANAGER_OR_COORDINATOR
def nomination_reinstate(request, code):
    """Undo a retirement, or cancel a scheduled one."""
    nomination = get_object_for(request.principal, "change", Nomination.objects.select_related("contact"), code=code)
    try:
        services.reinstate(principal=request.principal, nomination=nomination)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The nomination is active again."))
    return redirect(nomination.contact)


@COORDINATOR
def my_state(request):
    """A coordinator's shortcut to the State it coordinates (the first, if several)."""
    states = sorted_by_name(State.objects.filter(pk__in=request.principal.coordinated_state_ids))
    return redirect("directory:state_manage", iso3=states[0].iso3)


@MANAGER_OR_COORDINATOR
def state_manage(request, iso3):
    """'My State': institutions, contacts and nominations of one State."""
    principal = request.principal
    state = get_object_for(principal, "administer", State.objects.all(), iso3=iso3)
    visible_contacts = Contact.objects.restrict(principal, "view")
    institutions = Institution.objects.filter(state=state).annotate(
        contact_count=Count("contacts", filter=Q(contacts__in=visible_contacts.values("pk")))
    )
    contacts = (
        visible_contacts.filter(institution__state=state)
        .select_related("institution")
        .prefetch_related("emails")
        .annotate(active_nominations=Count("nominations", filter=Q(nominations__status=NominationStatus.ACTIVE)))
    )
    nominations = (
        Nomination.objects.restrict(principal, "view")
        .active()
        .filter(state=state)
        .select_related("directory", "role", "contact")
    )
    return render(
        request,
        "directory/state_manage.html",
        {"state": state, "institutions": institutions, "contacts": contacts, "nominations": nominations},
    )


@MANAGER_OR_COORDINATOR
def institution_create(request, iso3):
    state = get_object_for(request.principal, "administer", State.objects.all(), iso3=iso3)
    form = InstitutionForm(request.POST or None, state=state)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The institution was added."))
        return redirect("directory:state_manage", iso3=state.iso3)
    return render(
        request, "directory/institution_form.html", {"form": form, "state": state, "title": _("New institution")}
    )


@MANAGER_OR_COORDINATOR
def institution_edit(request, code):
    institution = get_object_for(request.principal, "change", Institution.objects.select_related("state"), code=code)
    form = InstitutionForm(request.POST or None, instance=institution, state=institution.state)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The institution was saved."))
        return redirect("directory:state_manage", iso3=institution.state.iso3)
    return render(
        request,
        "directory/institution_form.html",
        {"form": form, "state": institution.state, "institution": institution, "title": _("Edit institution")},
    )


@require_POST
@MANAGER_OR_COORDINATOR
def institution_delete(request, code):
    institution = get_object_for(request.principal, "change", Institution.objects.select_related("state"), code=code)
    if institution.contacts.exists():
        messages.error(request, _("This institution still has contacts; move or remove them first."))
    else:
        with transaction.atomic():
            institution.delete()
        messages.success(request, _("The institution was removed."))
    return redirect("directory:state_manage", iso3=institution.state.iso3)


@MANAGER
def manager_nominations(request, slug):
    """Every nomination of a managed directory, stale ones (unverified for a year) highlighted."""
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    filters = ManagerNominationFilter(request.GET or None, queryset=Nomination.objects.filter(directory=directory))
    nominations = filters.filtered(Nomination.objects.filter(directory=directory)).select_related(
        "state", "role", "contact__institution"
    )
    sort, descending = listing.SORTING.parse(request.GET.get("sort"))
    page = listing.page_of(nominations, sort, descending, request.GET.get("page"))
    stale_count = Nomination.objects.filter(directory=directory).stale().count()
    return render(
        request,
        "directory/manager_nominations.html",
        {
            "directory": directory,
            "filters": filters.form,
            **page_links(page),
            "sort": listing.SORTING.url_value(sort, descending),
            "sort_links": listing.SORTING.links(sort, descending),
            "stale_count": stale_count,
        },
    )


# Its form changes who participates in the directory.
@recent_sign_in_required
@MANAGER
def directory_settings(request, slug):
    """The directory's own settings and, below them, each feature's (``enlace.features``), saved in one POST."""
    directory = get_object_for(request.principal, "change", Directory.objects.all(), slug=slug)
    data = request.POST or None
    form = DirectorySettingsForm(data, instance=directory)
    sections = features.settings_sections_for(directory, data)
    # Every form is checked (not only up to the first invalid one), so that each shows its errors.
    if request.method == "POST" and all([form.is_valid(), *(section.form.is_valid() for section in sections)]):
        with transaction.atomic():
            services.save_directory_settings(form)
            for section in sections:
                section.form.save()
        messages.success(request, _("The directory settings were saved."))
        return redirect(directory)
    return render(
        request, "directory/directory_settings.html", {"directory": directory, "form": form, "sections": sections}
    )
