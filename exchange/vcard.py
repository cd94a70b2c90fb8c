"""vCard 4.0 (RFC 6350) for points of contact, so people can carry them into their address books.

Written here because the vCard library this project tests with (vobject) writes
vCard 3.0 only; the properties used are few and plain (FN, ORG, TITLE, ROLE,
EMAIL, TEL, LANG, TZ, KIND, UID, NOTE), and the tests read every card back
with vobject.
"""

from exchange.records import ContactRecord

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


def card(contact: ContactRecord, *, uid: str, roles: list[str]) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"KIND:{'individual' if contact.kind == 'person' else 'org'}",
        f"UID:{uid}",
        f"FN:{escape(contact.name)}",
    ]
    organisation = escape(contact.institution.name)
    lines.append(f"ORG:{organisation}")
    if contact.title:
        lines.append(f"TITLE:{escape(contact.title)}")
    lines.extend(f"ROLE:{escape(role)}" for role in roles)
    for preference, email in enumerate(contact.emails, start=1):
        lines.append(f"EMAIL;TYPE={_EMAIL_TYPES.get(email.usage, 'work')};PREF={preference}:{email.address}")
    for preference, phone in enumerate(contact.phones, start=1):
        kinds = _PHONE_TYPES.get(phone.usage, "voice")
        lines.append(f'TEL;VALUE=uri;TYPE="{kinds}";PREF={preference}:tel:{phone.number}')
    for preference, language in enumerate(contact.languages, start=1):
        lines.append(f"LANG;PREF={preference}:{language}")
    if contact.time_zone:
        lines.append(f"TZ:{escape(contact.time_zone)}")
    if contact.is_24_7:
        lines.append("NOTE:24/7")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)
