"""A directory's nominations as plain records: what every export format writes and every import reads.

One ``Record`` is one active nomination with its contact, independent of any
database: no internal ids or codes, so that a directory exported from one
Enlace and imported into another exports again to the same file.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, time

from django.utils.translation import gettext as _

from access.principal import Principal
from directory import contact_fields
from directory.models import Contact, Directory, Nomination

# Rows fetched per query while streaming: memory stays flat however large the directory.
CHUNK = 500


@dataclass(frozen=True)
class Institution:
    name: str
    acronym: str = ""
    kind: str = "other"


@dataclass(frozen=True)
class Email:
    address: str
    usage: str = "office"


@dataclass(frozen=True)
class Phone:
    number: str
    usage: str = "office"


@dataclass(frozen=True)
class ContactRecord:
    """A contact as the exchange format carries it: an attribute for each field ``directory.contact_fields``
    places in the exchange format."""

    name: str
    institution: Institution
    kind: str = "person"
    title: str = ""
    emails: tuple[Email, ...] = ()
    phones: tuple[Phone, ...] = ()
    languages: tuple[str, ...] = ()
    is_24_7: bool = False
    working_days: str = "mon-fri"
    opens_at: time | None = None
    closes_at: time | None = None
    time_zone: str = "UTC"
    # None: the source does not carry keys (a spreadsheet), so an existing key is kept.
    pgp_key: str | None = ""


@dataclass(frozen=True)
class Record:
    """One nomination: the nominating State (ISO 3166 alpha-3), the role, since when, and the contact."""

    state: str
    role: str
    contact: ContactRecord
    starts_on: date | None = None
    # Where the record came from, for error messages ("line 4", "nominations[3]"); not exported.
    where: str = field(default="", compare=False)


def visible_nominations(directory: Directory, principal: Principal, filters=None):
    """The active nominations of ``directory`` this reader may see, in the order every export uses.

    ``filters`` (a ``DirectoryNominationFilter``) narrows them as on the directory page.
    """
    nominations = Nomination.objects.restrict(principal, "view").active().filter(directory=directory)
    if filters is not None:
        nominations = filters.filtered(nominations)
    return (
        nominations.select_related("state", "role", "contact__institution")
        .prefetch_related("contact__emails", "contact__phones", "contact__languages")
        .order_by("state__iso3", "role__kind", "contact__name", "contact_id")
    )


def record_of(nomination: Nomination) -> Record:
    return Record(
        state=nomination.state.iso3,
        role=nomination.role.kind,
        starts_on=nomination.starts_on,
        contact=record_of_contact(nomination.contact),
    )


# The record's values read from a contact's related rows; the others are the contact's attributes of the same name.
_RELATED: dict[str, Callable[[Contact], object]] = {
    "institution": lambda contact: Institution(
        name=contact.institution.name, acronym=contact.institution.acronym, kind=contact.institution.kind
    ),
    "emails": lambda contact: tuple(Email(e.address, e.usage) for e in contact.emails.all()),
    "phones": lambda contact: tuple(Phone(p.number, p.usage) for p in contact.phones.all()),
    "languages": lambda contact: tuple(language.code for language in contact.languages.all()),
}
# A record holds the fields the exchange format carries (``directory.contact_fields``).
RECORD_FIELDS = [attribute for attribute, _key in contact_fields.fields_in("exchange")]


def record_of_contact(contact: Contact) -> ContactRecord:
    return ContactRecord(
        **{
            attribute: _RELATED[attribute](contact) if attribute in _RELATED else getattr(contact, attribute)
            for attribute in RECORD_FIELDS
        }
    )


def directory_records(directory: Directory, principal: Principal, filters=None) -> Iterator[tuple[Nomination, Record]]:
    """Stream (nomination, record) pairs, a chunk of rows at a time."""
    for nomination in visible_nominations(directory, principal, filters).iterator(chunk_size=CHUNK):
        yield nomination, record_of(nomination)


def contact_cards(
    directory: Directory, principal: Principal, filters=None
) -> Iterator[tuple[ContactRecord, str, list[str]]]:
    """One entry per visible nominated contact: its record, a stable id, and its roles in the directory."""
    nominations = visible_nominations(directory, principal, filters).order_by(
        "contact__name", "contact_id", "role__position"
    )
    current, uid, roles = None, "", []
    for nomination in nominations.iterator(chunk_size=CHUNK):
        if current is not None and nomination.contact_id != current[0]:
            yield current[1], uid, roles
            current = None
        if current is None:
            current = (nomination.contact_id, record_of(nomination).contact)
            uid, roles = f"urn:uuid:{nomination.contact.code}", []
        roles.append(
            _("%(role)s point of contact, %(directory)s")
            % {"role": nomination.role, "directory": directory.for_reader.name}
        )
    if current is not None:
        yield current[1], uid, roles
