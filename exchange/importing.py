"""Importing nominations: read a file into records, check every record, then write all or nothing.

The same engine serves the JSON exchange format (another directory's
nominations) and spreadsheets. It works in two phases:

1. *Plan* (reads only): the States, roles, institutions, the contacts the
   file's e-mail addresses name and the directory's active nominations are read
   once, in a fixed handful of queries whatever the number of rows; every record
   is checked by the contact form's own rules and becomes a planned outcome.
   Every problem is collected, with where it is ("nominations[3]", "line 4") and
   which field. A dry run stops here, so what it reports is exactly what
   applying would do.
2. *Write*: only when there is no problem, one short transaction writes what
   changes with bulk statements (and their change-log entries, ``audit.bulk``).
   A row that changes nothing writes nothing.
"""

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, time
from functools import cache
from pathlib import Path

import jsonschema
from auditlog.context import disable_auditlog
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.principal import Principal
from audit import bulk as audit
from directory.choices import NominationSource, NominationStatus
from directory.forms import ContactForm, _time_zones
from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    ContactPhone,
    Directory,
    Institution,
    Nomination,
    State,
)
from directory.phones import to_e164
from directory.search import refresh_search_text, refresh_suspended
from enlace import page_cache
from enlace.bulk_insert import insert_rows, update_rows
from exchange.records import ContactRecord, Email, Phone, Record
from exchange.records import Institution as InstitutionRecord

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


# --- Planning and writing -----------------------------------------------------------------------

# Addresses looked up per query (well under every database's limit on parameters).
_LOOKUP_CHUNK = 5000

# The contact columns an import writes (the institution of an existing contact is kept).
_CONTACT_FIELDS = ("kind", "name", "title", "is_24_7", "working_days", "opens_at", "closes_at", "time_zone")
_KEY_FIELDS = ("pgp_key", "pgp_fingerprint", "pgp_expires")


