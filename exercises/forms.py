"""The forms a controller fills in to prepare and run an exercise: the exercise, its injects, and the board's.

Times are typed in the reader's own time zone (the label names it) and kept in UTC, as the rest of Enlace.
An inject's message is the chosen communication template's own form (``communication_templates.content``),
filled in beside this envelope as a sender's new communication is.
"""

from datetime import UTC, datetime

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from communication_templates.fields import FieldType
from communication_templates.models import CommunicationTemplate, TemplateKind, TemplateVersion
from communications.models import Audience
from directory.models import Directory, State
from directory.state_choices import StateChoiceField
from enlace.dates import zone
from exercises.choices import CONTROLLER_CHANNELS, MARKED_OUTCOMES, ExerciseKind, ExerciseStatus
from exercises.models import INJECT_TLPS, Exercise, Inject


class StateMultipleChoiceField(forms.ModelMultipleChoiceField):
    """States by their names in the reader's language."""

    iterator = StateChoiceField.iterator

    def label_from_instance(self, state: State) -> str:
        return state.name


class ControllerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user.name} <{user.email}>" if user.name else user.email


class ZonedDateTimeField(forms.DateTimeField):
    """A browser date-time picker read in the reader's time zone and kept in UTC."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "60"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, zone_name: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.zone_name = zone_name

    def to_python(self, value) -> datetime | None:
        with timezone.override(zone(self.zone_name)):
            moment = super().to_python(value)
        return moment.astimezone(UTC) if moment else None

    def prepare_value(self, value):
        with timezone.override(zone(self.zone_name)):
            return super().prepare_value(value)


def controller_candidates(directory: Directory) -> QuerySet:
    """Who may be named a controller: the directory's managers and its participating States' coordinators."""
    managers = Q(role_assignments__role=Role.MANAGER, role_assignments__directory=directory)
    coordinators = Q(
        role_assignments__role=Role.COORDINATOR,
        role_assignments__state__participations__directory=directory,
    )
    return get_user_model().objects.filter(managers | coordinators, is_active=True).distinct().order_by("name", "email")


class ExerciseForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages the exercise is played in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Its messages reach each recipient in their own language."),
    )
    states = StateMultipleChoiceField(
        label=gettext_lazy("Participating States"),
        queryset=State.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Used when not every participating State takes part."),
    )
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles addressed"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Who in each State receives a communication check."),
    )
    controllers = ControllerChoiceField(
        label=gettext_lazy("Controllers"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy(
            "They run the exercise and see every State's results: the directory's managers, or the national "
            "coordinators you name."
        ),
    )

    class Meta:
        model = Exercise
        fields = [
            "kind",
            "title",
            "objectives",
            "languages",
            "all_states",
            "states",
            "roles",
            "controllers",
            "starts_at",
            "ends_at",
            "acknowledgement_hours",
        ]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "acknowledgement_hours": {
                "min_value": gettext_lazy("Give at least 1 hour."),
                "max_value": gettext_lazy("Give at most 720 hours (30 days)."),
            }
        }

    def __init__(self, *args, directory: Directory, zone_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = directory
        self.fields["states"].queryset = directory.participants.all()
        self.fields["controllers"].queryset = controller_candidates(directory)
        for name, label in (("starts_at", gettext_lazy("Starts")), ("ends_at", gettext_lazy("Ends"))):
            self.fields[name] = ZonedDateTimeField(
                label=label,
                zone_name=zone_name,
                required=False,
                help_text=_("In your time zone, %(zone)s. Needed before the exercise is scheduled.")
                % {"zone": zone(zone_name).key},
                error_messages={"invalid": _("Enter a date and time, for example 2026-11-23 14:30.")},
            )
        self.fields["acknowledgement_hours"].help_text = _(
            "Communication checks: how long each point of contact has to acknowledge."
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The exercise must end after it starts."))
        if not cleaned.get("all_states") and not cleaned.get("states"):
            self.add_error("states", _("Choose the States that take part, or tick “every participating State”."))
        if cleaned.get("kind") == ExerciseKind.COMMUNICATION_CHECK and not cleaned.get("roles"):
            self.add_error("roles", _("Choose the roles the communication check addresses."))
        return cleaned

    def _post_clean(self) -> None:
        # The model's own check that a scheduled exercise has times does not apply to a draft being written.
        self.instance.directory = self.directory
        super()._post_clean()


def _initial_content(version: TemplateVersion, values: dict) -> dict:
    """Stored values as the template's form shows them again: yes/no as the choice, times for the picker."""
    initial = {}
    for definition in version.definitions:
        value = values.get(definition.name)
        if value is None:
            continue
        if definition.type == FieldType.YES_NO:
            value = "yes" if value else "no"
        elif definition.type == FieldType.DATETIME_UTC:
            value = str(value).replace("Z", "")[:16]
        initial[definition.name] = value
    return initial


def content_form(version: TemplateVersion, language: str, data=None, values: dict | None = None):
    """The template's own form for the inject's message (prefixed ``content``)."""
    return version.form_class(language)(data, prefix="content", initial=_initial_content(version, values or {}))


def inject_templates(directory: Directory) -> QuerySet:
    """The directory's active communication templates an inject can be built from (answers are the players')."""
    return (
        CommunicationTemplate.objects.of_directory(directory)
        .active()
        .exclude(kind=TemplateKind.ANSWER)
        .with_versions()
        .order_by("kind", "key")
    )


