"""vCard 4.0 (RFC 6350) for points of contact, so people can carry them into their address books.

Written here because the vCard library this project tests with (vobject) writes
vCard 3.0 only; the properties used are few and plain (FN, ORG, TITLE, ROLE,
EMAIL, TEL, LANG, TZ, KIND, UID, NOTE), and the tests read every card back
with vobject.
"""

from collections.abc import Callable

from directory import contact_fields
from import_export.records import ContactRecord

CRLF = "\r\n"
# RFC 6350 §3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break.
FOLD_AT = 75

_EMAIL_TYPES = {"office": "work", "duty": "work", "other": "other"}
_PHONE_TYPES = {"office": "voice,work", "mobile": "cell", "emergency": "voice", "fax": "fax"}


def escape(text: str) -> str:
    """Escape a text value (RFC 6350 §3.4): backslash, comma, semicolon and line breaks."""
    return (
        text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    pieces, current, size = [], [], 0
    limit = FOLD_AT
    for character in line:
        width = len(character.encode())
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, FOLD_AT - 1  # continuation lines start with a space
        current.append(character)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces) + CRLF


def _lines(property: str, values: list[str]) -> list[str]:
    return [f"{property}{value}" for value in values]


# Each property's lines for a contact, by the field it writes (``directory.contact_fields`` names the property
# and places it); the property's parameters and value follow its name.
_WRITERS: dict[str, Callable[[ContactRecord, str, list[str]], list[str]]] = {
    "kind": lambda contact, uid, roles: [":individual" if contact.kind == "person" else ":org"],
    "code": lambda contact, uid, roles: [f":{uid}"],
    "name": lambda contact, uid, roles: [f":{escape(contact.name)}"],
    "institution": lambda contact, uid, roles: [f":{escape(contact.institution.name)}"],
    "title": lambda contact, uid, roles: [f":{escape(contact.title)}"] if contact.title else [],
    "roles": lambda contact, uid, roles: [f":{escape(role)}" for role in roles],
    "emails": lambda contact, uid, roles: [
        f";TYPE={_EMAIL_TYPES.get(email.usage, 'work')};PREF={preference}:{email.address}"
        for preference, email in enumerate(contact.emails, start=1)
    ],
    "phones": lambda contact, uid, roles: [
        f';VALUE=uri;TYPE="{_PHONE_TYPES.get(phone.usage, "voice")}";PREF={preference}:tel:{phone.number}'
        for preference, phone in enumerate(contact.phones, start=1)
    ],
    "languages": lambda contact, uid, roles: [
        f";PREF={preference}:{language}" for preference, language in enumerate(contact.languages, start=1)
    ],
    "time_zone": lambda contact, uid, roles: [f":{escape(contact.time_zone)}"] if contact.time_zone else [],
    "is_24_7": lambda contact, uid, roles: [":24/7"] if contact.is_24_7 else [],
}
_PROPERTIES = contact_fields.fields_in("vcard")


def card(contact: ContactRecord, *, uid: str, roles: list[str]) -> str:
    lines = ["BEGIN:VCARD", "VERSION:4.0"]
    for attribute, property in _PROPERTIES:
        lines += _lines(property, _WRITERS[attribute](contact, uid, roles))
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)
