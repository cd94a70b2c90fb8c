"""Searching contacts and institutions through a normalised text column and its index.

Each contact keeps ``search_text`` (its name, title, e-mail addresses and its
institution's name and acronym) and ``phone_digits`` (the digits of its phone
numbers), both normalised here in Python so that SQLite and PostgreSQL compare
the same strings: lower case, accents removed ("Lucía" is stored as "lucia").
A search term goes through the same normalisation and is matched as a
substring with ``LIKE '%term%'``. On PostgreSQL a GIN trigram index
(``pg_trgm``) on each column serves that LIKE for terms of three characters or
more; on SQLite (the embedded demo) the LIKE scans the column, which is fast at
a demo's size.

The columns are written by ``refresh_search_text`` whenever what they are made
of changes: model signals cover saves through the ORM (forms, services, the
admin, factories), and bulk writers that bypass ``save()`` (the spreadsheet
import) call it themselves with the ids of the contacts they wrote.

State names are not in the database in the reader's language (they come from
CLDR at run time), so a term is matched against the localised names and ISO
codes of all States in Python first, and the contacts of the States it names
are found by their institutions' State.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.db import transaction
from django.db.models import Q

from directory import names

# A term this long or longer is matched inside State names; shorter ones only as an ISO code.
STATE_NAME_MIN_LENGTH = 3
# A term made of at least this many digits (once spaces, dots, dashes, brackets and "+" are removed)
# is also looked up among phone numbers.
PHONE_MIN_DIGITS = 3
_PHONE_PUNCTUATION = re.compile(r"[\s.\-/()+]")
_suspended: ContextVar[bool] = ContextVar("search_refresh_suspended", default=False)


@lru_cache(maxsize=4096)  # each search compares the term with the names of all States
def normalise(text: str) -> str:
    """Lower case without accents, single spaces: the form both the column and the term are compared in."""
    if text.isascii():  # nothing to decompose (most names and every address): the same result, sooner
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(stripped.split())


def phone_digits_of(term: str) -> str:
    """The digits of a term that looks like (part of) a phone number, or "" if it does not."""
    bare = _PHONE_PUNCTUATION.sub("", term)
    if len(bare) >= PHONE_MIN_DIGITS and bare.isdigit():
        return bare
    return ""


def contact_search_text(*parts: str) -> str:
    # A separator no term can contain keeps a match from spanning two parts ("smith" + "hq").
    return "\n".join(normalise(part) for part in parts if part)


def contact_texts(
    name: str, title: str, institution_name: str, acronym: str, addresses: Iterable[str], numbers: Iterable[str]
) -> tuple[str, str]:
    """A contact's two search columns (``search_text``, ``phone_digits``) from what they are made of.

    Addresses and E.164 numbers in their order (position). Writers that know these values (the
    import) write the columns with the row; others call ``refresh_search_text``.
    """
    return (
        contact_search_text(name, title, institution_name, acronym, *addresses),
        " ".join(number.lstrip("+") for number in numbers),
    )


def refresh_search_text(contact_ids: Iterable[int]) -> None:
    """Rewrite the search columns of these contacts from their current rows (a few statements, any number of ids)."""
    from directory.models import Contact, ContactEmail, ContactPhone, Institution
    from enlace.bulk_insert import update_rows

    ids = sorted({contact_id for contact_id in contact_ids if contact_id is not None})
    if not ids:
        return
    emails: dict[int, list[str]] = {}
    for contact_id, address in ContactEmail.objects.filter(contact_id__in=ids).values_list("contact_id", "address"):
        emails.setdefault(contact_id, []).append(address)
    phones: dict[int, list[str]] = {}
    for contact_id, number in ContactPhone.objects.filter(contact_id__in=ids).values_list("contact_id", "number"):
        phones.setdefault(contact_id, []).append(number)
    rows, institutions = [], {}
    for pk, name, title, institution_id, institution_name, acronym, institution_text in (
        Contact.objects.filter(pk__in=ids)
        .order_by()
        .values_list(
            "pk",
            "name",
            "title",
            "institution_id",
            "institution__name",
            "institution__acronym",
            "institution__search_text",
        )
    ):
        rows.append(
            (pk, *contact_texts(name, title, institution_name, acronym, emails.get(pk, []), phones.get(pk, [])))
        )
        # An institution written in bulk (the import) has no search text yet.
        if institution_text != (text := institution_search_text(institution_name, acronym)):
            institutions[institution_id] = text
    with transaction.atomic():  # one write transaction, not one per row (SQLite in autocommit)
        update_rows(Contact, ["search_text", "phone_digits"], rows)
        update_rows(Institution, ["search_text"], institutions.items())


@contextmanager
def refresh_suspended() -> Iterator[None]:
    """Saves and deletes inside do not refresh the search columns: the caller refreshes them once, after."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def refresh_is_suspended() -> bool:
    return _suspended.get()


def refresh_institution_contacts(institution_id: int) -> None:
    from directory.models import Contact

    refresh_search_text(Contact.objects.filter(institution_id=institution_id).values_list("pk", flat=True))


def institution_search_text(name: str, acronym: str) -> str:
    return contact_search_text(name, acronym)


def matching_state_ids(term: str) -> list[int]:
    """States the term names: its ISO code, or part of its name in the reader's language (or in English)."""
    from directory.models import State

    wanted = normalise(term)
    if not wanted:
        return []
    code = wanted.upper()
    found = []
    for pk, iso2, iso3, english_name in State.objects.order_by().values_list("pk", "iso2", "iso3", "english_name"):
        named = len(wanted) >= STATE_NAME_MIN_LENGTH and (
            wanted in normalise(names.state_name(iso2, english_name)) or wanted in normalise(english_name)
        )
        if named or code in (iso2, iso3):
            found.append(pk)
    return found


def contact_matches(term: str, state_ids: list[int] | None = None) -> Q:
    """Contacts the term finds: in their text, among their phone digits, or as contacts of a State it names.

    ``state_ids`` are the States the term names, when the caller has looked them up already.
    """
    from directory.models import Institution

    matching = Q(search_text__contains=normalise(term))
    digits = phone_digits_of(term)
    if digits:
        matching |= Q(phone_digits__contains=digits)
    if state_ids is None:
        state_ids = matching_state_ids(term)
    if state_ids:
        matching |= Q(institution_id__in=Institution.objects.filter(state_id__in=state_ids).values("pk"))
    return matching


def institution_matches(term: str, state_ids: list[int] | None = None) -> Q:
    """Institutions the term finds: in their name or acronym, or as institutions of a State it names."""
    matching = Q(search_text__contains=normalise(term))
    if state_ids is None:
        state_ids = matching_state_ids(term)
    if state_ids:
        matching |= Q(state_id__in=state_ids)
    return matching
