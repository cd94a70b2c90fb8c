"""The forms of a working group's space: a document to share, a meeting to schedule (its day and times typed in
its own time zone, kept in UTC, as every event's) and a meeting's minutes."""

from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directory.contact_rules import time_zone_choices
from enlace.dates import zone
from events.models import Event

UPLOAD_HELP = _("PDF or an office document (Word, Excel, PowerPoint or OpenDocument).")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    upload = forms.FileField(label=_("File"), help_text=UPLOAD_HELP)


class DocumentFilter(forms.Form):
    """The list's filters, read from the URL."""

    q = forms.CharField(label=_("Title or description contains"), required=False, max_length=100)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *settings.LANGUAGES]
    )


class MeetingForm(forms.ModelForm):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    time_zone = forms.ChoiceField(
        label=_("Time zone of the meeting"),
        help_text=_("The day and times above are in this zone; each reader also sees them in their own."),
    )

    class Meta:
        model = Event
        fields = ["title", "time_zone", "place", "online_link", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 6})}

    field_order = ["title", "day", "start_time", "end_time", "time_zone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()

    def clean(self) -> dict:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start_time"), data.get("end_time")
        if day is None or start is None or end is None or not data.get("time_zone"):
            return data
        tz = zone(data["time_zone"])
        starts, ends = datetime.combine(day, start, tzinfo=tz), datetime.combine(day, end, tzinfo=tz)
        if ends <= starts:
            raise ValidationError(_("The meeting must end after it starts."), code="order")
        self.instance.starts_at, self.instance.ends_at = starts.astimezone(UTC), ends.astimezone(UTC)
        return data


class MinutesForm(forms.Form):
    text = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    upload = forms.FileField(label=_("Minutes (file)"), required=False, help_text=UPLOAD_HELP)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("text") and not data.get("upload"):
            raise ValidationError(_("Write the minutes, attach them as a file, or both."), code="empty")
        return data
