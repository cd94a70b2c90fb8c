"""The manager's event form (its day and times typed in the event's own time zone, kept in UTC), the form that
attaches a file, and the attendance record."""

from datetime import UTC, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from access.principal import Principal
from directory.contact_rules import time_zone_choices
from directory.models import Directory, State
from enlace.dates import zone
from events.models import Event
from repository.models import Document


class EventForm(forms.ModelForm):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_day = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for an event of several days."),
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    time_zone = forms.ChoiceField(
        label=_("Time zone of the event"),
        help_text=_("The day and times above are in this zone; each reader also sees them in their own."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "status",
            "time_zone",
            "place",
            "online_link",
            "agenda",
            "all_states",
            "states",
            "roles",
            "capacity",
            "is_public",
            "remind_hours_before",
            "documents",
        ]
        widgets = {
            "states": forms.CheckboxSelectMultiple,
            "roles": forms.CheckboxSelectMultiple,
            "documents": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "capacity": _("Leave empty for no limit. Beyond it, people join a waiting list."),
            "roles": _("None chosen: every role. National coordinators are always invited."),
            "is_public": _("Its title, times and place only; never who registered."),
        }

    field_order = ["kind", "title", "status", "day", "start_time", "end_day", "end_time", "time_zone"]

    def __init__(self, *args, directory: Directory, principal: Principal, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = directory
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["states"].queryset = State.objects.filter(participations__directory=directory).order_by(
            "english_name"
        )
        self.fields["roles"].queryset = directory.roles.all()
        participants = State.objects.filter(participations__directory=directory)
        self.fields["documents"].queryset = (
            Document.objects.restrict(principal, "view").filter(state__in=participants).order_by("name", "pk")
        )
        self.fields["documents"].required = False
        event = self.instance
        if event.pk:
            tz = zone(event.time_zone)
            start, end = event.starts_at.astimezone(tz), event.ends_at.astimezone(tz)
            self.initial.update(
                day=start.date(),
                start_time=start.time(),
                end_day=end.date() if end.date() != start.date() else None,
                end_time=end.time(),
            )

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day is None or start is None or end is None or not data.get("time_zone"):
            return data
        tz = zone(data["time_zone"])
        starts = datetime.combine(day, start, tzinfo=tz)
        ends = datetime.combine(data.get("end_day") or day, end, tzinfo=tz)
        if ends <= starts:
            raise ValidationError(_("The event must end after it starts."), code="order")
        self.instance.starts_at, self.instance.ends_at = starts.astimezone(UTC), ends.astimezone(UTC)
        if not data.get("all_states") and not data.get("states"):
            self.add_error("states", _("Choose the invited States, or invite every participating State."))
        return data


class AttachFileForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    upload = forms.FileField(label=_("File"), help_text=_("PDF or an office document."))


class AttendanceForm(forms.Form):
    """Who of the registered came: one checkbox per registration (its id)."""

    attended = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(registration.pk, str(registration.user)) for registration in registrations]
