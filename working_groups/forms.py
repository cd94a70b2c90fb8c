"""The manager's forms (a group with its member States and their roles, a plan, a line of action, a product), the
progress form, and the directory's working-group rules on its settings page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Directory, State
from enlace.translated_text_forms import WrittenInLanguagesForm
from working_groups.choices import GroupRole, ProductStatus
from working_groups.models import GroupRules, LineOfAction, Product, WorkingGroup, WorkPlan

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _participants(directory: Directory):
    return State.objects.filter(participations__directory=directory).order_by("english_name")


class GroupForm(WrittenInLanguagesForm):
    """The group and, for each State of the directory, its role in the group (or none)."""

    TEXTS = {
        "name": (_("Name"), 200, True, False),
        "purpose": (_("Purpose"), None, False, True),
    }

    class Meta:
        model = WorkingGroup
        fields = ["original_language", "parent", "lead_state", "status", "is_public"]

    def __init__(self, *args, directory: Directory, members: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.states = list(_participants(directory))
        self.fields["lead_state"].queryset = _participants(directory)
        parents = WorkingGroup.objects.of_directory(directory).filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        roles = [("", _("Not a member")), *GroupRole.choices]
        for state in self.states:
            self.fields[f"role_{state.pk}"] = forms.ChoiceField(
                label=state.name, choices=roles, required=False, initial=members.get(state, "")
            )

    @property
    def role_fields(self) -> list:
        return [self[f"role_{state.pk}"] for state in self.states]

    @property
    def other_fields(self) -> list:
        return [field for field in super().other_fields if not field.name.startswith("role_")]

    def members(self) -> dict:
        return {
            state: self.cleaned_data[f"role_{state.pk}"]
            for state in self.states
            if self.cleaned_data.get(f"role_{state.pk}")
        }


class PlanForm(WrittenInLanguagesForm):
    TEXTS = {"title": (_("Title"), 200, True, False)}

    class Meta:
        model = WorkPlan
        fields = [
            "original_language",
            "group",
            "period_start",
            "period_end",
            "approved_on",
            "approval_meeting",
            "approval_document",
        ]
        widgets = {"period_start": DAY, "period_end": DAY, "approved_on": DAY}
        help_texts = {"group": _("Leave empty for a plan of the whole directory.")}

    def __init__(self, *args, directory: Directory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = WorkingGroup.objects.of_directory(directory)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class LineForm(WrittenInLanguagesForm):
    TEXTS = {
        "title": (_("Line of action"), 300, True, False),
        "purpose": (_("Purpose"), None, False, True),
    }

    class Meta:
        model = LineOfAction
        fields = ["original_language", "position"]


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "line",
            "position",
            "title",
            "kind",
            "responsible_states",
            "deadline_text",
            "due_from",
            "due_until",
            "status",
            "depends_on",
        ]
        widgets = {
            "due_from": DAY,
            "due_until": DAY,
            "responsible_states": forms.CheckboxSelectMultiple,
            "depends_on": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "due_from": _("Leave both dates empty to read them from the deadline as written."),
        }

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = plan.lines.all()
        self.fields["responsible_states"].queryset = _participants(plan.directory)
        self.fields["responsible_states"].required = False
        others = Product.objects.filter(plan=plan).in_plan_order()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["depends_on"].queryset = others
        self.fields["depends_on"].required = False
        self.fields["depends_on"].label = _("Depends on")
        for name in ("due_from", "due_until"):
            self.fields[name].required = False


class ProgressForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DAY)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("Status"), choices=ProductStatus.choices)
    upload = forms.FileField(label=_("Attachment"), required=False, help_text=_("PDF or an office document."))


class ImportForm(forms.Form):
    upload = forms.FileField(label=_("Spreadsheet"), help_text=_("XLSX or CSV, with the columns of the export."))


class GroupRulesForm(forms.ModelForm):
    """The working-group rules on a directory's settings page (saved with the directory's own settings)."""

    class Meta:
        model = GroupRules
        fields = ["minimum_member_states"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The settings page of a directory saved before this rule existed posts no value: the default stands.
        self.fields["minimum_member_states"].required = False

    def clean_minimum_member_states(self) -> int:
        value = self.cleaned_data.get("minimum_member_states")
        return value if value is not None else self.instance.minimum_member_states
