"""Ping test rounds: start, send, confirm, remind, close. Every step is safe to run twice.

Each step claims its rows with a conditional update (or SKIP LOCKED on
PostgreSQL) inside the same transaction that queues its e-mail, so a worker
killed half-way leaves every ping either fully queued or untouched, and a
second worker (or the same one restarted) carries on without sending any
ping twice.
"""

import functools
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby, islice
from operator import itemgetter

from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts.services import coordinators_of, managers_of
from audit.bulk import PendingLog, entries_from_values
from directory.models import Contact, ContactEmail, Directory, Institution, Nomination
from directory.services import mark_unverified
from enlace.bulk_insert import insert_rows, update_rows
from enlace.prepared_statements import prepared_cursor
from enlace.row_claims import skipping_locked
from mail.languages import recipient_language
from mail.merge import MailMerge
from mail.services import queue_email_to_account, queue_many, start_bulk_delivery
from pings.models import (
    MessageKind,
    Ping,
    PingMessage,
    PingRound,
    PingSchedule,
    PingStatus,
    RoundStatus,
    RoundTrigger,
)
from tokens.links import derived_code, derived_token, format_code, hash_token

SEND_CHUNK = 1000


class RoundAlreadyOpen(Exception):
    """The directory already has a round under way."""


def link_token(ping: Ping) -> str:
    return _link_token(ping.code)


def typed_code(ping: Ping) -> str:
    return _typed_code(ping.code)


def _link_token(code: uuid.UUID) -> str:
    return derived_token("ping", str(code))


def _typed_code(code: uuid.UUID) -> str:
    return derived_code("ping", str(code))


def by_token(token: str) -> dict:
    """How the confirmation finds the ping of an e-mailed link (``answer_once``, ``confirmation_page.find``)."""
    return {"token_hash": hash_token(token)}


def by_code(code: str) -> dict:
    """How it finds the ping of a typed code (normalised, as ``CodeForm`` cleans it)."""
    return {"code_hash": hash_token(code)}


# --- Starting a round --------------------------------------------------------------


def start_round(directory: Directory, *, trigger: str, user=None, now: datetime | None = None) -> PingRound:
    """Create the round and one ping per nominated contact, then send them in the background."""
    now = now or timezone.now()
    schedule = PingSchedule.of(directory)
    try:
        with transaction.atomic():
            ping_round = PingRound.objects.create(
                directory=directory,
                trigger=trigger,
                started_by=user,
                started_at=now,
                closes_at=now + timedelta(days=schedule.ping_round_days),
                reminder_days=schedule.reminder_days,
                total=0,
            )
            ping_round.total = _create_pings(ping_round)
            PingRound.objects.filter(pk=ping_round.pk).update(total=ping_round.total)
            transaction.on_commit(lambda: _enqueue_send(ping_round.pk))
    except IntegrityError:
        raise RoundAlreadyOpen from None
    return ping_round


CREATE_CHUNK = 2000


def _nominees(directory: Directory) -> Iterator[tuple[int, int, list[int]]]:
    """(contact id, its State's id, its active nomination ids) per nominated contact, streamed.

    Plain values in contact order rather than model instances, so that memory stays
    flat however many contacts the directory has.
    """
    rows = (
        Nomination.objects.active()
        .filter(directory=directory)
        .order_by("contact_id", "pk")
        .values_list("contact_id", "contact__institution__state_id", "pk")
        .iterator(chunk_size=CREATE_CHUNK)
    )
    for contact_id, group in groupby(rows, key=itemgetter(0)):
        group = list(group)
        yield contact_id, group[0][1], [nomination_id for _contact, _state, nomination_id in group]


