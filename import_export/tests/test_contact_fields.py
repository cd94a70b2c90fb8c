"""A contact's fields are listed once (``directory.contact_fields``): the API, the exchange format (its JSON, its
spreadsheet columns, its records) and the vCard all take their fields, names and order from that list."""

import dataclasses
import re
from datetime import time

from directory.api.serializers import ContactSerializer
from directory.contact_fields import CONTACT_FIELDS, fields_in, names_in
from import_export import formats, records, vcard
from import_export.records import ContactRecord, Email, Institution, Phone, Record

FULL = ContactRecord(
    name="Mesa de Guardia",
    institution=Institution(name="CSIRT MX", acronym="CSIRT", kind="csirt"),
    title="Jefa",
    emails=(Email("guardia@example.mx"),),
    phones=(Phone("+525512345678"),),
    languages=("es", "en"),
    is_24_7=True,
    opens_at=time(9),
    closes_at=time(17),
    time_zone="America/Mexico_City",
    pgp_key="",
)


def test_every_field_has_a_name_in_some_format_and_no_format_places_two_fields_alike():
    assert len({field.attribute for field in CONTACT_FIELDS}) == len(CONTACT_FIELDS)
    for format in ("api", "exchange", "column", "vcard"):
        placed = [getattr(field, format) for field in CONTACT_FIELDS if getattr(field, format)]
        assert len({place for place, _name in placed}) == len({name for _place, name in placed}) == len(placed)
    assert all(field.api or field.exchange or field.column or field.vcard for field in CONTACT_FIELDS)


def test_the_api_gives_the_listed_fields_in_their_order():
    assert list(ContactSerializer.Meta.fields) == names_in("api")
    assert list(ContactSerializer().fields) == names_in("api")


def test_the_exchange_format_writes_the_listed_fields_and_its_records_hold_them():
    assert set(formats.contact_json(FULL)) == set(names_in("exchange"))
    assert [field.name for field in dataclasses.fields(ContactRecord)] == sorted(
        records.RECORD_FIELDS, key=[field.name for field in dataclasses.fields(ContactRecord)].index
    )
    assert {field.name for field in dataclasses.fields(ContactRecord)} == {a for a, _key in fields_in("exchange")}


def test_the_spreadsheet_columns_are_the_listed_fields_in_their_order():
    assert list(formats.COLUMNS) == ["state", "role", *names_in("column"), "nominated_on"]
    row = formats.spreadsheet_row(Record(state="MEX", role="technical", contact=FULL))
    assert len(row) == len(formats.COLUMNS)
    assert dict(zip(formats.COLUMNS, row, strict=True))["institution_acronym"] == "CSIRT"


def test_a_vcard_writes_the_listed_properties_in_their_order():
    card = vcard.card(FULL, uid="urn:uuid:0", roles=["Technical point of contact, UN"])
    properties = [re.split("[;:]", line, maxsplit=1)[0] for line in card.split("\r\n") if line]
    # A property written for each of several values (two languages) is written on lines next to each other.
    assert list(dict.fromkeys(properties)) == ["BEGIN", "VERSION", *names_in("vcard"), "END"]
