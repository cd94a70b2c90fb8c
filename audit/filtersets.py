"""The change log's filters (django-filter): what kind of record, what was done, by whom, when, in which State,
about which contact.

Each filter is one column (or one key of the entry's additional data) compared with one value, so
that an index on that column and the entry's time (migration ``audit.0001``) serves the filter and
the newest-first order together.
"""

from datetime import date, datetime, time, timedelta
from uuid import UUID

import django_filters
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.principal import Principal
from audit.changes import ACTIONS
from directory.models import State, sorted_by_name
from enlace.alphabetical import sorted_alphabetically


def kind_choices() -> list[tuple[str, str]]:
    """The kinds of record the change log holds (every model auditlog records, and accounts), in the reader's
    alphabetical order."""
    models = {*auditlog.get_models(), get_user_model()}
    choices = [(model._meta.label_lower, str(capfirst(model._meta.verbose_name))) for model in models]
    return sorted_alphabetically(choices, key=lambda choice: choice[1])


class EmailFilter(django_filters.Filter):
    field_class = forms.EmailField


class ChangeLogFilterForm(forms.Form):
    """The checks that span filters, and the State's code read in any case."""

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end of the period comes before its start."))
        return data

    def full_clean(self) -> None:
        # ISO codes are accepted in any case (the "Change log" link of a State's page sends upper case).
        if self.is_bound and "state" in self.data:
            self.data = self.data.copy()
            self.data["state"] = self.data["state"].upper()
        super().full_clean()


class ChangeLogFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind of record"), empty_label=_("Any kind"), method="of_kind")
    action = django_filters.TypedChoiceFilter(
        label=pgettext_lazy("change log action", "Change"),
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Any change")),
            *ACTIONS.items(),
        ],
    )
    actor = EmailFilter(
        label=_("Made by (e-mail address)"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        method="made_by",
    )
    since = django_filters.DateFilter(
        label=pgettext_lazy("date range start", "From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        method="made_since",
    )
    until = django_filters.DateFilter(
        label=pgettext_lazy("date range end", "To"), widget=forms.DateInput(attrs={"type": "date"}), method="made_until"
    )
    state = django_filters.ChoiceFilter(label=_("State"), empty_label=_("All States"), method="of_state")
    # Set by the "change history of this contact" link of a contact's page (never shown: the label only stands in
    # for the one django-filter would make up from the entry's fields, which have no such name).
    contact = django_filters.UUIDFilter(label=_("Contact"), widget=forms.HiddenInput, method="of_contact")

    class Meta:
        model = LogEntry
        fields = ["kind", "action", "actor", "since", "until", "state", "contact"]
        form = ChangeLogFilterForm

    def __init__(self, *args, principal: Principal, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = kind_choices()
        # The States whose records the reader oversees: a manager's participating States, a coordinator's own.
        states = sorted_by_name(State.objects.filter(pk__in=principal.administered_state_ids))
        self.filters["state"].extra["choices"] = [(state.iso3, state.name) for state in states]
        self.states = {state.iso3: state for state in states}

    @property
    def chosen_state(self) -> State | None:
        """The State chosen, if any (for the page's heading)."""
        if not self.is_valid():
            return None
        return self.states.get(self.form.cleaned_data.get("state") or "")

    def of_kind(self, entries: QuerySet, name: str, value: str) -> QuerySet:
        app_label, model = value.split(".")
        kind = ContentType.objects.filter(app_label=app_label, model=model).values("pk")
        # A value looked up once by the database (not a join), so the index on (kind, time) serves the order.
        return entries.filter(content_type_id=Subquery(kind[:1]))

    def made_by(self, entries: QuerySet, name: str, value: str) -> QuerySet:
        users = get_user_model().objects.annotate(address=Lower("email")).filter(address=value.lower())
        return entries.filter(actor_id=Subquery(users.values("pk")[:1]))

    def made_since(self, entries: QuerySet, name: str, value: date) -> QuerySet:
        return entries.filter(timestamp__gte=datetime.combine(value, time.min, tzinfo=timezone.get_current_timezone()))

    def made_until(self, entries: QuerySet, name: str, value: date) -> QuerySet:
        next_day = value + timedelta(days=1)
        return entries.filter(
            timestamp__lt=datetime.combine(next_day, time.min, tzinfo=timezone.get_current_timezone())
        )

    def of_state(self, entries: QuerySet, name: str, value: str) -> QuerySet:
        return entries.filter(additional_data__state=self.states[value].pk)

    def of_contact(self, entries: QuerySet, name: str, value: UUID) -> QuerySet:
        return entries.filter(additional_data__contact=str(value))

    def filtered(self, entries: QuerySet) -> QuerySet:
        """The entries the valid filters select (an invalid filter filters nothing: the form shows its error)."""
        if not self.is_valid():
            return entries
        return self.filter_queryset(entries)
