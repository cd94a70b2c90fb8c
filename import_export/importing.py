"""Importing nominations: read a file into records, check every record, then write all or nothing.

The same engine serves the JSON exchange format (another directory's
nominations) and spreadsheets. It works in two phases:

1. *Plan* (reads only): the States, roles, institutions, the contacts the
   file's e-mail addresses name and the directory's active nominations are read
   once, as plain values, in a fixed handful of queries whatever the number of
   rows; every record is checked by the contact form's own rules (``RowChecks``:
   each distinct value once) and becomes a planned outcome.
   Every problem is collected, with where it is ("nominations[3]", "line 4") and
   which field. A dry run stops here, so what it reports is exactly what
   applying would do.
2. *Write*: only when there is no problem. Every row and change-log entry is
   worked out from the plan first (``import_export.import_writes``), then staged and
   written in one short transaction of set statements (``enlace.staged_writes``):
   all of it or nothing. A row that changes nothing writes nothing.

A plan kept after its dry run is written as it stands when nothing it read has
changed since (``ImportPlan.still_current``: one query of counts and latest
changes); otherwise the file is planned again. Either way a contact or a
nomination someone changed between the plan and the write is not overwritten:
the write refuses it, leaves nothing, and the file is planned again.
"""

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

import jsonschema
from django.db import IntegrityError
from django.db.models import CharField, Count, Max, Value
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.principal import Principal
from directory import contact_rules
from directory.forms import check_contact_values
from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    ContactPhone,
    Directory,
    DirectoryRole,
    Institution,
    Nomination,
    Participation,
    State,
)
from directory.services import nominable_directory_ids
from enlace.staged_writes import StaleRows
from import_export.records import ContactRecord, Email, Phone, Record
from import_export.records import Institution as InstitutionRecord

SCHEMA_PATH = Path(__file__).parent / "schema" / "directory-exchange-v1.json"
# Larger files are refused before they are read.
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# How often (in records) a long import says how far its check has gone.
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.where}, {self.field}" if self.field else self.where
        return f"{place}: {self.message}" if place else self.message


