"""Filters of the communication lists (inbox, sent, needs action), read from the URL."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communications.models import CommunicationQuerySet, CommunicationStatus, Tlp, Urgency

OVERDUE = "overdue"
# The API's parameter and values (``is_exercise=true``), so that a filtered address reads the same in both.
EXERCISES, REAL = "true", "false"


class CommunicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            *CommunicationStatus.choices,
            (OVERDUE, _("Overdue (a deadline has passed)")),
        ],
    )
    tlp = forms.ChoiceField(label="TLP", required=False, choices=[("", _("Any TLP label")), *Tlp.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices])
    is_exercise = forms.ChoiceField(
        label=_("Exercises"),
        required=False,
        choices=[("", _("Exercises and real ones")), (REAL, _("Real ones only")), (EXERCISES, _("Exercises only"))],
    )

    def apply(self, communications: CommunicationQuerySet, now=None) -> CommunicationQuerySet:
        if not self.is_valid():
            return communications
        data = self.cleaned_data
        if data.get("status") == OVERDUE:
            communications = communications.overdue(now or timezone.now())
        elif data.get("status"):
            communications = communications.filter(status=data["status"])
        if data.get("tlp"):
            communications = communications.filter(tlp=data["tlp"])
        if data.get("urgency"):
            communications = communications.filter(urgency=data["urgency"])
        if data.get("is_exercise"):
            communications = communications.filter(is_exercise=data["is_exercise"] == EXERCISES)
        return communications
