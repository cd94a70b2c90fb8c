"""Phone numbers: parsed and validated with libphonenumber, stored in E.164."""

import functools

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def to_e164(text: str) -> str:
    message = _(
        "Enter a valid phone number in international format: a + sign, the country code, then the number "
        "(for example +41 22 917 1234)."
    )
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        raise ValidationError(message, code="invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Parsing a number costs more than the rest of its line on a page; a directory holds a few thousand of them.
@functools.lru_cache(maxsize=8192)
def display(e164: str) -> str:
    """An E.164 number in its readable international form (+41 22 917 12 34)."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164
