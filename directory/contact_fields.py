"""A contact's fields, listed once: what each one is called, and where it comes, in every format that carries it.

The formats are the API (``directory.api.serializers.ContactSerializer``), the exchange format (its JSON,
``import_export.formats.contact_json``, and its spreadsheet columns, ``import_export.formats.COLUMNS``; both write
``import_export.records.ContactRecord``) and the vCard (``import_export.vcard``). Each format takes from here the fields
it carries, their names and their order, and writes each value its own way (a time as "09:00" in the exchange
format, the institution as its code in the API and as its name in the spreadsheet). A field added to a
contact is added here, in every format it belongs to.

Each format's order is the one it was published with: a script reading the API, a spreadsheet's columns or
an address book's card do not expect a field to move. So a field gives, per format, its place and its name;
``None`` leaves it out of that format.
"""

from typing import Literal, NamedTuple

Format = Literal["api", "exchange", "column", "vcard"]


class ContactField(NamedTuple):
    """``attribute``: what the field is, as ``Contact`` and ``ContactRecord`` call it; then per format its
    (place, name): ``api`` the API's field, ``exchange`` the exchange format's JSON key, ``column`` the
    spreadsheet's column, ``vcard`` the vCard property."""

    attribute: str
    api: tuple[int, str] | None = None
    exchange: tuple[int, str] | None = None
    column: tuple[int, str] | None = None
    vcard: tuple[int, str] | None = None


CONTACT_FIELDS: tuple[ContactField, ...] = (
    ContactField("code", api=(0, "code"), vcard=(1, "UID")),
    ContactField("url", api=(1, "url")),
    ContactField("state", api=(2, "state")),
    ContactField(
        "institution", api=(3, "institution"), exchange=(3, "institution"), column=(3, "institution"), vcard=(3, "ORG")
    ),
    ContactField("institution_acronym", column=(4, "institution_acronym")),
    ContactField("institution_kind", column=(5, "institution_kind")),
    ContactField("kind", api=(4, "kind"), exchange=(2, "kind"), column=(2, "kind"), vcard=(0, "KIND")),
    ContactField("name", api=(5, "name"), exchange=(0, "name"), column=(0, "name"), vcard=(2, "FN")),
    ContactField("title", api=(6, "title"), exchange=(1, "title"), column=(1, "title"), vcard=(4, "TITLE")),
    # The contact's roles in the directory a card is written for (its nominations), one sentence each.
    ContactField("roles", vcard=(5, "ROLE")),
    ContactField("emails", api=(7, "emails"), exchange=(4, "emails"), column=(6, "emails"), vcard=(6, "EMAIL")),
    ContactField("phones", api=(8, "phones"), exchange=(5, "phones"), column=(7, "phones"), vcard=(7, "TEL")),
    ContactField(
        "languages", api=(9, "languages"), exchange=(6, "languages"), column=(8, "languages"), vcard=(8, "LANG")
    ),
    ContactField(
        "is_24_7",
        api=(10, "reachable_24_7"),
        exchange=(7, "reachable_24_7"),
        column=(9, "reachable_24_7"),
        vcard=(10, "NOTE"),
    ),
    ContactField("working_days", api=(11, "working_days"), exchange=(8, "working_days"), column=(10, "working_days")),
    ContactField("opens_at", api=(12, "opens_at"), exchange=(9, "opens_at"), column=(11, "opens_at")),
    ContactField("closes_at", api=(13, "closes_at"), exchange=(10, "closes_at"), column=(12, "closes_at")),
    ContactField(
        "time_zone", api=(14, "time_zone"), exchange=(11, "time_zone"), column=(13, "time_zone"), vcard=(9, "TZ")
    ),
    # The key itself travels in the exchange format; the API gives its fingerprint and expiry.
    ContactField("pgp_key", exchange=(12, "openpgp_key")),
    ContactField("pgp_fingerprint", api=(15, "pgp_fingerprint")),
    ContactField("pgp_expires", api=(16, "pgp_expires")),
    ContactField("last_verified", api=(17, "last_verified")),
    ContactField("unverified_since", api=(18, "unverified_since")),
    ContactField("updated", api=(19, "updated")),
)


def fields_in(format: Format) -> list[tuple[str, str]]:
    """(attribute, name) of each field ``format`` carries, in that format's order."""
    placed = [(getattr(field, format), field.attribute) for field in CONTACT_FIELDS if getattr(field, format)]
    return [(attribute, name) for (_place, name), attribute in sorted(placed)]


def names_in(format: Format) -> list[str]:
    """The names of the fields ``format`` carries, in its order."""
    return [name for _attribute, name in fields_in(format)]


# When a contact answers: every page that edits or confirms a contact shows these together, in this order.
AVAILABILITY = ("is_24_7", "working_days", "opens_at", "closes_at", "time_zone")