def _create_pings(ping_round: PingRound) -> int:
    """One ping per nominated contact, linked to all its nominations; returns how many."""
    total = 0
    nominees = _nominees(ping_round.directory)
    while chunk := list(islice(nominees, CREATE_CHUNK)):
        languages = _ping_languages([contact_id for contact_id, _state, _nominations in chunk])
        rows = []
        for contact_id, state_id, _nominations in chunk:
            code = uuid.uuid4()
            token_hash, code_hash = hash_token(_link_token(code)), hash_token(_typed_code(code))
            rows.append(
                (code, ping_round.pk, contact_id, state_id, languages.get(contact_id, "en"), token_hash, code_hash)
            )
        ping_ids = insert_rows(
            Ping, ["code", "round_id", "contact_id", "state_id", "language", "token_hash", "code_hash"], rows
        )
        insert_rows(
            Ping.nominations.through,
            ["ping_id", "nomination_id"],
            (
                (ping_id, nomination_id)
                for ping_id, (_contact, _state, nomination_ids) in zip(ping_ids, chunk, strict=True)
                for nomination_id in nomination_ids
            ),
        )
        total += len(rows)
    return total


def _ping_languages(contact_ids: list[int]) -> dict[int, str]:
    """Each contact's ping language by the rule every e-mail follows (``recipient_language``), from its operating
    languages in order (contacts without any: absent)."""
    from directory.models import ContactLanguage

    operating: dict[int, list[str]] = defaultdict(list)
    for contact_id, code in (
        ContactLanguage.objects.filter(contact_id__in=contact_ids)
        .order_by("contact_id", "position")
        .values_list("contact_id", "code")
    ):
        operating[contact_id].append(code)
    return {contact_id: recipient_language(codes) for contact_id, codes in operating.items()}


def _enqueue_send(round_id: int) -> None:
    from pings.tasks import send_round

    send_round.enqueue(round_id)


def start_due_rounds(now: datetime | None = None) -> list[PingRound]:
    """Start a round in every directory whose ping interval has passed since its last round."""
    now = now or timezone.now()
    started = []
    directories = (
        Directory.objects.annotate(last_started=Max("ping_rounds__started_at"))
        .filter(nominations__status="active")
        .select_related("ping_schedule")
        .distinct()
    )
    for directory in directories:
        if directory.ping_rounds.not_closed().exists():
            continue
        if (
            directory.last_started
            and directory.last_started + relativedelta(months=PingSchedule.of(directory).ping_interval_months) > now
        ):
            continue
        try:
            ping_round = start_round(directory, trigger=RoundTrigger.SCHEDULE, now=now)
        except RoundAlreadyOpen:
            continue
        _announce_scheduled_round(ping_round)
        started.append(ping_round)
    return started


def _announce_scheduled_round(ping_round: PingRound) -> None:
    """A round nobody started by hand must not surprise the directory's managers: tell each of them."""
    for manager in managers_of(ping_round.directory_id).select_related("contact"):
        queue_email_to_account(
            manager,
            template="pings/email/round_started_on_schedule",
            context={"round": ping_round, "directory": ping_round.directory},
            purpose="ping-round-scheduled",
        )


# --- Sending ------------------------------------------------------------------


def send_round(round_id: int, now: datetime | None = None) -> int:
    """Queue the e-mails of every ping not sent yet, chunk by chunk; returns how many pings were sent."""
    sent = 0
    merges: dict[int, MailMerge] = {}  # rendered once for the whole round, not once per chunk
    while (claimed := _send_chunk(round_id, now, merges)) is not None:
        sent += claimed
    with transaction.atomic():
        # Exactly one worker moves the round to "open", and only that one sends the key notices.
        if PingRound.objects.filter(pk=round_id, status=RoundStatus.SENDING).update(
            status=RoundStatus.OPEN, updated=timezone.now()
        ):
            _notify_key_expiry(PingRound.objects.select_related("directory__ping_schedule").get(pk=round_id))
    return sent


def _notify_key_expiry(ping_round: PingRound) -> None:
    """Tell each coordinator which of its State's contacts have keys expired or expiring before the next round."""
    next_round = _next_round(ping_round)
    flagged = (
        Ping.objects.filter(round=ping_round, contact__pgp_expires__lt=next_round)
        .select_related("contact__institution")
        .order_by("contact__name")
    )
    by_state = defaultdict(list)
    for ping in flagged:
        by_state[ping.state_id].append(ping.contact)
    for state_id, contacts in by_state.items():
        for coordinator in coordinators_of(state_id).select_related("contact"):
            queue_email_to_account(
                coordinator,
                template="pings/email/keys_expiring",
                context={"directory": ping_round.directory, "contacts": contacts, "next_round": next_round},
                purpose="ping-keys-expiring",
            )


