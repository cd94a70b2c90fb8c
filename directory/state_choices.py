"""Form fields that offer States by their names in the reader's language, in its alphabetical order."""

from django import forms
from django.forms.models import ModelChoiceIterator

from directory.models import State, sorted_by_name


class _ByName(ModelChoiceIterator):
    # The database sorts only English names, by code point; the reader's order is known in Python.
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for state in sorted_by_name(self.queryset):
            yield self.choice(state)


class StateChoiceField(forms.ModelChoiceField):
    iterator = _ByName

    def label_from_instance(self, state: State) -> str:
        return state.name
