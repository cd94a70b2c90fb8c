"""Writing an import's plan: every row worked out first, then all written in one short transaction.

From an ``importing.ImportPlan``, the ids of the rows it creates are taken first
(``enlace.bulk_insert.reserve_ids``), so that every row — new institutions, contacts,
addresses, phones, languages and nominations, changed contacts, retired
nominations — and every change-log entry is ready, as plain values, before
anything is written. The entries are the ones auditlog's signals would write,
worked out from the values and differences the plan already holds
(``audit.bulk``). The contacts' search columns are written with their rows.
Then ``enlace.staged_writes`` stages the rows and writes them in one
transaction of set statements: all of them, or nothing.

A contact the plan changes is written only if it is still as the plan read it
(its ``updated`` time), a nomination it retires only if still active and
unchanged: otherwise ``StaleRows`` is raised, nothing is written, and the import
plans the file again.
"""

import uuid
from collections.abc import Callable

from auditlog.models import LogEntry
from django.utils import timezone, translation

from audit.bulk import PendingLog
from directory import names
from directory.choices import NominationSource, NominationStatus
from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    ContactPhone,
    Institution,
    Nomination,
)
from directory.search import contact_texts, institution_search_text
from enlace import page_cache
from enlace.bulk_insert import reserve_ids
from enlace.staged_writes import StagedWrites
from import_export.importing import VALUE_FIELDS, ContactPlan, ImportPlan, NewInstitution

_INSTITUTION_COLUMNS = ["id", "code", "state_id", "name", "acronym", "kind", "search_text"]
_CONTACT_COLUMNS = ["id", "code", "institution_id", *VALUE_FIELDS, "search_text", "phone_digits"]
_CONTACT_UPDATES = [*VALUE_FIELDS, "updated", "search_text", "phone_digits"]
_EMAIL_COLUMNS = ["id", "contact_id", "address", "usage", "position"]
_NOMINATION_COLUMNS = [
    "id",
    "code",
    "directory_id",
    "role_id",
    "contact_id",
    "state_id",
    "status",
    "starts_on",
    "source",
    "created_by_id",
]


def write_plan(plan: ImportPlan) -> None:
    """Write everything the plan found, in one transaction (StaleRows if a row changed since it was read)."""
    writes = _Writes(plan).staged()
    if writes:
        writes.write()
        # Set statements send no model signals: the public pages (counts of nominations) are told here.
        page_cache.changed()


class _Children:
    """A contact's phones (or languages) brought to the wanted list, changing only what differs.

    A row still wanted keeps its id (moved if its position changed); a row no longer wanted takes
    the place of a new value where there is one (an update, in the change log too), and is deleted
    otherwise.
    """

    def __init__(self, model, fields: tuple[str, ...], text: Callable[[tuple], str]):
        self.model, self.fields, self.text = model, fields, text
        self.deleted: list[tuple[ContactPlan, tuple]] = []  # (plan, (id, *values, position)) as read
        self.updated: list[tuple[ContactPlan, tuple, tuple]] = []  # (plan, as read, as it will be)
        self.created: list[tuple[ContactPlan, tuple]] = []  # (plan, (*values, position))

    def plan(self, plan: ContactPlan, stored: list[tuple], wanted: list[tuple] | None) -> None:
        if wanted is None:
            return
        width = len(self.fields)
        current = {row[1 : 1 + width]: row for row in stored}
        spare = [row for key, row in current.items() if key not in wanted]
        for position, key in enumerate(wanted):
            row = current.get(key)
            if row is None and spare:
                row = spare.pop(0)
            elif row is None:
                self.created.append((plan, (*key, position)))
                continue
            if row[1 : 1 + width] != key or row[-1] != position:
                self.updated.append((plan, row, (row[0], *key, position)))
        self.deleted += [(plan, row) for row in spare]

    def values(self, plan: ContactPlan, row: tuple) -> dict:
        """A row (id, *values, position) as columns by attname."""
        return {
            "id": row[0],
            "contact_id": plan.pk,
            **dict(zip(self.fields, row[1:-1], strict=True)),
            "position": row[-1],
        }