def _send_chunk(round_id: int, now: datetime | None, merges: dict[int, MailMerge]) -> int | None:
    """Send the next chunk of unsent pings; None when there is nothing left."""
    now = now or timezone.now()
    with transaction.atomic():
        unsent = Ping.objects.filter(round_id=round_id, sent_at__isnull=True).order_by("pk")
        unsent = skipping_locked(unsent)
        pings = list(unsent.only("code", "round_id", "contact_id", "language")[:SEND_CHUNK])
        if not pings:
            return None
        ping_round = PingRound.objects.select_related("directory__ping_schedule").get(pk=round_id)
        for ping in pings:
            ping.round = ping_round
        claimed = Ping.objects.filter(pk__in=[ping.pk for ping in pings], sent_at__isnull=True).update(
            sent_at=now, next_reminder_at=_reminder_at(ping_round, now, 0), updated=now
        )
        if claimed != len(pings):
            # Another worker took some of these between our read and our update: undo, read again.
            transaction.set_rollback(True)
            return 0
        _queue_messages(pings, MessageKind.PING, merges)
    start_bulk_delivery()
    return len(pings)


def _reminder_at(ping_round: PingRound, sent_at: datetime, reminders_sent: int) -> datetime | None:
    days = ping_round.reminder_days
    if reminders_sent >= len(days):
        return None
    due = sent_at + timedelta(days=days[reminders_sent])
    return due if due < ping_round.closes_at else None


def _queue_messages(pings: list[Ping], kind: str, merges: dict[int, MailMerge] | None = None) -> None:
    """Queue one message per address of each ping's contact: a shared body per language and key warning
    (mail merge) with the contact's own name, link and code, or the whole message encrypted to its key.

    ``merges`` keeps each round's rendered message between calls (one per round, per kind)."""
    merges = {} if merges is None else merges
    contact_ids = [ping.contact_id for ping in pings]
    contacts = Contact.objects.filter(pk__in=contact_ids).only("name", "pgp_key", "pgp_expires").in_bulk()
    addresses = defaultdict(list)
    for contact_id, address in (
        ContactEmail.objects.filter(contact_id__in=contact_ids)
        .order_by("contact_id", "position", "pk")
        .values_list("contact_id", "address")
    ):
        addresses[contact_id].append(address)
    letters, owners, encrypted_pings = [], [], []
    for ping in pings:
        contact = contacts[ping.contact_id]
        merge = merges.get(ping.round_id) or merges.setdefault(ping.round_id, message_merge(ping.round, kind))
        values, variant, key = (
            merge_values(ping, contact),
            _key_flags(contact, merge.context["next_round"]),
            contact.encryption_key(),  # none: the ping goes in clear (and says why)
        )
        for address in addresses[ping.contact_id]:
            letters.append(
                merge.letter(
                    to=address,
                    language=ping.language,
                    values=values,
                    variant=variant,
                    purpose=f"ping-{kind}",
                    sensitive=True,
                    encrypt_to=key,
                )
            )
            owners.append(ping.pk)
        if key:
            encrypted_pings.append(ping.pk)
    email_ids = queue_many(letters)
    insert_rows(
        PingMessage, ["ping_id", "email_id", "kind"], ((*pair, kind) for pair in zip(owners, email_ids, strict=True))
    )
    if kind == MessageKind.PING and encrypted_pings:
        Ping.objects.filter(pk__in=encrypted_pings).update(encrypted=True)


MERGE_FIELDS = ("contact_name", "link", "code")


def message_merge(ping_round: PingRound, kind: str) -> MailMerge:
    """The ping (or reminder) message of a round: what every contact's copy shares."""
    return MailMerge(
        template=f"pings/email/{kind}",
        context={
            "directory": ping_round.directory,
            "code_page": reverse("pings:enter_code"),
            "closes_at": ping_round.closes_at,
            "next_round": _next_round(ping_round),
        },
        fields=MERGE_FIELDS,
    )


def merge_values(ping: Ping, contact: Contact) -> dict[str, str]:
    """What is one contact's own in its copy: its name, its link and its code."""
    return {
        "contact_name": contact.name,
        "link": _confirm_path(link_token(ping)),
        "code": format_code(typed_code(ping)),
    }


