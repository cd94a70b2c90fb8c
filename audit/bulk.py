"""Change-log entries for rows written in bulk (``bulk_create``, ``bulk_update``, a queryset's delete).

django-auditlog writes its entries from model signals, one query (or two) per
row, and bulk writes send no signals at all. A writer that changes many rows at
once (the spreadsheet import) writes them in bulk, then hands the rows here:
the entries are the ones the signals would have written (same diff, object
representation, additional data, actor and remote address of the request) and
go in with one insert.
"""

from collections.abc import Iterable

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str


def _entries(action: int, pairs: Iterable[tuple[models.Model | None, models.Model | None]]) -> list[LogEntry]:
    if auditlog_disabled.get():
        return []
    cid = get_cid()
    entries = []
    for old, new in pairs:
        instance = new if new is not None else old
        changes = model_instance_diff(old, new, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
        if not changes:
            continue
        additional = getattr(instance, "get_additional_data", None)
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(instance),
                object_pk=str(instance.pk),
                object_id=instance.pk if isinstance(instance.pk, int) else None,
                object_repr=smart_str(instance),
                serialized_data=LogEntry.objects._get_serialized_data_or_none(instance),
                action=action,
                changes=changes,
                additional_data=additional() if callable(additional) else None,
                cid=cid,
            )
        )
    for entry in entries:
        # What auditlog's own receiver adds to an entry it saves: the request's actor and remote address.
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=None, update_fields=None)
    return entries


def log_created(instances: Iterable[models.Model]) -> None:
    """Log the creation of rows just written by ``bulk_create`` (with their primary keys)."""
    instances = list(instances)
    for instance in instances:
        _nothing_points_at(instance)
    LogEntry.objects.bulk_create(_entries(LogEntry.Action.CREATE, ((None, new) for new in instances)))


def _nothing_points_at(instance: models.Model) -> None:
    """A row just created has no row pointing at it one-to-one: say so, rather than ask the database per row.

    (The entry of a creation lists every field, a reverse one-to-one relation such as a contact's user too.)
    """
    for relation in instance._meta.related_objects:
        if relation.one_to_one and not relation.is_cached(instance):
            relation.set_cached_value(instance, None)


def log_updated(pairs: Iterable[tuple[models.Model, models.Model]]) -> None:
    """Log changes written by ``bulk_update``: (the row as it was, the row as it is now) pairs."""
    LogEntry.objects.bulk_create(_entries(LogEntry.Action.UPDATE, pairs))


def log_deleted(instances: Iterable[models.Model]) -> None:
    """Log the deletion of rows (read before they were deleted)."""
    LogEntry.objects.bulk_create(_entries(LogEntry.Action.DELETE, ((old, None) for old in instances)))
