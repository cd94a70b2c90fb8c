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
of changes: model signals cover saves through the ORM (forms, services,
factories), and the spreadsheet import, which bypasses ``save()``, writes them
with its rows (``contact_texts``).

State names are not in the database in the reader's language (they come from
CLDR at run time), so a term is matched against the localised names and ISO
codes of all States in Python first (the States are read once per process), and
the contacts of the States it names are found by their institutions, whose ids
are read first.

What a reader may see is decided by the permission layer, asked row by row
(``restrict(..., row_by_row=True)``): the index finds the candidates, and each
candidate is checked with an index probe, rather than PostgreSQL first reading
every nomination of the reader's directories to build a hash table, which cost
more than the whole search for any common word.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import get_language

from directory import names

# A term this long or longer is matched inside State names; shorter ones only as an ISO code.
STATE_NAME_MIN_LENGTH = 3
# A term made of at least this many digits (once spaces, dots, dashes, brackets and "+" are removed)
# is also looked up among phone numbers.
PHONE_MIN_DIGITS = 3
_PHONE_PUNCTUATION = re.compile(r"[\s.\-/()+]")


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


def refresh_institution_contacts(institution_id: int) -> None:
    from directory.models import Contact

    refresh_search_text(Contact.objects.filter(institution_id=institution_id).values_list("pk", flat=True))


def institution_search_text(name: str, acronym: str) -> str:
    return contact_search_text(name, acronym)


def matching_state_codes(term: str) -> list[str]:
    """ISO alpha-2 codes of the States the term names: by ISO code, or by part of the name in the reader's
    language (or in English)."""
    wanted = normalise(term)
    if not wanted:
        return []
    code = wanted.upper()
    wanted = _straight_apostrophes(wanted)
    by_name = len(wanted) >= STATE_NAME_MIN_LENGTH
    return [
        iso2
        for iso2, iso3, *spellings in _state_names(get_language() or "en")
        if code in (iso2, iso3) or (by_name and any(wanted in spelling for spelling in spellings))
    ]


def _state_names(language: str) -> tuple[tuple[str, str, str, str, str], ...]:
    """(alpha-2, alpha-3, name in the language, its everyday name, English name) of every State, names normalised.

    The everyday name (CLDR's: "Kenia" where the UN writes "Kenya" in Spanish, "Bolivia" for "Bolivia (Estado
    Plurinacional de)") finds a State as readers type it."""
    return _normalised_state_names(language, _reference_states())


@lru_cache(maxsize=16)
def _normalised_state_names(language: str, states: tuple[tuple[str, str, str], ...]) -> tuple:
    with translation.override(language):
        return tuple(
            (
                iso2,
                iso3,
                _straight_apostrophes(normalise(names.state_name(iso2, english_name))),
                _straight_apostrophes(normalise(names.current_locale().territories.get(iso2, english_name))),
                _straight_apostrophes(normalise(english_name)),
            )
            for iso2, iso3, english_name in states
        )


def _straight_apostrophes(text: str) -> str:
    # The UN writes "Côte d’Ivoire" with a typographic apostrophe; a keyboard types a straight one.
    return text.replace("\u2019", "'")


def _reference_states() -> tuple[tuple[str, str, str], ...]:
    """(alpha-2, alpha-3, English name) of every State, read once per process: States are reference data (the
    UN list and its names, loaded by a migration), never edited in Enlace; matched by code, never by id."""
    states = _read_states()
    if not states:  # a database being set up (or a test that emptied the table): read again next time
        _read_states.cache_clear()
    return states


@lru_cache(maxsize=1)
def _read_states() -> tuple[tuple[str, str, str], ...]:
    from directory.models import State

    return tuple(State.objects.order_by("iso2").values_list("iso2", "iso3", "english_name"))


def contact_matches(term: str) -> Q:
    """Contacts the term finds: in their text, among their phone digits, or as contacts of a State it names."""
    from directory.models import Institution

    matching = Q(search_text__contains=normalise(term))
    digits = phone_digits_of(term)
    if digits:
        matching |= Q(phone_digits__contains=digits)
    if state_codes := matching_state_codes(term):
        # The States' institutions as a list, read first, rather than a subquery: PostgreSQL then combines the
        # text index with the institution index and knows how many contacts to expect. Behind a subquery it
        # guessed half of all contacts, and walked every contact in name order for a State with few or none.
        institutions = Institution.objects.filter(state__iso2__in=state_codes).values_list("pk", flat=True)
        matching |= Q(institution_id__in=list(institutions))
    return matching


def institution_matches(term: str) -> Q:
    """Institutions the term finds: in their name or acronym, or as institutions of a State it names."""
    matching = Q(search_text__contains=normalise(term))
    if state_codes := matching_state_codes(term):
        matching |= Q(state__iso2__in=state_codes)
    return matching