def _confirm_path(token: str) -> str:
    prefix, suffix = _confirm_path_parts()
    return f"{prefix}{token}{suffix}"


@functools.cache
def _confirm_path_parts() -> tuple[str, str]:
    # Resolved once per process rather than once per ping: reverse() costs more than the rest of a ping.
    prefix, suffix = reverse("pings:confirm", args=["TOKEN"]).split("TOKEN")
    return prefix, suffix


def key_variant(ping_round: PingRound, contact: Contact) -> dict[str, bool]:
    """Whether the message warns about the contact's OpenPGP key (expired, or expiring before the next round)."""
    return _key_flags(contact, _next_round(ping_round))


def _key_flags(contact: Contact, next_round: datetime) -> dict[str, bool]:
    return {
        "key_expired": contact.pgp_key_expired,
        "key_expires_soon": bool(contact.pgp_expires and contact.pgp_expires < next_round),
    }


def _next_round(ping_round: PingRound) -> datetime:
    return ping_round.started_at + relativedelta(months=PingSchedule.of(ping_round.directory).ping_interval_months)


# --- Answers ------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    correct: bool
    channel: str
    changes: str = ""
    attested: bool = False
    note: str = ""


def answer(ping: Ping, given: Answer, *, user=None, now: datetime | None = None) -> bool:
    """Record the answer once; False (and nothing changes) if the ping was already answered."""
    recorded = answer_once({"id": ping.pk}, given, user=user, now=now, open_round_only=False)
    if recorded is None:
        return False
    for field in ANSWER_FIELDS:
        setattr(ping, field, getattr(recorded, field))
    return True


# What an answer writes on its ping (with ``updated``).
ANSWER_FIELDS = (
    "status",
    "answered_at",
    "channel",
    "mailbox_attested",
    "reported_changes",
    "note",
    "recorded_by_id",
    "next_reminder_at",
)


def answer_once(
    lookup: dict, given: Answer, *, user=None, now: datetime | None = None, open_round_only: bool = True
) -> Ping | None:
    """Record the answer on the ping ``lookup`` finds if it is still unanswered (and its round open).

    The hot path of every confirmation, so it reads nothing before it writes: one
    conditional UPDATE both claims the ping (a second answer, even a concurrent
    one, finds it answered and changes nothing) and returns what the rest needs,
    the contact's verification dates as they were included; then one UPDATE marks
    the contact verified and one INSERT writes its change-log entry. On PostgreSQL
    all three are one statement, which is its own transaction when nothing else is
    written (a correct answer): one round trip in all. None when nothing was
    recorded (no such ping, already answered, or round closed): the caller reads
    the ping to say which.
    """
    now = now or timezone.now()
    values = {
        "status": PingStatus.CONFIRMED if given.correct else PingStatus.CHANGES,
        "answered_at": now,
        "channel": given.channel,
        "mailbox_attested": given.attested,
        "reported_changes": given.changes,
        "note": given.note,
        "recorded_by_id": user.pk if user is not None else None,
        "next_reminder_at": None,
    }
    on = timezone.localdate(now)
    log = PendingLog()
    logged_by_claim = _claim_logs(log)
    # The one statement commits on its own; the reported changes' e-mails must be queued with the answer.
    with nullcontext() if logged_by_claim and given.correct else transaction.atomic():
        claimed_with = log if logged_by_claim else None
        row = _claim_ping(lookup, {**values, "updated": now}, now, open_round_only, verified_on=on, log=claimed_with)
        if row is None:
            return None
        *claimed, language = row
        ping_id, contact_id, state_id, round_id, name, code, _institution_id, contact_state_id, *verified = claimed
        ping = Ping(
            id=ping_id,
            contact_id=contact_id,
            state_id=state_id,
            round_id=round_id,
            language=language,
            updated=now,
            **values,
        )
        if not logged_by_claim:
            _mark_verified(log, contact_id, name, code, contact_state_id, *verified, on=on, now=now)
        if not given.correct:
            _notify_changes(ping)
    return ping


