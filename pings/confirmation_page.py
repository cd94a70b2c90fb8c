"""What the confirmation page shows, read in two statements built once.

Every contact of a round opens its link, and mail scanners open it before them,
so this page is read the way ``services.answer_once`` writes the answer: with SQL
put together once per database from the models' own table and column names,
rather than compiled by the ORM on every request (the ORM spent more building
the five queries this page took than the database spent answering them). One
statement reads the ping with its round, directory, contact, institution and
State; a second, only when the page is shown, reads the contact's e-mail
addresses, phones and languages and the nominations the ping covers. On
PostgreSQL the first brings those lists too, aggregated as JSON in one column:
one round trip for the page (what it costs the database when the page is not
shown, a few look-ups by key, is less than a second round trip when it is).

What comes back are model instances as the ORM gives them (``Model.from_db``,
each value through the backend's converters), holding only the columns the
page shows: any other field is deferred, so a template that reached for one
would cost a query of its own, which the query-count tests would catch. The
lists under the contact's name come back as the page's lines, written out once
(``details``).
"""

import functools
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from directory import contact_fields
from directory.choices import PhoneUsage, RoleKind, WorkingDays
from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    ContactPhone,
    Directory,
    DirectoryRole,
    Institution,
    Nomination,
    State,
)
from directory.names import language_name
from directory.phones import display as display_phone
from enlace.dates import long_date
from enlace.prepared_statements import prepared_cursor
from pings.models import Ping, PingRound


class _Columns:
    """Some columns of one model's table: selected in the model's field order, read back as an instance."""

    def __init__(self, model: type[models.Model], names: Sequence[str]):
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if field.attname in names]
        self.attnames = [field.attname for field in self.fields]
        self.table = connection.ops.quote_name(model._meta.db_table)
        # Per database connection (each thread has its own): (position, converters) of the columns that have any.
        self._converting: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def column(self, name: str) -> str:
        return f"{self.table}.{connection.ops.quote_name(self.model._meta.get_field(name).column)}"

    def select(self) -> list[str]:
        return [f"{self.table}.{connection.ops.quote_name(field.column)}" for field in self.fields]

    def instance(self, database: BaseDatabaseWrapper, values: Sequence) -> models.Model:
        """The model instance of ``values`` (this part of a row), each value as the ORM would have read it."""
        converters = self._converting.get(database)
        if converters is None:
            converters = self._converting[database] = [
                (position, found)
                for position, field in enumerate(self.fields)
                if (found := _converters(field, database))
            ]
        values = list(values)
        for position, functions in converters:
            if values[position] is not None:
                for convert in functions:
                    values[position] = convert(values[position], self.fields[position], database)
        return self.model.from_db(database.alias, self.attnames, values)


def _converters(field: models.Field, database: BaseDatabaseWrapper) -> list:
    """What the backend and the field do to a value read from the column (dates on SQLite, for instance)."""
    expression = field.get_col(field.model._meta.db_table)
    return database.ops.get_db_converters(expression) + expression.get_db_converters(database)


_PING = (Ping, ["id", "round_id", "contact_id", "state_id", "status", "answered_at", "language"])
_ROUND = (PingRound, ["id", "directory_id", "status", "closes_at"])
# With the columns its name in the reader's language is picked from (``Directory.for_reader.name``).
_DIRECTORY = (Directory, ["id", "name", "original_language", "name_translations"])
_CONTACT = (
    Contact,
    [
        "id",
        "institution_id",
        "name",
        "title",
        *contact_fields.AVAILABILITY,
        "pgp_fingerprint",
        "pgp_expires",
    ],
)
_INSTITUTION = (Institution, ["id", "state_id", "name", "acronym"])
_STATE = (State, ["id", "iso2", "english_name"])


@functools.cache
def _ping_statement(vendor: str, lookup: tuple[str, ...]) -> tuple[str, list[_Columns]]:
    """SELECT the ping ``lookup`` (column names) finds, joined to what the page shows of its round and contact."""
    ping, round_, directory, contact, institution, state = parts = [
        _Columns(model, names) for model, names in (_PING, _ROUND, _DIRECTORY, _CONTACT, _INSTITUTION, _STATE)
    ]
    # Each part is found by a key read before it: (the part, the column holding its id).
    joins = [
        (round_, ping.column("round")),
        (directory, round_.column("directory")),
        (contact, ping.column("contact")),
        (institution, contact.column("institution")),
        (state, institution.column("state")),
    ]
    select = ", ".join(column for part in parts for column in part.select())
    if vendor in _DETAILS_WITH_PING:
        select += f", {_details_column(vendor, ping.column('contact'), ping.column('id'))}"
    where = " AND ".join(f"{ping.column(name)} = %s" for name in lookup)
    # Only the models' own quoted names are formatted in; every value is a parameter.
    return f"SELECT {select} FROM {ping.table} {_join(vendor, joins)} WHERE {where}", parts  # noqa: S608