class _RecordFailed(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


class _ContactCheck(ContactForm):
    """The contact form's rules on one record's values, without a query and without its weight.

    The institution is resolved by the importer (from the State's institutions, read
    once); the row's check constraints (opening before closing, a key with its
    fingerprint) are the form's own ``clean`` and the database's, not a query per
    row; and the time zone is looked up in a set rather than in a choice list copied
    for every row (the same zones, the same message).
    """

    time_zone = forms.CharField(max_length=64)

    class Meta(ContactForm.Meta):
        fields = [name for name in ContactForm.Meta.fields if name != "institution"]

    def __init__(self, data: dict):
        forms.ModelForm.__init__(self, data=data)  # not ContactForm's: it builds the institution choices
        self.key_info = None

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data["time_zone"]
        if zone not in _time_zone_names():
            raise ValidationError(
                forms.ChoiceField.default_error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": zone},
            )
        return zone

    def validate_constraints(self) -> None:
        pass


class _SharedFields(dict):
    """The check's fields, shared by every row's form rather than deep-copied for each.

    A form copies its fields so that one instance may change them (choices, widgets)
    without touching the next; the check changes none and renders nothing, and the
    copy was a quarter of the time a row took.
    """

    def __deepcopy__(self, memo) -> dict:
        return dict(self)


_ContactCheck.base_fields = _SharedFields(_ContactCheck.base_fields)
# "08:00" first: a file's times are hours and minutes, and each format tried before the right one fails
# with an exception (the same formats are accepted, and the same message given, as by the contact form).
for _name in ("opens_at", "closes_at"):
    _formats = list(_ContactCheck.base_fields[_name].input_formats)
    _ContactCheck.base_fields[_name].input_formats = ["%H:%M", *(f for f in _formats if f != "%H:%M")]


@cache
def _time_zone_names() -> frozenset[str]:
    return frozenset(zone for zone, _label in _time_zones())


@dataclass
class _ContactPlan:
    """A contact as the import leaves it: a new one, or an existing one and what changes in it."""

    contact: Contact  # unsaved when new; for an existing contact, its row with the changes applied
    before: Contact | None = None  # the existing row as read (for the change log)
    new_emails: list[ContactEmail] = field(default_factory=list)
    phones: list[tuple[str, str]] | None = None  # the wanted list (number, usage), None: leave them
    languages: list[str] | None = None  # the wanted codes in order, None: leave them
    changed: bool = False
    new: bool = False


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
    row_checks: dict | None = None,
) -> ImportReport:
    """Import ``records`` into ``directory``: all of them, or (on any problem) none, raising ImportRefused.

    A contact that already exists in the record's State with one of the record's
    e-mail addresses is linked (nominated), not created again. A State's own
    spreadsheet also brings its contacts' details up to date (``update_contacts``)
    and may retire the State's nominations it no longer lists (``retire_missing``).
    ``problems`` already found while reading the file are reported with the rest.
    ``progress`` is told how many records have been checked, every ``PROGRESS_EVERY`` records.
    ``row_checks`` keeps what the contact form's rules said of each record's values, for a second
    pass over the same file (the apply after its dry run) to reuse: those rules read nothing
    but the values. Everything that depends on the database is worked out again.
    """
    importer = _Importer(records, directory=directory, principal=principal, user=user, update_contacts=update_contacts)
    importer.row_checks = {} if row_checks is None else row_checks
    problems = list(problems or [])
    for number, record in enumerate(records, start=1):
        try:
            importer.report.outcomes.append(importer.plan(record))
        except _RecordFailed as failure:
            problems.extend(failure.problems)
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)
    if retire_missing and not problems:
        importer.plan_retirements()
    if problems:
        raise ImportRefused(sorted(problems, key=_position))
    if apply:
        writes = importer.writes()
        try:
            with transaction.atomic(), refresh_suspended():
                writes.run()
        except IntegrityError:
            # Someone changed the same contacts or nominations between the check and the write.
            raise ImportRefused(
                [Problem("", "", _("The directory changed while the file was imported. Upload it again."))]
            ) from None
        refresh_search_text(contact.pk for contact in [*writes.contacts, *writes.contact_updates])
        # Bulk writes send no model signals: the public pages (counts of nominations) are told here.
        page_cache.changed()
    importer.report.applied = apply
    return importer.report