def _claim_logs(log: PendingLog) -> bool:
    """Whether the claim's statement marks the contact verified and writes its change-log entry itself."""
    return bool(_CLAIM_MARKS_CONTACT.get(connection.vendor)) and not log.disabled and entries_from_values(Contact)


def _claim_ping(
    lookup: dict,
    values: dict,
    now: datetime,
    open_round_only: bool,
    *,
    verified_on: date,
    log: PendingLog | None,
) -> tuple | None:
    """UPDATE … RETURNING the ping's keys, its contact's name, code, institution, State and verification dates,
    and the ping's language.

    Given ``log``, the same statement also marks the contact verified on ``verified_on`` and writes the entry
    (see ``_claim_statement``).
    """
    sql = _claim_statement(connection.vendor, tuple(values), tuple(lookup), open_round_only, log is not None)
    params = [_prepared(Ping, name, raw) for name, raw in values.items()]
    params += [_prepared(Ping, name, raw) for name, raw in lookup.items()]
    params += [PingStatus.PENDING, PingStatus.UNREACHABLE]
    if open_round_only:
        params += [RoundStatus.CLOSED, _prepared(PingRound, "closes_at", now)]
    if log is not None:
        params += [_prepared(Contact, "last_verified", verified_on), _prepared(Contact, "updated", now)]
        cid, actor_id, actor_email, remote_addr, remote_port = log.context()
        params += [
            ContentType.objects.get_for_model(Contact).pk,
            LogEntry.Action.UPDATE,
            cid,
            actor_id,
            actor_email,
            _prepared(LogEntry, "remote_addr", remote_addr),
            remote_port,
            _prepared(LogEntry, "timestamp", now),
            verified_on,
            str(verified_on),
        ]
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _prepared(model, name: str, raw):
    return model._meta.get_field(name).get_db_prep_save(raw, connection)