class InjectForm(forms.ModelForm):
    AT_OFFSET, AFTER_INJECT = "offset", "follows"
    timing = forms.ChoiceField(
        label=gettext_lazy("Sent"),
        choices=[
            (AT_OFFSET, gettext_lazy("A number of minutes after the start")),
            (AFTER_INJECT, gettext_lazy("A number of minutes after another inject")),
        ],
        initial=AT_OFFSET,
        widget=forms.RadioSelect,
    )
    states = StateMultipleChoiceField(
        label=gettext_lazy("Addressed States"),
        queryset=State.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None chosen: every participating State but the sender."),
    )
    sender_state = StateChoiceField(label=gettext_lazy("From"), queryset=State.objects.none(), empty_label=None)
    template = forms.ModelChoiceField(queryset=CommunicationTemplate.objects.none(), widget=forms.HiddenInput)
    language = forms.ChoiceField(label=gettext_lazy("Language of the free text"), choices=settings.LANGUAGES)

    class Meta:
        model = Inject
        fields = [
            "title",
            "timing",
            "offset_minutes",
            "follows",
            "delay_minutes",
            "states",
            "audience",
            "sender_state",
            "template",
            "tlp",
            "language",
            "acknowledge_within_hours",
            "answer_within_hours",
            "expected_action",
        ]
        widgets = {"audience": forms.RadioSelect}
        help_texts = {
            "tlp": gettext_lazy("An exercise keeps its injects' content, so they carry TLP:CLEAR or TLP:GREEN."),
            "sender_state": gettext_lazy("The State the inject comes from, played by the controllers."),
        }

    def __init__(self, *args, exercise: Exercise, template: CommunicationTemplate, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        directory = exercise.directory
        self.fields["states"].queryset = exercise.participating_states()
        self.fields["sender_state"].queryset = directory.participants.all()
        self.fields["template"].queryset = inject_templates(directory)
        self.fields["template"].initial = template.pk
        self.fields["tlp"].choices = INJECT_TLPS
        self.fields["language"].initial = language
        others = exercise.injects.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["follows"].queryset = others
        self.fields["follows"].required = False
        if self.instance.pk and self.instance.follows_id:
            self.initial["timing"] = self.AFTER_INJECT
        if not exercise.is_running:
            self.fields["send_now"] = forms.BooleanField(widget=forms.HiddenInput, required=False)
        else:
            self.fields["send_now"] = forms.BooleanField(
                label=gettext_lazy("Send it now (otherwise at its time from now)"), required=False
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("timing") == self.AFTER_INJECT:
            cleaned["offset_minutes"] = None
            if not cleaned.get("follows"):
                self.add_error("follows", _("Choose the inject this one follows."))
            if cleaned.get("delay_minutes") is None:
                self.add_error("delay_minutes", _("Say how many minutes after that inject it is sent."))
        else:
            cleaned["follows"], cleaned["delay_minutes"] = None, None
            if cleaned.get("offset_minutes") is None and not cleaned.get("send_now"):
                self.add_error("offset_minutes", _("Say how many minutes after the start it is sent."))
            if cleaned.get("offset_minutes") is None and cleaned.get("send_now"):
                cleaned["offset_minutes"] = 0
        if not any(
            cleaned.get(name) for name in ("acknowledge_within_hours", "answer_within_hours", "expected_action")
        ):
            self.add_error(
                None, _("Give at least one expectation: acknowledge within, answer within, or an expected action.")
            )
        sender, states = cleaned.get("sender_state"), cleaned.get("states")
        if sender and states and sender in states:
            self.add_error("states", _("An inject goes to other States than the one it comes from."))
        return cleaned

    def _post_clean(self) -> None:
        self.instance.exercise = self.exercise
        # The model checks that exactly one timing is given: the one the form keeps.
        self.instance.offset_minutes = self.cleaned_data.get("offset_minutes")
        self.instance.follows = self.cleaned_data.get("follows")
        self.instance.delay_minutes = self.cleaned_data.get("delay_minutes")
        super()._post_clean()


class ControlForm(forms.Form):
    SCHEDULE, UNSCHEDULE, START, PAUSE, RESUME, END, REPORTED = (
        "schedule",
        "unschedule",
        "start",
        "pause",
        "resume",
        "end",
        "reported",
    )
    # Steps that cannot be undone: the page asks first.
    CONFIRMED = {START, END, REPORTED}
    action = forms.ChoiceField(
        choices=[(value, value) for value in (SCHEDULE, UNSCHEDULE, START, PAUSE, RESUME, END, REPORTED)]
    )
    confirm = forms.BooleanField(required=False)


class RecordCheckForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Acknowledged by"),
        choices=[(channel.value, channel.label) for channel in CONTROLLER_CHANNELS],
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=1000)


class MarkActionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Expected action"),
        choices=[(outcome.value, outcome.label) for outcome in MARKED_OUTCOMES],
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class ExerciseListFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), empty_label=gettext_lazy("Any status"), choices=ExerciseStatus.choices
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"), empty_label=gettext_lazy("Any kind"), choices=ExerciseKind.choices
    )

    class Meta:
        model = Exercise
        fields = ["status", "kind"]

    def filtered(self, exercises: QuerySet) -> QuerySet:
        """The exercises the filters select (an address with an invalid value filters nothing: the form says why)."""
        if not self.is_bound or not self.form.is_valid():
            return exercises
        return self.filter_queryset(exercises)
