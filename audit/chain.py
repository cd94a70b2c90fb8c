"""The change log made tamper-evident: every entry is chained to the one before it by a hash.

Each entry gets a link (``ChainLink``): its position, the previous link's hash, and
``sha256(previous hash + the entry's canonical serialisation)``. Editing an entry, deleting one, or changing
their order breaks the chain from that entry on, and ``manage.py verify_change_log`` names the first one
broken. The chain's head (``ChainHead``, one row) holds the last position and hash: removing the latest
entries together with their links shows too.

Every entry written is noted in ``ChainPending`` by a trigger on the change log's table (whatever wrote it).
Entries are linked just after their transaction commits, in the order of their ids, by whichever process
commits: a writer locks the head row, links the noted entries, forgets them, and commits. Two processes
writing at once therefore still form one chain (the second waits for the lock, then finds the first's
links). Writers that insert entries with SQL of their own (a ping's confirmation)
leave them to the next writer, or to the scheduler, which links them every minute.

The hash covers what an entry says, and not its link to the user account (``actor``), which deleting an
account empties by design: the actor's e-mail address, which stays, is covered.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
# The entry's columns the hash covers, by attname.
FIELDS = (
    "id",
    "timestamp",
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "serialized_data",
    "action",
    "changes_text",
    "changes",
    "cid",
    "actor_email",
    "remote_addr",
    "remote_port",
    "additional_data",
)
BATCH = 1000


def canonical(values: dict) -> bytes:
    """An entry as one text: its fields as sorted, compact JSON (the time in UTC, ISO 8601)."""
    data = dict(values)
    data["timestamp"] = values["timestamp"].astimezone(UTC).isoformat()
    return json.dumps(
        {name: data[name] for name in FIELDS}, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    ).encode("utf-8")


def link_hash(previous: str, values: dict) -> str:
    return hashlib.sha256(previous.encode("ascii") + canonical(values)).hexdigest()


def _models():
    from auditlog.models import LogEntry

    from audit.models import ChainHead, ChainLink, ChainPending

    return LogEntry, ChainLink, ChainHead, ChainPending


def extend_chain(using: str = DEFAULT_DB_ALIAS) -> int:
    """Link every entry written and not linked yet, in id order; return how many.

    A batch at a time, each in a short transaction of its own: a large import's entries do not hold the
    database (SQLite's one writer) for longer than a batch.
    """
    log_entry, chain_link, chain_head, chain_pending = _models()
    linked = 0
    while True:
        with transaction.atomic(using=using):
            head = _locked_head(chain_head, using)
            ids = list(
                chain_pending.objects.using(using).order_by("entry_id").values_list("entry_id", flat=True)[:BATCH]
            )
            if not ids:
                return linked
            entries = log_entry.objects.using(using).filter(pk__in=ids).order_by("pk").values(*FIELDS)
            linked += _link(head, list(entries), chain_link, using)
            chain_pending.objects.using(using).filter(entry_id__in=ids).delete()


def chain_every_entry(log_entry, chain_link, chain_head, using: str = DEFAULT_DB_ALIAS) -> int:
    """Link all the entries there are, in id order (the migration that starts the chain)."""
    with transaction.atomic(using=using):
        head = _locked_head(chain_head, using)
        last, linked = 0, 0
        while batch := list(log_entry.objects.using(using).filter(pk__gt=last).order_by("pk").values(*FIELDS)[:BATCH]):
            linked += _link(head, batch, chain_link, using)
            last = batch[-1]["id"]
        return linked


def _link(head, entries: list[dict], chain_link, using: str) -> int:
    links = []
    for values in entries:
        head.position += 1
        digest = link_hash(head.hash, values)
        links.append(chain_link(position=head.position, entry_id=values["id"], previous_hash=head.hash, hash=digest))
        head.hash = digest
    chain_link.objects.using(using).bulk_create(links)
    head.save(using=using, update_fields=["position", "hash"])
    return len(links)


def _locked_head(chain_head, using: str):
    """The head row, locked until the transaction ends (made on first use: a fresh or emptied database)."""
    head = chain_head.objects.using(using).select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    try:
        with transaction.atomic(using=using):
            chain_head.objects.using(using).create(pk=1, position=0, hash=GENESIS)
    except IntegrityError:
        pass  # another writer made it meanwhile
    return chain_head.objects.using(using).select_for_update().get(pk=1)


def _extend_after_commit() -> None:
    extend_chain()


def extend_on_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Link the entries this transaction writes once it commits (once per transaction, however many)."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(entry[1] is _extend_after_commit for entry in connection.run_on_commit):
        return
    # Robust: the entries are written whatever happens; one left unlinked is linked by the next writer.
    transaction.on_commit(_extend_after_commit, using=using, robust=True)


def entry_written(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """``post_save`` of a change-log entry."""
    if created and not raw:
        extend_on_commit(kwargs.get("using") or DEFAULT_DB_ALIAS)


@dataclass
class Verdict:
    ok: bool
    checked: int
    message: str
    unlinked: int = 0


def verify_chain(using: str = DEFAULT_DB_ALIAS) -> Verdict:
    """Walk the chain from its start: the first entry changed, moved or deleted, or OK."""
    log_entry, chain_link, chain_head, chain_pending = _models()
    previous, position, checked = GENESIS, 0, 0
    links = chain_link.objects.using(using).order_by("position")
    last_id = 0
    while True:
        batch = list(links.filter(position__gt=position)[:BATCH])
        if not batch:
            break
        entries = {
            values["id"]: values
            for values in log_entry.objects.using(using)
            .filter(pk__in=[link.entry_id for link in batch])
            .values(*FIELDS)
        }
        for link in batch:
            entry = entries.get(link.entry_id)
            if link.position != position + 1:
                return Verdict(
                    False,
                    checked,
                    f"Broken before entry {link.entry_id}: the chain skips from position {position} to "
                    f"{link.position} (entries were removed with their links).",
                )
            if link.previous_hash != previous:
                return Verdict(
                    False,
                    checked,
                    f"Broken at entry {link.entry_id} (position {link.position}): it does not follow the entry "
                    "before it (entries were removed or reordered).",
                )
            if entry is None:
                return Verdict(False, checked, f"Broken at entry {link.entry_id} (position {link.position}): deleted.")
            if link_hash(previous, entry) != link.hash:
                return Verdict(
                    False,
                    checked,
                    f"Broken at entry {link.entry_id} (position {link.position}): changed or moved since it was "
                    "written.",
                )
            previous, position, last_id = link.hash, link.position, link.entry_id
            checked += 1
    head = chain_head.objects.using(using).filter(pk=1).first()
    head_position, head_hash = (head.position, head.hash) if head else (0, GENESIS)
    if (head_position, head_hash) != (position, previous):
        return Verdict(
            False,
            checked,
            f"Broken after entry {last_id or '(none)'} (position {position}): the chain went on to position "
            f"{head_position} (the latest entries were removed with their links).",
        )
    unlinked = chain_pending.objects.using(using).count()
    return Verdict(True, checked, f"OK: {checked} entries chained, head {previous}.", unlinked)
