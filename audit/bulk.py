"""Change-log entries for rows written in bulk (many inserts, updates and deletes at once).

django-auditlog writes its entries from model signals, one insert (or more) per
row, and bulk writes send no signals at all. A writer that changes many rows at
once (the spreadsheet import) collects what it will write in a ``PendingLog``
*before* its transaction, where working out each row's diff costs nothing but
time, and calls ``write()`` inside it, after its own inserts: the entries are
the ones the signals would have written (same diff, object representation,
additional data, actor and remote address of the request) and go in with one
insert.
"""

from collections.abc import Iterable, Sequence

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import get_field_value, model_instance_diff, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str

from enlace.bulk_insert import insert_rows

_COLUMNS = [
    "content_type",
    "object_pk",
    "object_id",
    "object_repr",
    "serialized_data",
    "action",
    "changes",
    "additional_data",
    "cid",
    "actor",
    "actor_email",
    "remote_addr",
    "remote_port",
]


def _diff(old: models.Model | None, new: models.Model | None, fields=None) -> dict | None:
    return model_instance_diff(
        old, new, fields_to_check=fields, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )


def _tracked_fields(model: type[models.Model]) -> list | None:
    """The fields auditlog lists in an entry of ``model`` (None where only its own diff will do)."""
    if model not in _tracked:
        options = auditlog.get_model_fields(model)
        if settings.AUDITLOG_STORE_JSON_CHANGES or options["mask_fields"]:
            _tracked[model] = None
        else:
            fields = [field for field in model._meta.get_fields() if track_field(field)]
            if options["include_fields"]:
                fields = [field for field in fields if field.name in options["include_fields"]]
            _tracked[model] = [field for field in fields if field.name not in options["exclude_fields"]]
    return _tracked[model]


_tracked: dict[type, list | None] = {}


def _creation_diff(instance: models.Model) -> dict:
    """``model_instance_diff(None, instance)``, as text, without working out the empty side field by field.

    (A creation's old side is the text "None" for every field; a field whose value is none too is left out.)
    """
    fields = _tracked_fields(type(instance))
    if fields is None:
        return _diff(None, instance) or {}
    changes = {}
    for field in fields:
        value = get_field_value(instance, field)
        if value != "None":  # compared as auditlog does: an empty foreign key (None) is listed, as "None"
            changes[field.name] = ("None", smart_str(value))
    return changes


def _keys(model: type[models.Model]) -> list[str]:
    """The columns a row gets only when it is inserted: its primary key and its foreign keys."""
    return [field.attname for field in model._meta.concrete_fields if field.primary_key or field.many_to_one]


def _nothing_points_at(instance: models.Model) -> None:
    """A row about to be created has no row pointing at it one-to-one: say so, rather than ask the database.

    (The entry of a creation lists every field, a reverse one-to-one relation such as a contact's user too.)
    """
    for relation in instance._meta.related_objects:
        if relation.one_to_one and not relation.is_cached(instance):
            relation.set_cached_value(instance, None)


class PendingLog:
    """Entries for rows about to be written in bulk; ``write()`` them once the rows are."""

    def __init__(self) -> None:
        # (action, instance, row values but the object's id, whether the row is about to be inserted)
        self._entries: list[tuple[int, models.Model, dict, bool]] = []
        self.disabled = auditlog_disabled.get()

    def _add(self, action: int, instance: models.Model, changes: dict, inserted: bool = False) -> None:
        additional = getattr(instance, "get_additional_data", None)
        values = {
            "content_type": ContentType.objects.get_for_model(instance).pk,
            "object_repr": smart_str(instance),
            "serialized_data": LogEntry.objects._get_serialized_data_or_none(instance),
            "action": action,
            "changes": changes,
            "additional_data": additional() if callable(additional) else None,
        }
        self._entries.append((action, instance, values, inserted))

    def created(self, instances: Iterable[models.Model]) -> None:
        """Rows about to be inserted (their ids, and those of rows inserted with them, are read at ``write()``)."""
        if self.disabled:
            return
        for instance in instances:
            _nothing_points_at(instance)
            self._add(LogEntry.Action.CREATE, instance, _creation_diff(instance), inserted=True)

    def updated(self, pairs: Iterable[tuple[models.Model, models.Model]], fields: Sequence[str] | None = None) -> None:
        """Rows about to be changed: (the row as it is, the row as it will be) pairs; unchanged ones are left out.

        ``fields``: only these may have changed, as ``save(update_fields=…)`` tells auditlog (the instances
        need hold nothing else).
        """
        if self.disabled:
            return
        for old, new in pairs:
            changes = _diff(old, new, fields)
            if changes:
                self._add(LogEntry.Action.UPDATE, new, changes)

    def deleted(self, instances: Iterable[models.Model]) -> None:
        """Rows about to be deleted (as read)."""
        if self.disabled:
            return
        for instance in instances:
            self._add(LogEntry.Action.DELETE, instance, _diff(instance, None) or {})

    def write(self) -> None:
        if not self._entries:
            return
        # What auditlog's own receiver adds to an entry it saves: the request's actor and remote address.
        context = LogEntry(cid=get_cid())
        pre_save.send(sender=LogEntry, instance=context, raw=False, using=None, update_fields=None)
        shared = (context.cid, context.actor_id, context.actor_email, context.remote_addr, context.remote_port)
        keys: dict[type, list[models.Field]] = {}
        rows = []
        for _action, instance, values, inserted in self._entries:
            if inserted:
                values["changes"] = {**values["changes"], **self._inserted_keys(instance, keys)}
            rows.append(
                (
                    values["content_type"],
                    str(instance.pk),
                    instance.pk if isinstance(instance.pk, int) else None,
                    values["object_repr"],
                    values["serialized_data"],
                    values["action"],
                    values["changes"],
                    values["additional_data"],
                    *shared,
                )
            )
        insert_rows(LogEntry, _COLUMNS, rows)
        self._entries = []

    @staticmethod
    def _inserted_keys(instance: models.Model, keys: dict) -> dict:
        """The diff of the columns a row gets only when inserted (its id, the ids of its parents)."""
        model = type(instance)
        if settings.AUDITLOG_STORE_JSON_CHANGES:
            return _diff(None, instance, _keys(model)) or {}
        if model not in keys:
            names = set(_keys(model))
            keys[model] = [field for field in model._meta.concrete_fields if field.attname in names]
        # As auditlog writes a creation in text: (the field's default, None, as text; the value as text).
        changes = {}
        for field in keys[model]:
            value = getattr(instance, field.attname)
            if value is not None:
                changes[field.name] = ("None", smart_str(value))
        return changes
