"""Importing nominations: read a file into records, check every record, then write all or nothing.

The same engine serves the JSON exchange format (another directory's
nominations) and, later, spreadsheets. Every problem is collected, with where it
is ("nominations[3]", "line 4") and which field, before anything is kept: an
import with one bad record writes no record. A dry run does all the work in a
transaction that is rolled back, so what it reports is exactly what applying
would do.
"""

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, time
from functools import cache
from pathlib import Path

import jsonschema
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from access.principal import Principal
from directory import services
from directory.models import Contact, ContactEmail, Directory, Institution, Nomination, State
from exchange import formats
from exchange.records import ContactRecord, Email, Phone, Record, record_of_contact
from exchange.records import Institution as InstitutionRecord

SCHEMA_PATH = Path(__file__).parent / "schema" / "directory-exchange-v1.json"
# Larger files are refused before they are read.
MAX_IMPORT_BYTES = 20 * 1024 * 1024


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
    RETIRED = "retired"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Outcome:
    where: str
    action: str
    state: str
    role: str
    contact: str
    reason: str = ""


@dataclass
class ImportReport:
    applied: bool
    outcomes: list[Outcome] = field(default_factory=list)

    def _of(self, action: str) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.action == action]

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


# --- Writing ---------------------------------------------------------------------------------


class _RecordFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


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
) -> ImportReport:
    """Import ``records`` into ``directory``: all of them, or (on any problem) none, raising ImportRefused.

    A contact that already exists in the record's State with one of the record's
    e-mail addresses is linked (nominated), not created again. A State's own
    spreadsheet also brings its contacts' details up to date (``update_contacts``)
    and may retire the State's nominations it no longer lists (``retire_missing``).
    ``problems`` already found while reading the file are reported with the rest.
    """
    importer = _Importer(directory=directory, principal=principal, user=user, update_contacts=update_contacts)
    problems = list(problems or [])
    with transaction.atomic():
        for record in records:
            try:
                with transaction.atomic():
                    importer.report.outcomes.append(importer.import_one(record))
            except _RecordFailed as failure:
                problems.extend(failure.problems)
        if retire_missing and not problems:
            importer.retire_unlisted()
        if problems or not apply:
            transaction.set_rollback(True)
    if problems:
        raise ImportRefused(sorted(problems, key=_position))
    importer.report.applied = apply
    return importer.report