def _join(vendor: str, joins: list[tuple[_Columns, str]]) -> str:
    """Each part joined by its primary key to the column pointing at it.

    On PostgreSQL each part is a LATERAL subquery the planner may not merge back (OFFSET 0), so
    the rows are found in the order written, one primary-key look-up after another: weighing the
    orders of a six-table join cost PostgreSQL ten times what running it did, on every request.
    """
    if vendor != "postgresql":
        return " ".join(f"JOIN {part.table} ON {part.column('id')} = {key}" for part, key in joins)
    return " ".join(
        f"CROSS JOIN LATERAL (SELECT {', '.join(part.select())} FROM {part.table} "  # noqa: S608
        f"WHERE {part.column('id')} = {key} OFFSET 0) AS {part.table}"
        for part, key in joins
    )


def find(lookup: dict) -> Ping | None:
    """The ping ``lookup`` (column values) finds, with its round's directory and its contact's institution and State."""
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the proxy that looks it up on every use
    sql, parts = _ping_statement(database.vendor, tuple(lookup))
    params = [Ping._meta.get_field(name).get_db_prep_value(value, database) for name, value in lookup.items()]
    with prepared_cursor(database) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for part in parts:
        instances.append(part.instance(database, row[start : start + len(part.fields)]))
        start += len(part.fields)
    ping, ping_round, directory, contact, institution, state = instances
    if database.vendor in _DETAILS_WITH_PING:
        setattr(ping, _READ_WITH_PING, row[start] or [])
    institution.state = state
    contact.institution = institution
    ping_round.directory = directory
    ping.round = ping_round
    ping.contact = contact
    return ping


# The kinds of rows the details statement returns, in the order it returns them.
_EMAIL, _PHONE, _LANGUAGE, _NOMINATION = range(4)

# Databases where ``find`` reads the details with the ping (a JSON array of the details statement's rows).
_DETAILS_WITH_PING = {"postgresql"}
# Where ``find`` leaves the details it read on the ping, for ``details``.
_READ_WITH_PING = "_confirmation_details"


@functools.cache
def _details_statement(vendor: str) -> str:
    """The details of the ping and contact whose ids are the parameters, in the order the page lists them."""
    return " UNION ALL ".join(_details_branches(vendor, "%s", "%s")) + " ORDER BY 1, 2, 3"


def _details_column(vendor: str, contact_id: str, ping_id: str) -> str:
    """The details statement's rows as one JSON array of arrays, for the ping statement to select."""
    names = "kind, position, id, text, other, role_id, directory_id"
    return (
        f"(SELECT json_agg(json_build_array({names}) ORDER BY kind, position, id) FROM ("  # noqa: S608
        + " UNION ALL ".join(_details_branches(vendor, contact_id, ping_id))
        + f") AS details ({names}))"
    )


def _details_branches(vendor: str, contact_id: str, ping_id: str) -> list[str]:
    """One SELECT each over the contact's addresses, phones and languages and the ping's nominations.

    ``contact_id`` and ``ping_id`` are what the rows are found by: parameters, or the ping statement's columns.
    Each row: its kind, its position, its id, two texts, two ids (0 where a kind has none).
    """
    quote = connection.ops.quote_name
    email, phone, language = (_Columns(model, []) for model in (ContactEmail, ContactPhone, ContactLanguage))
    nomination = _Columns(Nomination, ["id", "directory_id", "role_id"])
    role = _Columns(DirectoryRole, ["id", "kind", "position"])
    directory = _Columns(Directory, ["id", "name"])
    link = Ping._meta.get_field("nominations")
    through = quote(link.remote_field.through._meta.db_table)
    ping_column, nomination_column = (
        f"{through}.{quote(name)}" for name in (link.m2m_column_name(), link.m2m_reverse_name())
    )
    # Only the models' own quoted names are formatted in; the ids are parameters.
    branches = [
        f"SELECT {_EMAIL}, {email.column('position')}, {email.column('id')}, {email.column('address')}, "  # noqa: S608
        f"{email.column('usage')}, 0, 0 FROM {email.table} WHERE {email.column('contact')} = {contact_id}",
        f"SELECT {_PHONE}, {phone.column('position')}, {phone.column('id')}, {phone.column('number')}, "  # noqa: S608
        f"{phone.column('usage')}, 0, 0 FROM {phone.table} WHERE {phone.column('contact')} = {contact_id}",
        f"SELECT {_LANGUAGE}, {language.column('position')}, {language.column('id')}, "  # noqa: S608
        f"{language.column('code')}, '', 0, 0 FROM {language.table} WHERE {language.column('contact')} = {contact_id}",
        f"SELECT {_NOMINATION}, {role.column('position')}, {nomination.column('id')}, {role.column('kind')}, "  # noqa: S608
        f"{directory.column('name')}, {role.column('id')}, {directory.column('id')} FROM {through} "
        + _join(
            vendor,
            [
                (nomination, nomination_column),
                (role, nomination.column("role")),
                (directory, nomination.column("directory")),
            ],
        )
        + f" WHERE {ping_column} = {ping_id}",
    ]
    # A ping's nominations are all in its round's directory and its contact's State: in role order, as the ORM's.
    return branches