@functools.cache
def _claim_statement(
    vendor: str, values: tuple[str, ...], lookup: tuple[str, ...], open_round_only: bool, logs: bool
) -> str:
    """The claim's SQL, put together once per database and shape (every confirmation runs it)."""
    quote = connection.ops.quote_name

    def column(model, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    ping_table, contact, institution = (
        quote(Ping._meta.db_table),
        quote(Contact._meta.db_table),
        quote(Institution._meta.db_table),
    )
    assignments = ", ".join(f"{column(Ping, name)} = %s" for name in values)
    conditions = [f"{column(Ping, name)} = %s" for name in lookup]
    conditions.append(f"{column(Ping, 'status')} IN (%s, %s)")
    if open_round_only:
        # The round's status and closing time as two look-ups by its key rather than a semi-join, which
        # PostgreSQL weighed afresh against every index of the ping table on each confirmation.
        rounds = quote(PingRound._meta.db_table)
        of_round = f"FROM {rounds} WHERE {rounds}.{column(PingRound, 'id')} = {ping_table}.{column(Ping, 'round')}"
        conditions.append(f"(SELECT {rounds}.{column(PingRound, 'status')} {of_round}) <> %s")
        conditions.append(f"(SELECT {rounds}.{column(PingRound, 'closes_at')} {of_round}) > %s")
    of_contact = f"FROM {contact} WHERE {contact}.{column(Contact, 'id')} = {ping_table}.{column(Ping, 'contact')}"
    contact_columns = [
        f"(SELECT {contact}.{column(Contact, name)} {of_contact})"
        for name in ("name", "code", "institution", "last_verified", "unverified_since")
    ]
    contact_columns.insert(
        3,
        f"(SELECT {institution}.{column(Institution, 'state')} FROM {institution} WHERE {institution}."  # noqa: S608
        f"{column(Institution, 'id')} = (SELECT {contact}.{column(Contact, 'institution')} {of_contact}))",
    )
    # The ping's language last: the page that thanks its reader is written in it, as its e-mail was.
    returning = [
        *(column(Ping, name) for name in ("id", "contact", "state", "round")),
        *contact_columns,
        column(Ping, "language"),
    ]
    # Only the models' own quoted names are formatted in; every value is a parameter.
    claim = f"UPDATE {ping_table} SET {assignments} WHERE {' AND '.join(conditions)}"  # noqa: S608
    if not logs:
        return f"{claim} RETURNING {', '.join(returning)}"
    # The contact is marked verified and its change-log entry written by the same statement, for the ping claimed
    # (if one was): one round trip where there were three, and no transaction of several statements to commit.
    # All run on one snapshot, so the contact's dates the claim returns are still those from before, which its
    # change-log entry shows.
    named = ", ".join(f"{expression} AS r{position}" for position, expression in enumerate(returning))
    marked = ", ".join(
        f"{column(Contact, name)} = {value}"
        for name, value in (("last_verified", "%s"), ("unverified_since", "NULL"), ("updated", "%s"))
    )
    return (
        f"WITH claimed AS ({claim} RETURNING {named}), "  # noqa: S608
        f"verified AS (UPDATE {contact} SET {marked} WHERE {contact}.{column(Contact, 'id')} IN "
        f"(SELECT r1 FROM claimed)), logged AS ({_log_statement()}) SELECT * FROM claimed"
    )


def _log_statement() -> str:
    """The INSERT of the contact's change-log entry, from the claim's row: the entry ``_mark_verified`` writes.

    As ``PendingLog.updated_row`` works it out: the changes list each date that changes, old and new as text
    ("None" for none), and no entry at all when neither does (a contact verified that day already).
    """
    quote = connection.ops.quote_name

    def cast(name: str) -> str:
        return f"CAST(%s AS {LogEntry._meta.get_field(name).cast_db_type(connection)})"

    def text(date_column: str) -> str:
        return f"to_char({date_column}, 'YYYY-MM-DD')"

    columns = {
        "content_type": cast("content_type"),
        "object_pk": "r1::text",
        "object_id": "r1",
        "object_repr": "r4",
        "serialized_data": "NULL",
        "action": cast("action"),
        "changes_text": "''",
        "changes": "changes",
        "additional_data": "jsonb_build_object('state', r7, 'contact', r5::text)",
        "cid": cast("cid"),
        "actor": cast("actor"),
        "actor_email": cast("actor_email"),
        "remote_addr": cast("remote_addr"),
        "remote_port": cast("remote_port"),
        "timestamp": cast("timestamp"),
    }
    names = ", ".join(quote(LogEntry._meta.get_field(name).column) for name in columns)
    changes = (
        "jsonb_strip_nulls(jsonb_build_object("
        f"'last_verified', CASE WHEN r8 IS DISTINCT FROM CAST(%s AS date) THEN "
        f"jsonb_build_array(COALESCE({text('r8')}, 'None'), CAST(%s AS text)) END, "
        f"'unverified_since', CASE WHEN r9 IS NOT NULL THEN jsonb_build_array({text('r9')}, 'None') END))"
    )
    # Only the models' own quoted names are formatted in; every value is a parameter.
    return (
        f"INSERT INTO {quote(LogEntry._meta.db_table)} ({names}) "  # noqa: S608
        f"SELECT {', '.join(columns.values())} FROM (SELECT r1, r4, r5, r7, {changes} AS changes FROM claimed) "
        "AS entry WHERE changes <> '{}'::jsonb"
    )


# Databases where the claim also marks the contact verified and writes its change-log entry (data-modifying WITH).
_CLAIM_MARKS_CONTACT = {"postgresql": True}


def _mark_verified(
    log: PendingLog,
    contact_id: int,
    name: str,
    code,
    state_id: int,
    last_verified,
    unverified_since,
    *,
    on: date,
    now: datetime,
) -> None:
    """``Contact.mark_verified`` without reading the contact: the change log gets the entry auditlog would write.

    (Where the claim logs, on PostgreSQL, its statement does all this.)
    """
    update_rows(Contact, ["last_verified", "unverified_since", "updated"], [(contact_id, on, None, now)])
    code = code if isinstance(code, uuid.UUID) else uuid.UUID(code)
    # The fields ``mark_verified`` changes (``updated`` is not in the change log), as the row's values: the entry
    # names the contact (its name), its State and code (``Contact.get_additional_data``), as auditlog's would.
    log.updated_row(
        Contact,
        contact_id,
        {"last_verified": _date(last_verified), "unverified_since": _date(unverified_since)},
        {"last_verified": on, "unverified_since": None},
        name,
        {"state": state_id, "contact": str(code)},
    )
    log.write()


def _date(value) -> date | None:
    """A date column as RETURNING gives it: a date on PostgreSQL, ISO text on SQLite."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def answer_is_allowed(ping: Ping, now: datetime | None = None) -> bool:
    """Links and codes work until the round closes (a manager may still record a late answer)."""
    now = now or timezone.now()
    return ping.round.status != RoundStatus.CLOSED and ping.round.closes_at > now


def _notify_changes(ping: Ping) -> None:
    """A reported change goes to the State's coordinators and the directory's managers."""
    readers = list(coordinators_of(ping.state_id).select_related("contact")) + list(
        managers_of(ping.round.directory_id).select_related("contact")
    )
    for reader in {user.pk: user for user in readers}.values():
        queue_email_to_account(
            reader,
            template="pings/email/changes_reported",
            context={"ping": ping, "contact": ping.contact, "directory": ping.round.directory},
            purpose="ping-changes",
        )


# --- Reminders and closing ------------------------------------------------------------


def send_reminders(now: datetime | None = None) -> int:
    """Remind every pending contact whose next reminder is due."""
    now = now or timezone.now()
    reminded = 0
    while True:
        with transaction.atomic():
            due = Ping.objects.reminders_due(now)
            due = skipping_locked(due)
            pings = list(due.select_related("round__directory__ping_schedule")[:SEND_CHUNK])
            if not pings:
                break
            claimed = []
            for ping in pings:
                # After a gap (the scheduler was down, the clock moved on) several reminders may be
                # due at once: the contact gets one, and the schedule moves past every one due.
                position = ping.reminders_sent + 1
                while (later := _reminder_at(ping.round, ping.sent_at, position)) is not None and later <= now:
                    position += 1
                following = _reminder_at(ping.round, ping.sent_at, position)
                if Ping.objects.filter(
                    pk=ping.pk, reminders_sent=ping.reminders_sent, status=PingStatus.PENDING
                ).update(reminders_sent=position, next_reminder_at=following, updated=now):
                    claimed.append(ping)
            if claimed:
                _queue_messages(claimed, MessageKind.REMINDER)
        reminded += len(claimed)
        start_bulk_delivery()
    return reminded


def close_due_rounds(now: datetime | None = None) -> list[PingRound]:
    now = now or timezone.now()
    return [ping_round for ping_round in PingRound.objects.due_to_close(now) if close_round(ping_round, now)]


def close_round(ping_round: PingRound, now: datetime | None = None) -> bool:
    """Mark non-responders unreachable and tell each State's coordinators about theirs, once."""
    now = now or timezone.now()
    with transaction.atomic():
        if not PingRound.objects.filter(pk=ping_round.pk, status=RoundStatus.OPEN).update(
            status=RoundStatus.CLOSED, closed_at=now, updated=now
        ):
            return False
        silent = Ping.objects.filter(round=ping_round, status=PingStatus.PENDING)
        by_state = defaultdict(list)
        for ping in silent.select_related("contact__institution"):
            by_state[ping.state_id].append(ping)
        silent.update(status=PingStatus.UNREACHABLE, next_reminder_at=None, updated=now)
        mark_unverified([ping.contact_id for pings in by_state.values() for ping in pings], timezone.localdate(now))
        for state_id, pings in by_state.items():
            for coordinator in coordinators_of(state_id).select_related("contact"):
                queue_email_to_account(
                    coordinator,
                    template="pings/email/unreachable_digest",
                    context={"round": ping_round, "directory": ping_round.directory, "pings": pings},
                    purpose="ping-unreachable-digest",
                )
    return True


def resume_unsent_rounds() -> int:
    """Restart sending for rounds a dead worker left half-sent (the send is idempotent)."""
    waiting = PingRound.objects.filter(status=RoundStatus.SENDING).values_list("pk", flat=True)
    for round_id in waiting:
        _enqueue_send(round_id)
    return len(waiting)


def record_by_manager(ping: Ping, *, channel: str, note: str, user) -> bool:
    return answer(ping, Answer(correct=True, channel=channel, note=note), user=user)
