"""The rules a contact's own values must meet, in one place: the contact form and the import both call them.

The contact form (``directory.forms.ContactForm``) cleans one contact at a time for a person
typing it; a spreadsheet import checks thousands. Both go through the functions here (and the
import through the form's own fields, ``forms.check_contact_values``), so a value is accepted,
refused and worded alike whichever way it came in, without the import building a form or a
model instance for every row.
"""

import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from directory import names, phones
from directory.models import ContactEmail, ContactPhone, Institution
from mail import openpgp


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """The time zones a contact can be in: every IANA zone with a region ("Europe/Zurich"), and UTC."""
    return [(zone, zone) for zone in sorted(zoneinfo.available_timezones()) if "/" in zone or zone == "UTC"]


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zone for zone, _label in time_zone_choices())


def language_codes(text: str) -> list[str]:
    """ISO 639 codes separated by commas (or semicolons), the preferred first, each once; at least one."""
    codes: list[str] = []
    for raw in text.replace(";", ",").split(","):
        if not raw.strip():
            continue
        code = names.normalise_language_code(raw)
        if code is None:
            raise ValidationError(
                _("“%(code)s” is not an ISO 639 language code (for example en, es, fr, ar).") % {"code": raw.strip()},
                code="invalid_language",
            )
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ValidationError(_("Give at least one operating language."), code="required")
    return codes


def public_key(text: str) -> tuple[str, openpgp.PublicKeyInfo | None]:
    """An OpenPGP public key as pasted (trimmed) and what it says; no key is allowed (an empty text)."""
    text = (text or "").strip()
    return text, (openpgp.read_public_key(text) if text else None)


def opening_hours_problem(opens, closes) -> str | None:
    """What is wrong with a contact's business hours, if anything (a database constraint holds the same)."""
    if opens and closes and opens >= closes:
        return _("The closing time must be after the opening time.")
    return None


def field_messages(model: type[models.Model], values: dict) -> tuple[dict, list[str]]:
    """The model's own rules on some of its fields' values: what ``full_clean`` says of them, without an instance.

    Each field is checked as ``Model.clean_fields`` checks it (an empty value of a field that may
    be blank is not checked further); the other fields, and unique and check constraints, are
    left to whoever writes the row. Returns the cleaned values and the messages, in field order.
    """
    cleaned, messages = {}, []
    for name, raw in values.items():
        field = model._meta.get_field(name)
        if field.blank and raw in field.empty_values:
            cleaned[name] = raw
            continue
        try:
            cleaned[name] = field.clean(raw, None)
        except ValidationError as error:
            messages.extend(error.messages)
    return cleaned, messages


def email_problems(address: str, usage: str) -> list[str]:
    """What is wrong with an e-mail address of a contact (and its usage), as the address form says it."""
    return field_messages(ContactEmail, {"address": address, "usage": usage})[1]


def phone_number(number: str, usage: str) -> tuple[str, list[str]]:
    """A phone number as written, in E.164 (as stored), and what is wrong with it or its usage."""
    try:
        e164 = phones.to_e164(number)
    except ValidationError as error:
        return "", error.messages
    return e164, field_messages(ContactPhone, {"number": e164, "usage": usage})[1]


def institution_problems(name: str, acronym: str, kind: str) -> list[str]:
    """What is wrong with a new institution's name, acronym and kind."""
    return field_messages(Institution, {"name": name, "acronym": acronym, "kind": kind})[1]
