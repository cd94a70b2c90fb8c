from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from api.models import Access, ApiToken

LIFETIMES = [(30, gettext_lazy("30 days")), (90, gettext_lazy("90 days")), (365, gettext_lazy("One year"))]


class ApiTokenForm(forms.ModelForm):
    lifetime = forms.TypedChoiceField(label=gettext_lazy("Valid for"), choices=LIFETIMES, coerce=int, initial=90)

    class Meta:
        model = ApiToken
        fields = ["name", "access", "directory"]
        widgets = {"access": forms.RadioSelect}

    def __init__(self, *args, directories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["directory"].queryset = directories
        self.fields["directory"].empty_label = gettext_lazy("Every directory I may see")
        self.fields["access"].initial = Access.READ

    @property
    def expires_at(self):
        return timezone.now() + timedelta(days=self.cleaned_data["lifetime"])