class ImportRefused(Exception):
    """The file cannot be imported; nothing was written. ``problems`` says every reason."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


class Action:
    CREATED = "created"
    LINKED = "linked"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    RETIRED = "retired"
    SKIPPED = "skipped"


# What the report says of each action, in the summary and in the table alike, in this order.
ACTION_LABELS = {
    Action.CREATED: gettext_lazy("created"),
    Action.LINKED: gettext_lazy("linked to an existing contact"),
    Action.CHANGED: gettext_lazy("linked, details changed"),
    Action.UNCHANGED: gettext_lazy("unchanged"),
    Action.SKIPPED: gettext_lazy("skipped"),
    Action.RETIRED: gettext_lazy("retired"),
}

# The one wording for an address the importer may not use, whoever it belongs to: the import must
# not tell whether an address is known, nor whose it is.
UNUSABLE_ADDRESS = gettext_lazy("This e-mail address cannot be used in this import.")


@dataclass(frozen=True)
class Outcome:
    where: str
    action: str
    state: str
    role: str
    contact: str
    reason: str = ""

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class ImportReport:
    applied: bool
    outcomes: list[Outcome] = field(default_factory=list)

    def _of(self, action: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.action == action]

    @property
    def counts(self) -> list[tuple[str, str, int]]:
        """(action, label, how many) for each action the table shows: the summary is counted from the table."""
        counted = [(action, str(label), len(self._of(action))) for action, label in ACTION_LABELS.items()]
        return [entry for entry in counted if entry[2]]

    @property
    def unchanged(self) -> list[Outcome]:
        return self._of(Action.UNCHANGED)

    @property
    def created(self) -> list[Outcome]:
        return self._of(Action.CREATED)

    @property
    def linked(self) -> list[Outcome]:
        return self._of(Action.LINKED)

    @property
    def changed(self) -> list[Outcome]:
        return self._of(Action.CHANGED)

    @property
    def retired(self) -> list[Outcome]:
        return self._of(Action.RETIRED)

    @property
    def skipped(self) -> list[Outcome]:
        return self._of(Action.SKIPPED)


# --- Reading the exchange format --------------------------------------------------------------


@cache
def exchange_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text())


def _json_path(parts) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def read_exchange(data: bytes) -> tuple[list[Record], list[Problem]]:
    """Parse and validate an exchange document; ImportRefused names every problem.

    (Returns an empty problem list, like ``spreadsheets.read_spreadsheet``: a file
    that breaks the schema is refused whole.)
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused([Problem("", "", _("The file is larger than 20 MB."))])
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused([Problem("", "", _("The file is not UTF-8 text."))]) from None
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [
                Problem(
                    "",
                    "",
                    _("The file is not JSON (line %(line)s: %(error)s).") % {"line": error.lineno, "error": error.msg},
                )
            ]
        ) from None
    validator = jsonschema.Draft202012Validator(exchange_schema(), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
    if errors:
        raise ImportRefused(
            [Problem(_json_path(error.absolute_path) or "document", "", error.message) for error in errors]
        )
    records = [_record_from_json(entry, f"nominations[{index}]") for index, entry in enumerate(document["nominations"])]
    return records, []


def _time(text: str | None) -> time | None:
    return time.fromisoformat(text) if text else None


def _record_from_json(entry: dict, where: str) -> Record:
    contact = entry["contact"]
    institution = contact["institution"]
    return Record(
        where=where,
        state=entry["state"],
        role=entry["role"],
        starts_on=date.fromisoformat(entry["nominated_on"]) if entry.get("nominated_on") else None,
        contact=ContactRecord(
            name=contact["name"],
            title=contact.get("title", ""),
            kind=contact.get("kind", "person"),
            institution=InstitutionRecord(
                name=institution["name"], acronym=institution.get("acronym", ""), kind=institution.get("kind", "other")
            ),
            emails=tuple(Email(email["address"], email.get("usage", "office")) for email in contact["emails"]),
            phones=tuple(Phone(phone["number"], phone.get("usage", "office")) for phone in contact.get("phones", [])),
            languages=tuple(contact["languages"]),
            is_24_7=contact.get("reachable_24_7", False),
            working_days=contact.get("working_days", "mon-fri"),
            opens_at=_time(contact.get("opens_at")),
            closes_at=_time(contact.get("closes_at")),
            time_zone=contact.get("time_zone", "UTC"),
            pgp_key=contact.get("openpgp_key", ""),
        ),
    )


# --- Planning ----------------------------------------------------------------------------------

# Addresses (and contacts) looked up per query (well under every database's limit on parameters).
_LOOKUP_CHUNK = 5000

# The contact columns an import writes (the institution of an existing contact is kept).
_CONTACT_FIELDS = ("kind", "name", "title", "is_24_7", "working_days", "opens_at", "closes_at", "time_zone")
_KEY_FIELDS = ("pgp_key", "pgp_fingerprint", "pgp_expires")
VALUE_FIELDS = _CONTACT_FIELDS + _KEY_FIELDS

DIRECTORY_CHANGED = gettext_lazy("The directory changed while the file was imported. Upload it again.")


class _RecordFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


class RowChecks:
    """What the rules said of a file's values, for the rest of the file and for a second pass over it.

    The contact's own values (``directory.forms.check_contact_values``, memoised field by field),
    e-mail addresses, phone numbers (parsed once per distinct number) and new institutions: those
    rules read nothing but the values, so the apply of a checked file, in the same process,
    only redoes what depends on the database.
    """

    def __init__(self) -> None:
        self.contacts: dict[tuple, tuple[dict | None, list[tuple[str, str]]]] = {}
        self.fields: dict = {}
        self.emails: dict[tuple[str, str], list[str]] = {}
        self.phones: dict[tuple[str, str], tuple[str, list[str]]] = {}
        self.institutions: dict[tuple[str, str, str], list[str]] = {}

    def contact(self, form_data: dict) -> tuple[dict | None, list[tuple[str, str]]]:
        key = tuple(form_data.items())
        checked = self.contacts.get(key)
        if checked is None:
            checked = self.contacts[key] = self.check(form_data, self.fields)
        return checked

    @staticmethod
    def check(form_data: dict, memo: dict) -> tuple[dict | None, list[tuple[str, str]]]:
        """The contact form's rules on one record's values: its values as cleaned, or (field, message) pairs."""
        checked = check_contact_values(form_data, memo)
        if checked.errors:
            return None, [
                (_field_name(name), message) for name, messages in checked.errors.items() for message in messages
            ]
        values = {name: checked.cleaned[name] for name in _CONTACT_FIELDS}
        values["pgp_key"] = checked.cleaned["pgp_key"]
        info = checked.key_info
        values["pgp_fingerprint"] = info.fingerprint if info else ""
        values["pgp_expires"] = info.expires if info else None
        values["languages"] = checked.cleaned["languages"]
        return values, []

    def email(self, address: str, usage: str) -> list[str]:
        key = (address, usage)
        if key not in self.emails:
            self.emails[key] = contact_rules.email_problems(address, usage)
        return self.emails[key]

    def phone(self, number: str, usage: str) -> tuple[str, list[str]]:
        key = (number, usage)
        if key not in self.phones:
            self.phones[key] = contact_rules.phone_number(number, usage)
        return self.phones[key]

    def institution(self, name: str, acronym: str, kind: str) -> list[str]:
        key = (name, acronym, kind)
        if key not in self.institutions:
            self.institutions[key] = contact_rules.institution_problems(name, acronym, kind)
        return self.institutions[key]


@dataclass(eq=False)
class NewInstitution:
    """An institution the import creates (its id is given when it is written)."""

    state_id: int
    name: str
    acronym: str
    kind: str
    pk: int | None = None


@dataclass(eq=False)
class ContactPlan:
    """A contact as the import leaves it: a new one, or an existing one and what changes in it."""

    state_id: int
    institution: "int | NewInstitution"  # its id, or the institution created with it
    values: dict  # VALUE_FIELDS as they will be
    stored: dict | None = None  # an existing contact's row as read (None: a new contact)
    added_emails: list[tuple[str, str]] = field(default_factory=list)  # (address, usage) to add, in order
    phones: list[tuple[str, str]] | None = None  # the wanted (number, usage) list; None: leave them
    languages: list[str] | None = None  # the wanted codes in order; None: leave them
    changed: bool = False
    pk: int | None = None
    code: uuid.UUID | None = None

    @property
    def new(self) -> bool:
        return self.stored is None


@dataclass
class PlannedNomination:
    role: DirectoryRole
    contact: ContactPlan
    state_id: int
    starts_on: date


@dataclass
class Retirement:
    """An active nomination, as read, that the import retires."""

    pk: int
    state_id: int
    role: DirectoryRole
    contact_id: int
    contact_name: str
    contact_code: uuid.UUID
    ends_on: date | None
    updated: datetime


def import_records(
    records: list[Record],
    *,
    directory: Directory,
    principal: Principal,
    user=None,
    apply: bool,
    update_contacts: bool = False,
    retire_missing: bool = False,
    problems: list[Problem] | None = None,
    progress: Callable[[int], None] | None = None,
    checks: RowChecks | None = None,
) -> ImportReport:
    """Import ``records`` into ``directory``: all of them, or (on any problem) none, raising ImportRefused.

    A contact that already exists in the record's State with one of the record's
    e-mail addresses is linked (nominated), not created again. A State's own
    spreadsheet also brings its contacts' details up to date (``update_contacts``)
    and may retire the State's nominations it no longer lists (``retire_missing``).
    ``problems`` already found while reading the file are reported with the rest.
    ``progress`` is told how many records have been checked, every ``PROGRESS_EVERY`` records.
    ``checks`` keeps what the rules said of the file's values, for a second pass over it.
    """

    def planned() -> ImportPlan:
        return plan_import(
            records,
            directory=directory,
            principal=principal,
            user=user,
            update_contacts=update_contacts,
            retire_missing=retire_missing,
            problems=problems,
            progress=progress,
            checks=checks,
        )

    plan = planned()
    if not apply:
        return plan.report
    return apply_plan(plan, replan=planned)


def plan_import(
    records: list[Record],
    *,
    directory: Directory,
    principal: Principal,
    user=None,
    update_contacts: bool = False,
    retire_missing: bool = False,
    problems: list[Problem] | None = None,
    progress: Callable[[int], None] | None = None,
    checks: RowChecks | None = None,
) -> "ImportPlan":
    """Check every record against the directory as it is (reads only); ImportRefused names every problem."""
    plan = ImportPlan(
        records,
        directory=directory,
        principal=principal,
        user=user,
        update_contacts=update_contacts,
        checks=checks or RowChecks(),
    )
    problems = list(problems or [])
    for number, record in enumerate(records, start=1):
        try:
            plan.report.outcomes.append(plan.plan(record))
        except _RecordFailed as failure:
            problems.extend(failure.problems)
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)
    if retire_missing and not problems:
        plan.plan_retirements()
    if problems:
        raise ImportRefused(sorted(problems, key=_position))
    return plan


