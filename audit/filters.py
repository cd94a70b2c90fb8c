"""The change log's filters: what kind of record, what was done, by whom, when, in which State, about which contact.

Each filter is one column (or one key of the entry's additional data) compared with one value, so
that an index on that column and the entry's time (migration ``audit.0001``) serves the filter and
the newest-first order together.
"""

from datetime import datetime, time, timedelta

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


class ChangeLogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), required=False)
    action = forms.TypedChoiceField(
        label=pgettext_lazy("change log action", "Change"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Any change")),
            *ACTIONS.items(),
        ],
    )
    actor = forms.EmailField(
        label=_("Made by (e-mail address)"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    since = forms.DateField(
        label=pgettext_lazy("date range start", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=pgettext_lazy("date range end", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    # Set by the "change history of this contact" link of a contact's page.
    contact = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, principal: Principal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *kind_choices()]
        # The States whose records the reader oversees: a manager's participating States, a coordinator's own.
        states = sorted_by_name(State.objects.filter(pk__in=principal.administered_state_ids))
        self.fields["state"].choices = [("", _("All States")), *[(state.iso3, state.name) for state in states]]
        self.states = {state.iso3: state for state in states}

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

    @property
    def chosen_state(self) -> State | None:
        """The State chosen, if any (for the page's heading)."""
        if not self.is_valid():
            return None
        return self.states.get(self.cleaned_data.get("state") or "")

    def apply(self, entries: QuerySet) -> QuerySet:
        """The entries the valid filters select (an invalid form filters nothing: its errors are shown)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data.get("kind"):
            app_label, model = data["kind"].split(".")
            kind = ContentType.objects.filter(app_label=app_label, model=model).values("pk")
            # A value looked up once by the database (not a join), so the index on (kind, time) serves the order.
            entries = entries.filter(content_type_id=Subquery(kind[:1]))
        if data.get("action") is not None:
            entries = entries.filter(action=data["action"])
        if data.get("actor"):
            users = get_user_model().objects.annotate(address=Lower("email")).filter(address=data["actor"].lower())
            entries = entries.filter(actor_id=Subquery(users.values("pk")[:1]))
        zone = timezone.get_current_timezone()
        if data.get("since"):
            entries = entries.filter(timestamp__gte=datetime.combine(data["since"], time.min, tzinfo=zone))
        if data.get("until"):
            next_day = data["until"] + timedelta(days=1)
            entries = entries.filter(timestamp__lt=datetime.combine(next_day, time.min, tzinfo=zone))
        if data.get("state"):
            state = self.states[data["state"]]
            entries = entries.filter(additional_data__state=state.pk)
        if data.get("contact"):
            entries = entries.filter(additional_data__contact=str(data["contact"]))
        return entries