class _Writes:
    """A plan's rows and change-log entries, all prepared as plain values for one staged write."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        self.log = PendingLog(actor=plan.user)  # the importer, also when the worker writes the file
        self.now = timezone.now()
        self.writes = StagedWrites()
        self._about: dict[int, dict] = {}
        # How a nomination reads in the change log ("name – role – directory"), each role's name looked up once.
        self.role_names = {role.pk: str(role) for role in plan.roles.values()}
        self.directory_name = str(plan.directory)

    def about(self, contact: ContactPlan) -> dict:
        """The additional data of the entries of a contact and of its addresses, phones and languages."""
        if id(contact) not in self._about:
            self._about[id(contact)] = {"state": contact.state_id, "contact": str(contact.code)}
        return self._about[id(contact)]

    def staged(self) -> StagedWrites:
        plan = self.plan
        new = plan.new_contacts
        changed = [contact for contact in plan.plans.values() if contact.changed]
        phones = _Children(ContactPhone, ("number", "usage"), lambda row: row[0])
        languages = _Children(ContactLanguage, ("code",), lambda row: _language_name(row[0]))
        for contact in [*new, *changed]:
            stored_phones = [] if contact.new else plan.stored_phones.get(contact.pk, [])
            phones.plan(contact, stored_phones, contact.phones)
            stored_languages = [] if contact.new else plan.stored_languages.get(contact.pk, [])
            languages.plan(
                contact, stored_languages, None if contact.languages is None else [(c,) for c in contact.languages]
            )
        emails = [(contact, email) for contact in [*new, *changed] for email in contact.added_emails]
        ids = reserve_ids(
            {
                Institution: len(plan.new_institutions),
                Contact: len(new),
                ContactEmail: len(emails),
                ContactPhone: len(phones.created),
                ContactLanguage: len(languages.created),
                Nomination: len(plan.new_nominations),
            }
        )
        for institution, pk in zip(plan.new_institutions, ids[Institution], strict=True):
            institution.pk = pk
        for contact, pk in zip(new, ids[Contact], strict=True):
            contact.pk, contact.code = pk, uuid.uuid4()

        self._institutions(plan.new_institutions)
        self._contacts(new)
        self._contact_updates(changed)
        self._emails(emails, ids[ContactEmail])
        for children, created_ids in ((phones, ids[ContactPhone]), (languages, ids[ContactLanguage])):
            self._children(children, created_ids)
        self._nominations(ids[Nomination])
        self._retirements()
        columns, rows = self.log.rows()
        self.writes.insert(LogEntry, columns, rows)
        return self.writes

    # The rows, each with its change-log entry.

    def _institutions(self, institutions: list[NewInstitution]) -> None:
        rows = []
        for institution in institutions:
            values = {
                "id": institution.pk,
                "code": uuid.uuid4(),
                "state_id": institution.state_id,
                "name": institution.name,
                "acronym": institution.acronym,
                "kind": institution.kind,
                "search_text": institution_search_text(institution.name, institution.acronym),
            }
            rows.append([values[name] for name in _INSTITUTION_COLUMNS])
            text = f"{institution.name} ({institution.acronym})" if institution.acronym else institution.name
            self.log.created_row(Institution, values, text, {"state": institution.state_id})
        self.writes.insert(Institution, _INSTITUTION_COLUMNS, rows)

    def _search_columns(self, contact: ContactPlan) -> tuple[str, str]:
        institution_name, acronym = self._institution_name(contact)
        return contact_texts(
            contact.values["name"],
            contact.values["title"],
            institution_name,
            acronym,
            self.plan.addresses(contact),
            [number for number, _usage in self.plan.phones(contact)],
        )

    def _institution_name(self, contact: ContactPlan) -> tuple[str, str]:
        if isinstance(contact.institution, NewInstitution):
            return contact.institution.name, contact.institution.acronym
        return self.plan.institution_names[contact.institution]

    def _contacts(self, contacts: list[ContactPlan]) -> None:
        rows = []
        for contact in contacts:
            institution = contact.institution
            search_text, phone_digits = self._search_columns(contact)
            values = {
                "id": contact.pk,
                "code": contact.code,
                "institution_id": institution.pk if isinstance(institution, NewInstitution) else institution,
                **contact.values,
                "search_text": search_text,
                "phone_digits": phone_digits,
            }
            rows.append([values[name] for name in _CONTACT_COLUMNS])
            self.log.created_row(Contact, values, contact.values["name"], self.about(contact))
        self.writes.insert(Contact, _CONTACT_COLUMNS, rows)

    def _contact_updates(self, contacts: list[ContactPlan]) -> None:
        rows = []
        for contact in contacts:
            stored = contact.stored
            search_text, phone_digits = self._search_columns(contact)
            values = [contact.values[name] for name in VALUE_FIELDS]
            rows.append([contact.pk, *values, self.now, search_text, phone_digits, stored["updated"]])
            before = {name: stored[name] for name in VALUE_FIELDS}
            self.log.updated_row(
                Contact, contact.pk, before, contact.values, contact.values["name"], self.about(contact)
            )
        # Only if no one changed the contact since it was read.
        self.writes.update(Contact, _CONTACT_UPDATES, rows, guard=["updated"])

    def _emails(self, emails: list[tuple[ContactPlan, tuple[str, str]]], ids: list[int]) -> None:
        rows, positions = [], {}
        for (contact, (address, usage)), pk in zip(emails, ids, strict=True):
            if contact.pk not in positions:
                positions[contact.pk] = 0 if contact.new else len(self.plan.stored_emails.get(contact.pk, []))
            values = {
                "id": pk,
                "contact_id": contact.pk,
                "address": address,
                "usage": usage,
                "position": positions[contact.pk],
            }
            positions[contact.pk] += 1
            rows.append([values[name] for name in _EMAIL_COLUMNS])
            self.log.created_row(ContactEmail, values, address, self.about(contact))
        self.writes.insert(ContactEmail, _EMAIL_COLUMNS, rows)

    def _children(self, children: _Children, created_ids: list[int]) -> None:
        model, fields = children.model, list(children.fields)
        for contact, row in children.deleted:
            self.log.deleted_row(model, children.values(contact, row), children.text(row[1:-1]), self.about(contact))
        self.writes.delete(model, [(row[0],) for _contact, row in children.deleted])
        for contact, before, after in children.updated:
            self.log.updated_row(
                model,
                after[0],
                children.values(contact, before),
                children.values(contact, after),
                children.text(after[1:-1]),
                self.about(contact),
            )
        self.writes.update(model, [*fields, "position"], [after for _contact, _before, after in children.updated])
        rows = []
        for (contact, row), pk in zip(children.created, created_ids, strict=True):
            values = children.values(contact, (pk, *row))
            rows.append([pk, contact.pk, *row])
            self.log.created_row(model, values, children.text(row[:-1]), self.about(contact))
        self.writes.insert(model, ["id", "contact_id", *fields, "position"], rows)

    def _nominations(self, ids: list[int]) -> None:
        plan = self.plan
        rows = []
        for nomination, pk in zip(plan.new_nominations, ids, strict=True):
            contact = nomination.contact
            values = {
                "id": pk,
                "code": uuid.uuid4(),
                "directory_id": plan.directory.pk,
                "role_id": nomination.role.pk,
                "contact_id": contact.pk,
                "state_id": nomination.state_id,
                "status": NominationStatus.ACTIVE,
                "starts_on": nomination.starts_on,
                "source": NominationSource.STATE,
                "created_by_id": plan.user.pk if plan.user else None,
            }
            rows.append([values[name] for name in _NOMINATION_COLUMNS])
            text = f"{contact.values['name']} – {self.role_names[nomination.role.pk]} – {self.directory_name}"
            additional = {"directory": plan.directory.pk, "state": nomination.state_id, "contact": str(contact.code)}
            self.log.created_row(Nomination, values, text, additional)
        self.writes.insert(Nomination, _NOMINATION_COLUMNS, rows)

    def _retirements(self) -> None:
        plan = self.plan
        rows = []
        for nomination in plan.retirements:
            rows.append(
                [
                    nomination.pk,
                    NominationStatus.RETIRED,
                    plan.today,
                    self.now,
                    NominationStatus.ACTIVE,
                    nomination.updated,
                ]
            )
            self.log.updated_row(
                Nomination,
                nomination.pk,
                {"status": NominationStatus.ACTIVE, "ends_on": nomination.ends_on},
                {"status": NominationStatus.RETIRED, "ends_on": plan.today},
                f"{nomination.contact_name} – {self.role_names[nomination.role.pk]} – {self.directory_name}",
                {"directory": plan.directory.pk, "state": nomination.state_id, "contact": str(nomination.contact_code)},
            )
        # Only if still active and unchanged since it was read.
        self.writes.update(Nomination, ["status", "ends_on", "updated"], rows, guard=["status", "updated"])


_language_names: dict[tuple[str, str], str] = {}


def _language_name(code: str) -> str:
    """A language's name in the reader's language (what a ContactLanguage row reads as), looked up once."""
    key = (translation.get_language() or "", code)
    if key not in _language_names:
        _language_names[key] = names.language_name(code)
    return _language_names[key]