@dataclass(frozen=True)
class Detail:
    """One line of what the page shows of the contact: its label and its value, ready to be put in the page."""

    label: str
    value: SafeString


_LEFT_TO_RIGHT = '<bdi dir="ltr">{}</bdi>'  # addresses and numbers read left to right, in Arabic too


def details(ping: Ping, time_zone: str) -> list[Detail]:
    """What is recorded for the ping's contact, as the page lists it: its name, institution and State, the
    nominations the ping covers, its e-mail addresses, phones, languages, availability and key (its expiry
    as the day it is in ``time_zone``, the reader's).

    The lists come from one statement (none on PostgreSQL: ``find`` read them with the ping). Each line is
    written out here, the labels in the reader's language and every recorded value escaped, rather than by
    the template: this page is read by every contact of a round, and the template language spent more on
    its few dozen look-ups than the rest of the page cost.
    """
    database = connections[DEFAULT_DB_ALIAS]
    rows = ping.__dict__.pop(_READ_WITH_PING, None)
    if rows is None:
        with prepared_cursor(database) as cursor:
            cursor.execute(_details_statement(database.vendor), [ping.contact_id] * 3 + [ping.pk])
            rows = cursor.fetchall()
    emails, phones, languages, nominations = [], [], [], []
    # The nominations are in the round's directory, read with the ping: its name in every language is there.
    round_directory = ping.round.directory if Ping.round.is_cached(ping) else None
    for kind, _position, _pk, text, other, _role_id, directory_id in rows:
        if kind == _EMAIL:
            emails.append(format_html(_LEFT_TO_RIGHT, text))
        elif kind == _PHONE:
            number = format_html(_LEFT_TO_RIGHT, display_phone(text))
            phones.append(format_html("{} ({})", number, _label(PhoneUsage, other)))
        elif kind == _LANGUAGE:
            languages.append(escape(language_name(text)))
        else:
            in_round = round_directory is not None and round_directory.pk == directory_id
            directory = round_directory.for_reader.name if in_round else other
            nominations.append(format_html("{} ({})", _label(RoleKind, text), directory))
    contact = ping.contact
    institution = contact.institution
    name = format_html("{}, {}", contact.name, contact.title) if contact.title else escape(contact.name)
    return [
        Detail(pgettext("contact's name, a person or a desk", "Name"), name),
        Detail(gettext("Institution"), format_html("{} — {}", institution, institution.state.name)),
        Detail(gettext("Nominated as"), _joined("; ", nominations)),
        Detail(gettext("E-mail addresses"), _joined(", ", emails)),
        Detail(gettext("Phone numbers"), _joined(", ", phones) or "—"),
        Detail(gettext("Operating languages"), _joined(", ", languages)),
        Detail(gettext("Availability"), _availability(contact)),
        Detail(gettext("OpenPGP key"), _key(contact, time_zone)),
    ]


def _joined(separator: str, values: list[SafeString]) -> SafeString:
    return mark_safe(separator.join(values))  # noqa: S308  (each value is escaped already)


def _label(choices: type[models.TextChoices], value: str) -> str:
    """A choice's label in the reader's language (the value itself if it is no longer a choice)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _availability(contact: Contact) -> SafeString:
    if contact.is_24_7:
        when = gettext("Reachable 24/7")
    else:
        when = _label(WorkingDays, contact.working_days)
        if contact.opens_at and contact.closes_at:
            when += f", {contact.opens_at:%H:%M}–{contact.closes_at:%H:%M}"
    return format_html("{} ({})", when, contact.time_zone)


def _key(contact: Contact, time_zone: str) -> SafeString:
    if not contact.pgp_fingerprint:
        return escape(gettext("No key"))
    key = format_html('<bdi dir="ltr" class="fingerprint">{}</bdi>', contact.pgp_fingerprint)
    if not contact.pgp_expires:
        return key
    expires = gettext("expires %(date)s") % {"date": long_date(contact.pgp_expires, time_zone)}
    return format_html("{} — {}", key, expires)
