"""A feature's rule shown as a field of the resource it belongs to (a directory's ping test interval)."""

from typing import Any

from rest_framework import serializers
from rest_framework.utils.field_mapping import get_field_kwargs


class FeatureRuleField(serializers.IntegerField):
    """An integer a feature keeps in its own row for an object (``model.of(obj)``: the feature's defaults while
    the object has none), described in the schema as the model's field is."""

    def __init__(self, model, name: str):
        self.model, self.name = model, name
        kwargs = get_field_kwargs(name, model._meta.get_field(name))
        kwargs.pop("model_field", None)  # what a ModelSerializer's own fields keep; this one reads through of()
        super().__init__(source="*", **kwargs)

    def get_attribute(self, instance: Any) -> int:
        return getattr(self.model.of(instance), self.name)