def apply_plan(plan: "ImportPlan", *, replan: Callable[[], "ImportPlan"]) -> ImportReport:
    """Write what ``plan`` found, all of it or nothing.

    Someone may have changed the same contacts or nominations since the plan read them: its
    writes then fail (a guard or a unique constraint) and leave nothing, and the file is
    planned again (``replan``) against the directory as it is now and written once more.
    """
    from import_export.import_writes import write_plan

    for attempt in range(2):
        try:
            write_plan(plan)
        except (StaleRows, IntegrityError):
            if attempt:
                raise ImportRefused([Problem("", "", str(DIRECTORY_CHANGED))]) from None
            plan = replan()
        else:
            break
    plan.report.applied = True
    return plan.report


class ImportPlan:
    """What importing a file would do, worked out from a fixed handful of reads whatever its size.

    Kept after a dry run, it is written as it stands (``still_current``) when nothing it read has
    changed since; otherwise the file is planned again.
    """

    def __init__(
        self,
        records: list[Record],
        *,
        directory: Directory,
        principal: Principal,
        user,
        update_contacts: bool,
        checks: RowChecks,
    ):
        self.directory = directory
        self.principal = principal
        self.user = user
        self.update_contacts = update_contacts
        self.checks = checks
        self.report = ImportReport(applied=False)
        self.today = timezone.localdate()

        self.states = {state.iso3: state for state in State.objects.all()}
        # What the plan depends on, read before anything else: a change after this is seen at the apply.
        named = {self.states[record.state].pk for record in records if record.state in self.states}
        self.fingerprint_states = sorted(named & set(principal.administered_state_ids))
        self.fingerprint = self._fingerprint()

        self.participants = set(directory.participations.values_list("state_id", flat=True))
        self.roles = {role.kind: role for role in directory.roles.all()}
        self.roles_by_id = {role.pk: role for role in self.roles.values()}
        importable = set(self.fingerprint_states) & self.participants

        # Contacts by lower-cased e-mail address: the existing ones the file names, then those it creates.
        addresses = sorted({email.address.lower() for record in records for email in record.contact.emails})
        self.by_email: dict[str, int | ContactPlan] = {}
        for chunk in _chunks(addresses):
            found = (
                ContactEmail.objects.annotate(lowered=Lower("address"))
                .filter(lowered__in=chunk)
                .order_by()
                .values_list("lowered", "contact_id")
            )
            for address, contact_id in found:
                self.by_email.setdefault(address, contact_id)
        known = sorted(set(self.by_email.values()))
        self.contacts: dict[int, dict] = {}
        self.stored_emails: dict[int, list[str]] = {}
        self.stored_phones: dict[int, list[tuple]] = {}  # (id, number, usage, position)
        self.stored_languages: dict[int, list[tuple]] = {}  # (id, code, position)
        self.visible: set[int] = set()
        self.changeable: set[int] = set()
        for chunk in _chunks(known):
            self._read_contacts(chunk)
        self.plans: dict[int, ContactPlan] = {}  # existing contacts this import links, by id

        self.institutions: dict[tuple[int, str], int | NewInstitution] = {}
        self.institution_names: dict[int, tuple[str, str]] = {}  # id -> (name, acronym), for the search text
        for pk, state_id, name, acronym in (
            Institution.objects.filter(state_id__in=importable)
            .order_by()
            .values_list("pk", "state_id", "name", "acronym")
        ):
            self.institutions[(state_id, name.lower())] = pk
            self.institution_names[pk] = (name, acronym)
        self.new_institutions: list[NewInstitution] = []
        self.new_contacts: list[ContactPlan] = []

        self.active: dict[tuple[int, int], Retirement] = {
            (role_id, contact_id): Retirement(
                pk, state_id, self.roles_by_id[role_id], contact_id, name, code, ends_on, updated
            )
            for pk, role_id, contact_id, state_id, name, code, ends_on, updated in Nomination.objects.active()
            .filter(directory=directory, state_id__in=importable)
            .order_by()
            .values_list(
                "pk", "role_id", "contact_id", "state_id", "contact__name", "contact__code", "ends_on", "updated"
            )
        }
        self.listed: set[int] = set()  # active nominations the file names
        self.states_listed: set[int] = set()
        self.new_nominations: list[PlannedNomination] = []
        self.nominated: set[tuple[int, int]] = set()  # (role, id of the plan) planned in this import
        self.retirements: list[Retirement] = []

    def _read_contacts(self, ids: list[int]) -> None:
        """The contacts the file names: their columns, addresses, phones and languages, and what the importer may do."""
        for row in (
            Contact.objects.filter(pk__in=ids)
            .order_by()
            .values(
                "pk",
                "code",
                "institution_id",
                "institution__state_id",
                "institution__name",
                "institution__acronym",
                "updated",
                "search_text",
                "phone_digits",
                *VALUE_FIELDS,
            )
        ):
            self.contacts[row["pk"]] = row
        for contact_id, address in ContactEmail.objects.filter(contact_id__in=ids).values_list("contact_id", "address"):
            self.stored_emails.setdefault(contact_id, []).append(address)
        for pk, contact_id, number, usage, position in ContactPhone.objects.filter(contact_id__in=ids).values_list(
            "pk", "contact_id", "number", "usage", "position"
        ):
            self.stored_phones.setdefault(contact_id, []).append((pk, number, usage, position))
        for pk, contact_id, code, position in ContactLanguage.objects.filter(contact_id__in=ids).values_list(
            "pk", "contact_id", "code", "position"
        ):
            self.stored_languages.setdefault(contact_id, []).append((pk, code, position))
        restricted = Contact.objects.filter(pk__in=ids).order_by()
        self.visible.update(restricted.restrict(self.principal, "view").values_list("pk", flat=True))
        if self.update_contacts:
            self.changeable.update(restricted.restrict(self.principal, "change").values_list("pk", flat=True))

    # What the plan read, in one query: a change to any of it since makes the plan stale.

    def _fingerprint(self) -> tuple:
        directory_id, states = self.directory.pk, self.fingerprint_states

        parts = [
            queryset.order_by()
            .values(part=Value(index))
            .annotate(rows=Count("pk"), latest=Cast(Max(latest), CharField()))
            .values_list("part", "rows", "latest")
            for index, (queryset, latest) in enumerate(
                (
                    (Directory.objects.filter(pk=directory_id), "updated"),
                    (Participation.objects.filter(directory_id=directory_id), "updated"),
                    (DirectoryRole.objects.filter(directory_id=directory_id), "pk"),
                    (Nomination.objects.filter(directory_id=directory_id, state_id__in=states), "updated"),
                    (Institution.objects.filter(state_id__in=states), "updated"),
                    (Contact.objects.filter(institution__state_id__in=states), "updated"),
                    # An address added anywhere (to a contact of another State too) may be one the file names.
                    (ContactEmail.objects.all(), "pk"),
                )
            )
        ]
        return tuple(sorted(parts[0].union(*parts[1:], all=True).order_by()))

    def still_current(self, principal: Principal) -> bool:
        """Whether writing this plan now does what planning again would: nothing it read has changed since.

        The same day (new nominations start today), the importer's rights as they were, and the same counts
        and latest changes of the directory, its States' institutions, contacts and nominations, and addresses.
        """
        if principal != self.principal or timezone.localdate() != self.today:
            return False
        return self._fingerprint() == self.fingerprint

    def _outcome(self, record: Record, action: str, reason: str = "") -> Outcome:
        return Outcome(record.where, action, record.state, record.role, record.contact.name, reason)

    def _may_nominate(self, state: State) -> bool:
        return self.directory.pk in nominable_directory_ids(self.principal, state.pk)

    # Planning: reads and checks only.

    def plan(self, record: Record) -> Outcome:
        state = self.states.get(record.state)
        if state is None:
            raise _RecordFailed(
                [
                    Problem(
                        record.where,
                        "state",
                        _("“%(code)s” is not a known State code (ISO 3166-1 alpha-3).") % {"code": record.state},
                    )
                ]
            )
        if state.pk not in self.participants:
            return self._outcome(
                record, Action.SKIPPED, _("%(state)s does not take part in this directory.") % {"state": state.name}
            )
        if state.pk not in self.principal.administered_state_ids:
            return self._outcome(
                record, Action.SKIPPED, _("You may not import nominations for %(state)s.") % {"state": state.name}
            )
        role = self.roles.get(record.role)
        if role is None:
            return self._outcome(
                record, Action.SKIPPED, _("This directory has no “%(role)s” role.") % {"role": record.role}
            )
        if not self._may_nominate(state):
            raise _RecordFailed([Problem(record.where, "role", _("Not allowed."))])

        self.states_listed.add(state.pk)
        plan = self._linked_plan(record, state)
        if plan is None:
            plan, action = self._new_plan(record, state), Action.CREATED
        elif self.update_contacts and self._plan_update(plan, record):
            action = Action.CHANGED
        else:
            action = Action.LINKED

        key = (role.pk, plan.pk or id(plan))
        existing = self.active.get((role.pk, plan.pk)) if plan.pk else None
        if existing is not None:
            self.listed.add(existing.pk)
            if action == Action.CHANGED:
                return self._outcome(record, action)
            return self._outcome(record, Action.UNCHANGED, _("Already nominated to this role."))
        if key in self.nominated:
            return self._outcome(record, Action.SKIPPED, _("This nomination is listed twice in the file."))
        self.nominated.add(key)
        self.new_nominations.append(PlannedNomination(role, plan, state.pk, record.starts_on or self.today))
        return self._outcome(record, action)

    def _linked_plan(self, record: Record, state: State) -> ContactPlan | None:
        """The contact one of the record's addresses names, if any; refused unless the importer may use it."""
        for email in record.contact.emails:
            found = self.by_email.get(email.address.lower())
            if found is None:
                continue
            if isinstance(found, ContactPlan):  # created, or given this address, by an earlier row
                plan = found
                usable = plan.state_id == state.pk
            else:
                row = self.contacts[found]
                usable = found in self.visible and row["institution__state_id"] == state.pk
                plan = self.plans.get(found) or self._existing_plan(row)
            if not usable:
                raise _RecordFailed([Problem(record.where, "emails", str(UNUSABLE_ADDRESS))])
            if not plan.new:
                self.plans.setdefault(plan.pk, plan)
            return plan
        return None

    def _existing_plan(self, row: dict) -> ContactPlan:
        self.institution_names[row["institution_id"]] = (row["institution__name"], row["institution__acronym"])
        return ContactPlan(
            state_id=row["institution__state_id"],
            institution=row["institution_id"],
            values={name: row[name] for name in VALUE_FIELDS},
            stored=row,
            pk=row["pk"],
            code=row["code"],
        )

    def _checked(self, record: Record, data: ContactRecord, problems: list[Problem]) -> dict:
        """The record's contact values as the contact form cleans them; problems are collected."""
        values, errors = self.checks.contact(_contact_data(data))
        problems.extend(Problem(record.where, name, message) for name, message in errors)
        return {**values, "languages": list(values["languages"])} if values else {}

    def _checked_emails(self, record: Record, problems: list[Problem]) -> list[tuple[str, str]]:
        emails, seen = [], set()
        for email in record.contact.emails:
            messages = self.checks.email(email.address, email.usage)
            if messages:
                problems.extend(Problem(record.where, "emails", f"{email.address}: {m}") for m in messages)
                continue
            lowered = email.address.lower()
            if lowered in seen:
                problems.append(
                    Problem(record.where, "emails", _("%(address)s is listed twice.") % {"address": email.address})
                )
            seen.add(lowered)
            emails.append((email.address, email.usage))
        if not record.contact.emails:
            problems.append(Problem(record.where, "emails", _("Give at least one e-mail address.")))
        return emails

    def _checked_phones(self, record: Record, problems: list[Problem]) -> list[tuple[str, str]]:
        phones = []
        for phone in record.contact.phones:
            number, messages = self.checks.phone(phone.number, phone.usage)
            if messages:
                problems.extend(Problem(record.where, "phones", f"{phone.number}: {m}") for m in messages)
                continue
            if (number, phone.usage) in phones:
                problems.append(
                    Problem(record.where, "phones", _("%(number)s is listed twice.") % {"number": phone.number})
                )
                continue
            phones.append((number, phone.usage))
        return phones

    def _new_plan(self, record: Record, state: State) -> ContactPlan:
        problems: list[Problem] = []
        data = record.contact
        if data.pgp_key is None:  # the file does not carry keys (a spreadsheet)
            data = replace(data, pgp_key="")
        institution = self._institution(record, state, problems)
        values = self._checked(record, data, problems)
        emails = self._checked_emails(record, problems)
        phones = self._checked_phones(record, problems)
        if problems:
            raise _RecordFailed(problems)
        languages = values.pop("languages")
        plan = ContactPlan(
            state_id=state.pk,
            institution=institution,
            values=values,
            added_emails=emails,
            phones=phones,
            languages=languages,
        )
        for address, _usage in emails:
            self.by_email[address.lower()] = plan
        self.new_contacts.append(plan)
        return plan

    def _plan_update(self, plan: ContactPlan, record: Record) -> bool:
        """Bring a linked contact's planned state in line with the record; True if anything changes.

        Its e-mail addresses are kept and the record's new ones added (one of them is how it was found);
        its phones and languages become the record's; its key is kept when the file carries none.
        """
        problems: list[Problem] = []
        current = plan.values
        data = record.contact
        if data.pgp_key is None:
            data = replace(data, pgp_key=current["pgp_key"])
        values = self._checked(record, data, problems)
        emails = self._checked_emails(record, problems)
        phones = self._checked_phones(record, problems)
        if problems:
            raise _RecordFailed(problems)
        languages = values.pop("languages")
        if values["pgp_key"] == current["pgp_key"]:  # the same key: its fingerprint and expiry as stored
            values["pgp_fingerprint"], values["pgp_expires"] = current["pgp_fingerprint"], current["pgp_expires"]

        known = {address.lower() for address in self.addresses(plan)}
        added = [email for email in emails if email[0].lower() not in known]
        changes = {name: value for name, value in values.items() if current[name] != value}
        phones_change = phones != self.phones(plan)
        languages_change = languages != self.languages(plan)
        if not (changes or added or phones_change or languages_change):
            return False
        if not plan.new and plan.pk not in self.changeable:
            raise _RecordFailed([Problem(record.where, "", _("You may not change this contact's details."))])
        current.update(changes)
        for address, _usage in added:
            self.by_email[address.lower()] = plan
        plan.added_emails += added
        plan.phones = phones if phones_change else plan.phones
        plan.languages = languages if languages_change else plan.languages
        plan.changed = True
        return True

    def addresses(self, plan: ContactPlan) -> list[str]:
        """The contact's addresses as they will be, in order: those it has, then those the import adds."""
        stored = [] if plan.new else self.stored_emails.get(plan.pk, [])
        return stored + [address for address, _usage in plan.added_emails]

    def phones(self, plan: ContactPlan) -> list[tuple[str, str]]:
        if plan.phones is not None:
            return plan.phones
        return [(number, usage) for _pk, number, usage, _position in self.stored_phones.get(plan.pk, [])]

    def languages(self, plan: ContactPlan) -> list[str]:
        if plan.languages is not None:
            return plan.languages
        return [code for _pk, code, _position in self.stored_languages.get(plan.pk, [])]

    def _institution(self, record: Record, state: State, problems: list[Problem]) -> int | NewInstitution | None:
        wanted = record.contact.institution
        name = wanted.name.strip()
        key = (state.pk, name.lower())
        existing = self.institutions.get(key)
        if existing:
            return existing
        messages = self.checks.institution(name, wanted.acronym, wanted.kind)
        if messages:
            problems.extend(Problem(record.where, "institution", message) for message in messages)
            return None
        institution = NewInstitution(state.pk, name, wanted.acronym, wanted.kind)
        self.institutions[key] = institution
        self.new_institutions.append(institution)
        return institution

    def plan_retirements(self) -> None:
        """Retire the active nominations of the file's States that the file no longer lists (those the importer may)."""
        unlisted = [
            nomination
            for nomination in self.active.values()
            if nomination.state_id in self.states_listed and nomination.pk not in self.listed
        ]
        changeable = set()
        for chunk in _chunks([nomination.pk for nomination in unlisted]):
            changeable.update(
                Nomination.objects.restrict(self.principal, "change").filter(pk__in=chunk).values_list("pk", flat=True)
            )
        iso3 = {state.pk: state.iso3 for state in self.states.values()}
        unlisted = [nomination for nomination in unlisted if nomination.pk in changeable]
        unlisted.sort(key=lambda n: (iso3[n.state_id], n.role.position, n.contact_name))
        for nomination in unlisted:
            self.retirements.append(nomination)
            self.report.outcomes.append(
                Outcome("", Action.RETIRED, iso3[nomination.state_id], nomination.role.kind, nomination.contact_name)
            )


def _chunks(items: list) -> list[list]:
    return [items[start : start + _LOOKUP_CHUNK] for start in range(0, len(items), _LOOKUP_CHUNK)]


def _contact_data(data: ContactRecord) -> dict:
    """A record's contact as the contact form's data."""
    return {
        "kind": data.kind,
        "name": data.name,
        "title": data.title,
        "is_24_7": "on" if data.is_24_7 else "",
        "working_days": data.working_days,
        "opens_at": data.opens_at.strftime("%H:%M") if data.opens_at else "",
        "closes_at": data.closes_at.strftime("%H:%M") if data.closes_at else "",
        "time_zone": data.time_zone,
        "pgp_key": data.pgp_key or "",
        "languages": ", ".join(data.languages),
    }


def _position(problem: Problem) -> int:
    """The line or record number a problem is at, to report problems in file order."""
    digits = re.search(r"\d+", problem.where)
    return int(digits.group()) if digits else -1


def _field_name(form_field: str) -> str:
    return {"is_24_7": "reachable_24_7", "pgp_key": "openpgp_key"}.get(form_field, form_field)
