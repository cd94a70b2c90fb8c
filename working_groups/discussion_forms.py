"""The discussion's forms: a post, and how one hears of a group's discussion."""

from django import forms
from django.utils.translation import pgettext_lazy

from working_groups.discussion_models import POST_MAX_LENGTH, Notify


class PostForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("discussion post", "Your message"),
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=pgettext_lazy("discussion post", "Plain text; web addresses become links."),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(pgettext_lazy("discussion post", "Write a message."))
        return text


class PreferenceForm(forms.Form):
    notify = forms.ChoiceField(
        label=pgettext_lazy("discussion e-mails", "E-mails about this group's discussion"),
        choices=Notify.choices,
        widget=forms.RadioSelect,
    )