class _Importer:
    def __init__(self, *, directory: Directory, principal: Principal, user, update_contacts: bool = False):
        self.directory = directory
        self.principal = principal
        self.user = user
        self.update_contacts = update_contacts
        self.listed: set[int] = set()  # nominations the file names (kept or created)
        self.states_listed: set[int] = set()
        self.report = ImportReport(applied=False)
        self.states = {state.iso3: state for state in State.objects.all()}
        self.participants = set(directory.participations.values_list("state_id", flat=True))
        self.roles = {role.kind: role for role in directory.roles.all()}
        # Contacts by lower-cased e-mail address, including those this import creates.
        self.by_email = {
            address: contact
            for address, contact in (
                ContactEmail.objects.annotate(lowered=Lower("address")).values_list("lowered", "contact")
            )
        }

    def _outcome(self, record: Record, action: str, reason: str = "") -> Outcome:
        return Outcome(record.where, action, record.state, record.role, record.contact.name, reason)

    def import_one(self, record: Record) -> Outcome:
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

        self.states_listed.add(state.pk)
        contact, action = self._existing_contact(record, state)
        if contact is None:
            contact, action = self._create_contact(record, state), Action.CREATED
        elif self.update_contacts and self._update_contact(contact, record, state):
            action = Action.CHANGED
        existing = Nomination.objects.active().filter(directory=self.directory, role=role, contact=contact).first()
        if existing:
            self.listed.add(existing.pk)
            if action == Action.CHANGED:
                return self._outcome(record, action)
            return self._outcome(record, Action.SKIPPED, _("Already nominated to this role."))
        try:
            nomination = services.nominate(
                principal=self.principal,
                contact=contact,
                directory=self.directory,
                role=role,
                user=self.user,
                starts_on=record.starts_on,
            )
        except (ValidationError, PermissionDenied) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else _("Not allowed.")
            raise _RecordFailed([Problem(record.where, "role", message)]) from None
        self.listed.add(nomination.pk)
        return self._outcome(record, action)

    def retire_unlisted(self) -> None:
        """Retire the active nominations of the file's States that the file no longer lists."""
        unlisted = (
            Nomination.objects.active()
            .filter(directory=self.directory, state_id__in=self.states_listed)
            .exclude(pk__in=self.listed)
            .select_related("state", "role", "contact")
            .order_by("state__iso3", "role__position", "contact__name")
        )
        today = timezone.localdate()
        for nomination in unlisted:
            services.retire(principal=self.principal, nomination=nomination, ends_on=today)
            self.report.outcomes.append(
                Outcome("", Action.RETIRED, nomination.state.iso3, nomination.role.kind, nomination.contact.name)
            )

    def _update_contact(self, contact: Contact, record: Record, state: State) -> bool:
        """Bring an existing contact's details in line with the record; True if anything changed.

        Its e-mail addresses are kept, and the record's new ones added (one of them is how it was found).
        """
        data = record.contact
        if data.pgp_key is None:  # the file does not carry keys (a spreadsheet): keep the contact's
            data = replace(data, pgp_key=contact.pgp_key)
        before = formats.contact_json(record_of_contact(contact))
        emails = list(contact.emails.values_list("address", "usage"))
        known = {address.lower() for address, _usage in emails}
        emails += [(email.address, email.usage) for email in data.emails if email.address.lower() not in known]
        contact = self._write(record, state, data, contact.institution_id, emails, contact=contact)
        contact = (
            Contact.objects.prefetch_related("emails", "phones", "languages")
            .select_related("institution")
            .get(pk=contact.pk)
        )
        return formats.contact_json(record_of_contact(contact)) != before

    def _existing_contact(self, record: Record, state: State) -> tuple[Contact | None, str]:
        for email in record.contact.emails:
            contact_id = self.by_email.get(email.address.lower())
            if contact_id is None:
                continue
            contact = Contact.objects.select_related("institution").get(pk=contact_id)
            if contact.institution.state_id != state.pk:
                raise _RecordFailed(
                    [
                        Problem(
                            record.where,
                            "emails",
                            _("%(address)s belongs to a contact of another State.") % {"address": email.address},
                        )
                    ]
                )
            return contact, Action.LINKED
        return None, ""

    def _create_contact(self, record: Record, state: State) -> Contact:
        problems: list[Problem] = []
        institution = self._institution(record, state, problems)
        emails = [(email.address, email.usage) for email in record.contact.emails]
        institution_id = institution.pk if institution else ""
        return self._write(record, state, record.contact, institution_id, emails, problems=problems)

    def _write(self, record, state, data, institution_id, emails, *, contact=None, problems=()) -> Contact:
        """Save the contact through the directory's own rules; every problem is named with the record's place."""
        problems = list(problems)
        try:
            contact = services.write_contact(
                state=state,
                contact=contact,
                data=services.ContactData(
                    fields=self._contact_data(data, institution_id),
                    emails=emails,
                    phones=[(phone.number, phone.usage) for phone in data.phones],
                ),
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name != "institution" or institution_id:  # a refused institution is reported already
                    problems.extend(Problem(record.where, _field_name(name), message) for message in messages)
        if problems:
            raise _RecordFailed(problems)
        for address, _usage in emails:
            self.by_email[address.lower()] = contact.pk
        return contact

    @staticmethod
    def _contact_data(data: ContactRecord, institution_id) -> dict:
        return {
            "institution": institution_id,
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

    def _institution(self, record: Record, state: State, problems: list[Problem]) -> Institution | None:
        wanted = record.contact.institution
        existing = Institution.objects.filter(state=state, name__iexact=wanted.name).first()
        if existing:
            return existing
        institution = Institution(state=state, name=wanted.name, acronym=wanted.acronym, kind=wanted.kind)
        try:
            institution.full_clean()
        except ValidationError as error:
            problems.extend(Problem(record.where, "institution", message) for message in error.messages)
            return None
        institution.save()
        return institution


def _position(problem: Problem) -> int:
    """The line or record number a problem is at, to report problems in file order."""
    digits = re.search(r"\d+", problem.where)
    return int(digits.group()) if digits else -1


def _field_name(form_field: str) -> str:
    return {"is_24_7": "reachable_24_7", "pgp_key": "openpgp_key"}.get(form_field, form_field)
