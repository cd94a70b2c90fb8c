"""How a change-log entry reads: what was done, and each change by the field's name in the reader's language.

An entry keeps its changes as they were recorded: the fields' names in the code and the values as stored.
The page names each field as its form does (the model field's verbose name, in the reader's language),
writes a choice by its label and an empty value as a dash; a field that no longer exists keeps its
recorded name. The record's own name (``object_repr``) stays as it was written at the time.
"""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
}
EMPTY = "—"
# Columns every record has, which say nothing a reader looks for in a change.
_BOOKKEEPING = {"id", "created", "updated"}


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def action_label(entry: LogEntry) -> str:
    return str(ACTIONS.get(entry.action) or entry.get_action_display())


def changes_of(entry: LogEntry) -> list[Change]:
    """The entry's changes, each field named and each value written as the reader reads them."""
    model = entry.content_type.model_class()
    changes = []
    for name, values in entry.changes_dict.items():
        field = _field(model, name)
        if name in _BOOKKEEPING or isinstance(field, models.ForeignObjectRel):
            continue  # the entry's own time says when; a reverse relation is recorded as its records' change
        before, after = [*values, None, None][:2] if isinstance(values, list | tuple) else (None, values)
        label = _label(field) if field is not None else name
        changes.append(Change(label, _value(field, before), _value(field, after)))
    return changes


def _label(field: models.Field) -> str:
    return str(capfirst(field.verbose_name))


def _field(model: type[models.Model] | None, name: str) -> models.Field | models.ForeignObjectRel | None:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(field: models.Field | None, value: object) -> str:
    if value in (None, "", "None"):
        return EMPTY
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
