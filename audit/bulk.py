"""Change-log entries for rows written in bulk (many inserts, updates and deletes at once).

django-auditlog writes its entries from model signals, one insert (or more) per
row, and bulk writes send no signals at all. A writer that changes many rows at
once (the spreadsheet import) collects what it will write in a ``PendingLog``
*before* its transaction, where working out each row's diff costs nothing but
time, and calls ``write()`` inside it, after its own inserts: the entries are
the ones the signals would have written (same diff, object representation,
additional data, actor and remote address of the request) and go in with one
insert.

A writer that already holds each row as plain values, and knows what changes
in it (the import), adds its entries with ``created_row``, ``updated_row`` and
``deleted_row``: the same entries, worked out from the values with no model
instance and no introspection per row (each model's tracked fields are looked up
once), and ``rows()`` hands them over to be written with the writer's own rows.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import get_field_value, model_instance_diff, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.encoding import smart_str

from audit.chain import extend_on_commit
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


@dataclass(frozen=True)
class _RowTemplate:
    """How auditlog reads a model's tracked fields, worked out once: concrete fields from the row's values,
    and the text a reverse relation always reads as (its manager's name; nothing points at a new row)."""

    concrete: list[tuple[str, str, Callable]]  # (field name, attname, the value auditlog compares)
    related: dict[str, str]  # reverse relations' field name -> their text when the row is created or deleted
    defaults: dict[str, object]  # attname -> the value a row left without one is stored with


def _auditlog_value(field: models.Field) -> Callable:
    """What ``auditlog.diff.get_field_value`` makes of a value of ``field`` (text, or a key as it is)."""
    if isinstance(field, models.DateTimeField):

        def as_utc(value):
            value = field.to_python(value)
            if value is not None and settings.USE_TZ and not timezone.is_naive(value):
                value = timezone.make_naive(value, timezone=UTC)
            return value

        return as_utc
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(field.to_python(value), sort_keys=True, cls=field.encoder)
    if (field.one_to_one or field.many_to_one) and hasattr(field, "rel_class"):
        return lambda value: value if value is None or type(value) is int else smart_str(value, strings_only=True)
    return _text


def _text(value) -> str:
    """``smart_str(value)``, without its checks for the texts, numbers and dates most values are."""
    if type(value) is str:
        return value
    return smart_str(value) if isinstance(value, bytes) else str(value)


def _row_template(model: type[models.Model]) -> _RowTemplate | None:
    """The model's template, or None where entries need the instance (masked or serialised data, other settings)."""
    if model not in _templates:
        options = auditlog.get_model_fields(model)
        fields = _tracked_fields(model)
        if (
            fields is None
            or getattr(settings, "AUDITLOG_USE_FK_STRING_REPRESENTATION", False)
            or auditlog.get_serialize_options(model)["serialize_data"]
            or options["mask_fields"]
        ):
            _templates[model] = None
        else:
            prototype = model()
            _nothing_points_at(prototype)
            concrete = [(f.name, f.attname, _auditlog_value(f)) for f in fields if getattr(f, "concrete", False)]
            related = {f.name: get_field_value(prototype, f) for f in fields if not getattr(f, "concrete", False)}
            # What the database stores for a column a writer leaves out (a callable default, such as a new
            # code, has to be given: the entry must name the value the row got).
            defaults = {
                f.attname: f.get_default()
                for f in model._meta.concrete_fields
                if not (f.has_default() and callable(f.default))
            }
            _templates[model] = _RowTemplate(concrete, related, defaults)
    return _templates[model]


_templates: dict[type, _RowTemplate | None] = {}


def _text_changes(template: _RowTemplate, values: dict, created: bool) -> dict:
    """A creation's (or, reversed, a deletion's) changes: each tracked field's text beside "None"."""
    changes = {}
    for name, attname, read in template.concrete:
        value = read(values[attname] if attname in values else template.defaults.get(attname))
        if value != "None":
            changes[name] = ("None", _text(value)) if created else (_text(value), "None")
    for name, text in template.related.items():
        if text != "None":
            changes[name] = ("None", text) if created else (text, "None")
    return changes


def entries_from_values(model: type[models.Model]) -> bool:
    """Whether an entry of ``model`` can be worked out from its row's values alone (``updated_row`` and the like),
    as they are with this project's settings; not where auditlog must read a model instance to write one."""
    return _row_template(model) is not None


class PendingLog:
    """Entries for rows about to be written in bulk; ``write()`` them once the rows are."""

    def __init__(self, actor=None) -> None:
        # Who the entries name when no request says who acts (a job in the worker acts for its owner).
        self.actor = actor
        # (action, instance, row values but the object's id, whether the row is about to be inserted)
        self._entries: list[tuple[int, models.Model | int, dict, bool]] = []
        self._content_types: dict[type, int] = {}
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

    # Rows a writer holds as values (the columns by attname, the new row's id included).

    def created_row(self, model: type[models.Model], values: dict, text: str, additional: dict | None) -> None:
        """A row about to be inserted, with its id: ``text`` is its ``str()``, ``additional`` its additional data."""
        if self.disabled:
            return
        template = _row_template(model)
        if template is None:
            self.created([self._instance(model, values)])
            return
        self._add_row(model, LogEntry.Action.CREATE, values[model._meta.pk.attname], text, additional, template, values)

    def updated_row(
        self, model: type[models.Model], pk, before: dict, after: dict, text: str, additional: dict | None
    ) -> None:
        """A row about to change from ``before`` to ``after`` (the columns that may change, by attname)."""
        if self.disabled:
            return
        template = _row_template(model)
        if template is None:
            old, new = self._instance(model, {"pk": pk, **before}), self._instance(model, {"pk": pk, **after})
            self.updated([(old, new)])
            return
        changes = {}
        for name, attname, read in template.concrete:
            if attname in after:
                old, new = read(before[attname]), read(after[attname])
                if old != new:
                    changes[name] = (_text(old), _text(new))
        if changes:
            self._entries.append(
                (
                    LogEntry.Action.UPDATE,
                    pk,
                    self._values(model, LogEntry.Action.UPDATE, text, changes, additional),
                    False,
                )
            )

    def deleted_row(self, model: type[models.Model], values: dict, text: str, additional: dict | None) -> None:
        """A row about to be deleted, as read (every column, by attname)."""
        if self.disabled:
            return
        template = _row_template(model)
        if template is None or any(relation.one_to_one for relation in model._meta.related_objects):
            self.deleted([self._instance(model, values)])
            return
        self._add_row(model, LogEntry.Action.DELETE, values[model._meta.pk.attname], text, additional, template, values)

    def _add_row(self, model, action, pk, text, additional, template, values) -> None:
        changes = _text_changes(template, values, created=action == LogEntry.Action.CREATE)
        self._entries.append((action, pk, self._values(model, action, text, changes, additional), False))

    def _values(self, model, action: int, text: str, changes: dict, additional: dict | None) -> dict:
        if model not in self._content_types:  # (ContentType's own cache, asked once a model rather than a row)
            self._content_types[model] = ContentType.objects.get_for_model(model).pk
        return {
            "content_type": self._content_types[model],
            "object_repr": text,
            "serialized_data": None,
            "action": action,
            "changes": changes,
            "additional_data": additional,
        }

    @staticmethod
    def _instance(model: type[models.Model], values: dict) -> models.Model:
        instance = model(**{name: value for name, value in values.items()})
        instance._state.adding = False
        return instance

    def __len__(self) -> int:
        return len(self._entries)

    def rows(self) -> tuple[list[str], list[tuple]]:
        """The entries as ``LogEntry`` rows (``_COLUMNS``, no id), for a writer that inserts them with its own rows."""
        shared = self.context()
        keys: dict[type, list[models.Field]] = {}
        rows = []
        for _action, subject, values, inserted in self._entries:
            if isinstance(subject, models.Model):
                if inserted:
                    values["changes"] = {**values["changes"], **self._inserted_keys(subject, keys)}
                pk = subject.pk
            else:
                pk = subject
            rows.append(
                (
                    values["content_type"],
                    str(pk),
                    pk if isinstance(pk, int) else None,
                    values["object_repr"],
                    values["serialized_data"],
                    values["action"],
                    values["changes"],
                    values["additional_data"],
                    *shared,
                )
            )
        self._entries = []
        return list(_COLUMNS), rows

    def context(self) -> tuple:
        """What auditlog's own receiver adds to an entry it saves: the correlation id, the request's actor (or
        ``actor``) and its e-mail, and the remote address and port: ``_COLUMNS[-5:]``, in that order."""
        context = LogEntry(cid=get_cid())
        pre_save.send(sender=LogEntry, instance=context, raw=False, using=None, update_fields=None)
        if context.actor_id is None and self.actor is not None:
            context.actor, context.actor_email = self.actor, getattr(self.actor, "email", None)
        return (context.cid, context.actor_id, context.actor_email, context.remote_addr, context.remote_port)

    def write(self) -> None:
        if not self._entries:
            return
        columns, rows = self.rows()
        insert_rows(LogEntry, columns, rows)
        extend_on_commit()  # chained once the writer's transaction commits (a writer of rows() leaves it to the next)

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
