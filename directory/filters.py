"""The directory pages' filters, which also narrow the downloads those pages offer (the API has ``api.filters``)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory import names
from directory.choices import RoleKind
from directory.models import ContactLanguage, Directory, NominationQuerySet, State, sorted_by_name


class NominationFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    language = forms.ChoiceField(label=_("Operating language"), required=False)
    is_24_7 = forms.BooleanField(label=_("Reachable 24/7 only"), required=False)

    def __init__(self, *args, directory: Directory, **kwargs):
        super().__init__(*args, **kwargs)
        states = sorted_by_name(State.objects.filter(participations__directory=directory))
        self.fields["state"].choices = [("", _("All States")), *[(state.iso3, state.name) for state in states]]
        self.fields["role"].choices = [("", _("All roles"))] + [
            (role.kind, role.get_kind_display()) for role in directory.roles.all()
        ]
        used = ContactLanguage.codes_in_use()
        self.fields["language"].choices = [("", _("Any language")), *names.language_choices(set(used))]

    def apply(self, nominations: NominationQuerySet) -> NominationQuerySet:
        if not self.is_valid():
            return nominations
        data = self.cleaned_data
        if data.get("state"):
            nominations = nominations.filter(state__iso3=data["state"])
        if data.get("role") in RoleKind.values:
            nominations = nominations.filter(role__kind=data["role"])
        if data.get("language"):
            nominations = nominations.filter(contact__languages__code=data["language"])
        if data.get("is_24_7"):
            nominations = nominations.filter(contact__is_24_7=True)
        return nominations


class ManagerNominationFilterForm(forms.Form):
    STALE = "stale"
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Active nominations")),
            ("stale", _("Stale only (not verified for over 12 months)")),
            ("retired", _("Retired nominations")),
        ],
    )
    q = forms.CharField(label=_("Contact, institution or State"), required=False)

    def apply(self, nominations: NominationQuerySet) -> NominationQuerySet:
        if not self.is_valid():
            return nominations.active()
        status = self.cleaned_data.get("status")
        if status == "stale":
            nominations = nominations.stale()
        elif status == "retired":
            nominations = nominations.exclude(status="active")
        else:
            nominations = nominations.active()
        text = self.cleaned_data.get("q", "").strip()
        if text:
            nominations = nominations.filter(
                Q(contact__name__icontains=text)
                | Q(contact__institution__name__icontains=text)
                | Q(state__english_name__icontains=text)
                | Q(state__iso3__iexact=text)
            )
        return nominations