class _Importer:
    def __init__(self, records: list[Record], *, directory: Directory, principal: Principal, user, update_contacts):
        self.directory = directory
        self.principal = principal
        self.user = user
        self.update_contacts = update_contacts
        self.report = ImportReport(applied=False)
        self.today = timezone.localdate()

        self.states = {state.iso3: state for state in State.objects.all()}
        self.participants = set(directory.participations.values_list("state_id", flat=True))
        self.roles = {role.kind: role for role in directory.roles.all()}
        importable = {
            self.states[record.state].pk
            for record in records
            if record.state in self.states and self.states[record.state].pk in self.participants
        } & set(principal.administered_state_ids)

        # Contacts by lower-cased e-mail address: the existing ones the file names, then those it creates.
        addresses = sorted({email.address.lower() for record in records for email in record.contact.emails})
        self.by_email: dict[str, int | _ContactPlan] = {}
        for start in range(0, len(addresses), _LOOKUP_CHUNK):
            found = (
                ContactEmail.objects.annotate(lowered=Lower("address"))
                .filter(lowered__in=addresses[start : start + _LOOKUP_CHUNK])
                .values_list("lowered", "contact_id")
            )
            for address, contact_id in found:
                self.by_email.setdefault(address, contact_id)
        known = set(self.by_email.values())
        self.contacts = {
            contact.pk: contact
            for contact in Contact.objects.filter(pk__in=known)
            .select_related("institution")
            .prefetch_related("emails", "phones", "languages")
        }
        self.visible = set(
            Contact.objects.restrict(principal, "view").filter(pk__in=known).values_list("pk", flat=True)
        )
        self.changeable = (
            set(Contact.objects.restrict(principal, "change").filter(pk__in=known).values_list("pk", flat=True))
            if update_contacts
            else set()
        )
        self.plans: dict[int, _ContactPlan] = {}  # existing contacts this import links, by id

        self.institutions: dict[tuple[int, str], Institution] = {
            (institution.state_id, institution.name.lower()): institution
            for institution in Institution.objects.filter(state_id__in=importable)
        }
        self.new_institutions: list[Institution] = []

        self.active: dict[tuple[int, int], Nomination] = {
            (nomination.role_id, nomination.contact_id): nomination
            for nomination in Nomination.objects.active()
            .filter(directory=directory, state_id__in=importable)
            .select_related("state", "role", "contact")
        }
        self.listed: set[int] = set()  # active nominations the file names
        self.states_listed: set[int] = set()
        self.new_nominations: list[Nomination] = []
        self.nominated: set[tuple[int, int]] = set()  # (role, id of the plan) planned in this import
        self.retirements: list[Nomination] = []

    def _outcome(self, record: Record, action: str, reason: str = "") -> Outcome:
        return Outcome(record.where, action, record.state, record.role, record.contact.name, reason)

    def _may_nominate(self, state: State) -> bool:
        """What ``directory.services.nominable_directories`` allows, from the principal's sets (no query)."""
        if self.directory.pk in self.principal.managed_directory_ids:
            return True
        return (
            state.pk in self.principal.coordinated_state_ids
            and self.directory.pk in self.principal.participating_directory_ids
        )

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
        elif self.update_contacts and self._plan_update(plan, record, state):
            action = Action.CHANGED
        else:
            action = Action.LINKED

        key = (role.pk, plan.contact.pk or id(plan))
        existing = self.active.get((role.pk, plan.contact.pk)) if plan.contact.pk else None
        if existing is not None:
            self.listed.add(existing.pk)
            if action == Action.CHANGED:
                return self._outcome(record, action)
            return self._outcome(record, Action.UNCHANGED, _("Already nominated to this role."))
        if key in self.nominated:
            return self._outcome(record, Action.SKIPPED, _("This nomination is listed twice in the file."))
        self.nominated.add(key)
        self.new_nominations.append(
            Nomination(
                directory=self.directory,
                role=role,
                contact=plan.contact,
                state=state,
                source=NominationSource.STATE,
                starts_on=record.starts_on or self.today,
                created_by=self.user,
            )
        )
        return self._outcome(record, action)

    def _linked_plan(self, record: Record, state: State) -> _ContactPlan | None:
        """The contact one of the record's addresses names, if any; refused unless the importer may use it."""
        for email in record.contact.emails:
            found = self.by_email.get(email.address.lower())
            if found is None:
                continue
            if isinstance(found, _ContactPlan):  # created, or given this address, by an earlier row
                plan = found
                usable = plan.contact.institution.state_id == state.pk
            else:
                contact = self.contacts[found]
                usable = found in self.visible and contact.institution.state_id == state.pk
                plan = self.plans.get(found) or _ContactPlan(contact=contact)
            if not usable:
                raise _RecordFailed([Problem(record.where, "emails", str(UNUSABLE_ADDRESS))])
            if not plan.new:
                self.plans.setdefault(plan.contact.pk, plan)
            return plan
        return None

    def _checked(self, record: Record, data: ContactRecord, state: State, problems: list[Problem]) -> dict:
        """The record's contact values as the contact form cleans them; problems are collected."""
        form_data = _contact_data(data)
        key = tuple(form_data.items())
        checked = self.row_checks.get(key)
        if checked is None:
            checked = self.row_checks[key] = self._check(form_data)
        values, errors = checked
        problems.extend(Problem(record.where, name, message) for name, message in errors)
        return {**values, "languages": list(values["languages"])} if values else {}

    @staticmethod
    def _check(form_data: dict) -> tuple[dict | None, list[tuple[str, str]]]:
        form = _ContactCheck(form_data)
        if not form.is_valid():
            return None, [
                (_field_name(name), message) for name, messages in form.errors.items() for message in messages
            ]
        values = {name: form.cleaned_data[name] for name in _CONTACT_FIELDS}
        values["pgp_key"] = form.cleaned_data["pgp_key"]
        info = form.key_info
        values["pgp_fingerprint"] = info.fingerprint if info else ""
        values["pgp_expires"] = info.expires if info else None
        values["languages"] = form.cleaned_data["languages"]
        return values, []

    def _checked_emails(self, record: Record, problems: list[Problem]) -> list[ContactEmail]:
        emails, seen = [], set()
        for email in record.contact.emails:
            row = ContactEmail(address=email.address, usage=email.usage)
            try:
                row.full_clean(exclude=["contact", "position"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                problems.extend(Problem(record.where, "emails", f"{email.address}: {m}") for m in error.messages)
                continue
            if email.address.lower() in seen:
                problems.append(
                    Problem(record.where, "emails", _("%(address)s is listed twice.") % {"address": email.address})
                )
            seen.add(email.address.lower())
            emails.append(row)
        if not record.contact.emails:
            problems.append(Problem(record.where, "emails", _("Give at least one e-mail address.")))
        return emails

    def _checked_phones(self, record: Record, problems: list[Problem]) -> list[tuple[str, str]]:
        phones = []
        for phone in record.contact.phones:
            try:
                row = ContactPhone(number=to_e164(phone.number), usage=phone.usage)
                row.full_clean(exclude=["contact", "position"], validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                problems.extend(Problem(record.where, "phones", f"{phone.number}: {m}") for m in error.messages)
                continue
            if (row.number, row.usage) in phones:
                problems.append(
                    Problem(record.where, "phones", _("%(number)s is listed twice.") % {"number": phone.number})
                )
                continue
            phones.append((row.number, row.usage))
        return phones

    def _new_plan(self, record: Record, state: State) -> _ContactPlan:
        problems: list[Problem] = []
        data = record.contact
        if data.pgp_key is None:  # the file does not carry keys (a spreadsheet)
            data = replace(data, pgp_key="")
        institution = self._institution(record, state, problems)
        values = self._checked(record, data, state, problems)
        emails = self._checked_emails(record, problems)
        phones = self._checked_phones(record, problems)
        if problems:
            raise _RecordFailed(problems)
        languages = values.pop("languages")
        contact = Contact(institution=institution, **values)
        for position, email in enumerate(emails):
            email.contact, email.position = contact, position
        plan = _ContactPlan(contact=contact, new_emails=emails, phones=phones, languages=languages, new=True)
        for email in emails:
            self.by_email[email.address.lower()] = plan
        return plan

    def _plan_update(self, plan: _ContactPlan, record: Record, state: State) -> bool:
        """Bring a linked contact's planned state in line with the record; True if anything changes.

        Its e-mail addresses are kept and the record's new ones added (one of them is how it was found);
        its phones and languages become the record's; its key is kept when the file carries none.
        """
        problems: list[Problem] = []
        contact = plan.contact
        data = record.contact
        if data.pgp_key is None:
            data = replace(data, pgp_key=contact.pgp_key)
        values = self._checked(record, data, state, problems)
        emails = self._checked_emails(record, problems)
        phones = self._checked_phones(record, problems)
        if problems:
            raise _RecordFailed(problems)
        languages = values.pop("languages")
        if values["pgp_key"] == contact.pgp_key:  # the same key: its fingerprint and expiry as stored
            values["pgp_fingerprint"], values["pgp_expires"] = contact.pgp_fingerprint, contact.pgp_expires

        known = {address.lower() for address in self._addresses(plan)}
        added = [email for email in emails if email.address.lower() not in known]
        changes = {name: value for name, value in values.items() if getattr(contact, name) != value}
        phones_change = phones != self._phones(plan)
        languages_change = languages != self._languages(plan)
        if not (changes or added or phones_change or languages_change):
            return False
        if not plan.new and contact.pk not in self.changeable:
            raise _RecordFailed([Problem(record.where, "", _("You may not change this contact's details."))])
        if plan.before is None and not plan.new:
            plan.before = copy.copy(contact)
        for name, value in changes.items():
            setattr(contact, name, value)
        position = len(known)
        for email in added:
            email.contact, email.position = contact, position
            position += 1
            self.by_email[email.address.lower()] = plan
        plan.new_emails += added
        plan.phones = phones if phones_change else plan.phones
        plan.languages = languages if languages_change else plan.languages
        plan.changed = True
        return True

    @staticmethod
    def _addresses(plan: _ContactPlan) -> list[str]:
        stored = [] if plan.new else [email.address for email in plan.contact.emails.all()]
        return stored + [email.address for email in plan.new_emails]

    @staticmethod
    def _phones(plan: _ContactPlan) -> list[tuple[str, str]]:
        if plan.phones is not None:
            return plan.phones
        return [(phone.number, phone.usage) for phone in plan.contact.phones.all()]

    @staticmethod
    def _languages(plan: _ContactPlan) -> list[str]:
        if plan.languages is not None:
            return plan.languages
        return [language.code for language in plan.contact.languages.all()]

    def _institution(self, record: Record, state: State, problems: list[Problem]) -> Institution | None:
        wanted = record.contact.institution
        key = (state.pk, wanted.name.strip().lower())
        existing = self.institutions.get(key)
        if existing:
            return existing
        institution = Institution(state=state, name=wanted.name.strip(), acronym=wanted.acronym, kind=wanted.kind)
        try:
            institution.full_clean(exclude=["state"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems.extend(Problem(record.where, "institution", message) for message in error.messages)
            return None
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
        changeable = set(
            Nomination.objects.restrict(self.principal, "change")
            .filter(pk__in=[nomination.pk for nomination in unlisted])
            .values_list("pk", flat=True)
        )
        unlisted = [nomination for nomination in unlisted if nomination.pk in changeable]
        unlisted.sort(key=lambda n: (n.state.iso3, n.role.position, n.contact.name))
        for nomination in unlisted:
            self.retirements.append(nomination)
            self.report.outcomes.append(
                Outcome("", Action.RETIRED, nomination.state.iso3, nomination.role.kind, nomination.contact.name)
            )

    # Writing: everything is worked out first, then one short transaction of bulk statements.

    def writes(self) -> "_Writes":
        """What applying writes, worked out before the transaction (the change log's diffs too)."""
        writes = _Writes()
        log = writes.log
        now = timezone.now()
        writes.institutions = self.new_institutions
        log.created(self.new_institutions)

        planned = (plan for plan in self.by_email.values() if isinstance(plan, _ContactPlan) and plan.new)
        new = list({id(plan): plan for plan in planned}.values())
        writes.contacts = [plan.contact for plan in new]
        log.created(writes.contacts)

        changed = [plan for plan in self.plans.values() if plan.changed]
        for plan in changed:
            plan.contact.updated = now
        writes.contact_updates = [plan.contact for plan in changed]
        log.updated((plan.before, plan.contact) for plan in changed)

        writes.emails = [email for plan in new + changed for email in plan.new_emails]
        log.created(writes.emails)

        writes.children = [
            _children(new + changed, ContactPhone, ("number", "usage"), lambda plan: plan.phones, "phones", log),
            _children(
                new + changed,
                ContactLanguage,
                ("code",),
                lambda plan: None if plan.languages is None else [(code,) for code in plan.languages],
                "languages",
                log,
            ),
        ]

        writes.nominations = self.new_nominations
        log.created(self.new_nominations)

        before = [copy.copy(nomination) for nomination in self.retirements]
        for nomination in self.retirements:
            nomination.status, nomination.ends_on, nomination.updated = NominationStatus.RETIRED, self.today, now
        writes.retirements = self.retirements
        log.updated(zip(before, self.retirements, strict=True))
        return writes


@dataclass
class _Children:
    """The phones (or languages) of contacts to delete, change and add."""

    model: type
    fields: tuple[str, ...]
    deleted: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    created: list = field(default_factory=list)


def _children(plans, model, fields: tuple[str, ...], wanted_of, related: str, log: audit.PendingLog) -> _Children:
    """Make each contact's phones (or languages) the wanted list, changing only what differs.

    A row still wanted keeps its id (moved if its position changed); a row no longer wanted
    takes the place of a new value where there is one (an update, in the change log too), and
    is deleted otherwise.
    """
    children = _Children(model, fields)
    updated_before = []

    def key_of(row) -> tuple:
        return tuple(getattr(row, name) for name in fields)

    for plan in plans:
        wanted = wanted_of(plan)
        if wanted is None:
            continue
        current = {} if plan.new else {key_of(row): row for row in getattr(plan.contact, related).all()}
        spare = [row for key, row in current.items() if key not in wanted]
        for position, key in enumerate(wanted):
            row = current.get(key)
            values = dict(zip(fields, key, strict=True), position=position)
            if row is None and spare:
                row = spare.pop(0)
            elif row is None:
                children.created.append(model(contact=plan.contact, **values))
                continue
            if key_of(row) != key or row.position != position:
                updated_before.append(copy.copy(row))
                for name, value in values.items():
                    setattr(row, name, value)
                children.updated.append(row)
        children.deleted += spare
    log.deleted(children.deleted)
    log.updated(zip(updated_before, children.updated, strict=True))
    log.created(children.created)
    return children


@dataclass
class _Writes:
    """The rows an import writes, in the order they go in (parents before the rows that point at them)."""

    log: audit.PendingLog = field(default_factory=audit.PendingLog)
    institutions: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    contact_updates: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    children: list = field(default_factory=list)
    nominations: list = field(default_factory=list)
    retirements: list = field(default_factory=list)

    def run(self) -> None:
        _insert(self.institutions)
        _insert(self.contacts)
        _update(self.contact_updates, [*_CONTACT_FIELDS, *_KEY_FIELDS, "updated"])
        _insert(self.emails)
        for children in self.children:
            if children.deleted:
                with disable_auditlog():  # their entries are in the pending log
                    children.model.objects.filter(pk__in=[row.pk for row in children.deleted]).delete()
            _update(children.updated, [*children.fields, "position"])
            _insert(children.created)
        _insert(self.nominations)
        _update(self.retirements, ["status", "ends_on", "updated"])
        self.log.write()


def _insert(instances: list) -> None:
    """Insert new model instances in bulk (``enlace.bulk_insert``) and give each its id."""
    if not instances:
        return
    model = type(instances[0])
    fields = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)
    ]
    relations = [field for field in fields if field.many_to_one]
    for instance in instances:
        for relation in relations:  # rows inserted just before (an institution, a contact) now have their ids
            parent = relation.get_cached_value(instance, None)
            if parent is not None:
                setattr(instance, relation.attname, parent.pk)  # (which forgets the cached parent)
                relation.set_cached_value(instance, parent)
    ids = insert_rows(
        model,
        [field.name for field in fields],
        ([getattr(instance, field.attname) for field in fields] for instance in instances),
    )
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False


def _update(instances: list, names: list[str]) -> None:
    update_rows(
        type(instances[0]) if instances else Contact,
        names,
        ([instance.pk, *(getattr(instance, name) for name in names)] for instance in instances),
    )


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
