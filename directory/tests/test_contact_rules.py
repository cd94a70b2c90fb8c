"""The import checks a contact's values with the contact form's own fields and rules: it says what the form says."""

import pytest

from directory.forms import ContactForm, check_contact_values
from directory.tests.test_contact_editing import public_key  # noqa: F401
from enlace.testing.factories import InstitutionFactory, state

VALID = {
    "kind": "person",
    "name": "Lucía Quiroga",
    "title": "Jefa de incidentes",
    "is_24_7": "on",
    "working_days": "mon-fri",
    "opens_at": "09:00",
    "closes_at": "17:30",
    "time_zone": "America/Mexico_City",
    "pgp_key": "",
    "languages": "es; EN, spa",
}

CASES = {
    "valid": {},
    "nothing typed": {name: "" for name in VALID},
    "unknown kind and working days": {"kind": "robot", "working_days": "weekends"},
    "name too long": {"name": "x" * 201},
    "no name, only spaces": {"name": "   "},
    "hours the wrong way round": {"opens_at": "18:00", "closes_at": "08:00"},
    "hours that are not times": {"opens_at": "25:00", "closes_at": "noon"},
    "hours with seconds": {"opens_at": "08:00:30", "closes_at": "17:00:00"},
    "unknown time zone": {"time_zone": "Mars/Olympus_Mons"},
    "zone without a region": {"time_zone": "EST"},
    "unknown language": {"languages": "es, xx"},
    "no language": {"languages": " , ;"},
    "not a key": {"pgp_key": "not a key"},
    "a private key": {"pgp_key": "-----BEGIN PGP PRIVATE KEY BLOCK-----\nabc"},
    "a damaged key": {"pgp_key": "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90\n-----END PGP PUBLIC KEY BLOCK-----"},
    "several problems at once": {"name": "", "opens_at": "18:00", "closes_at": "08:00", "languages": "xx"},
}


@pytest.mark.parametrize("case", CASES)
def test_the_import_check_says_what_the_contact_form_says(db, case):
    mexico = state("MEX")
    data = {**VALID, **CASES[case]}
    form = ContactForm(data={**data, "institution": InstitutionFactory(state=mexico).pk}, state=mexico)
    form.is_valid()

    checked = check_contact_values(data)

    assert checked.errors == {name: list(messages) for name, messages in form.errors.items()}
    assert list(checked.errors) == list(form.errors), "in the same order"
    form.cleaned_data.pop("institution", None)
    assert checked.cleaned == form.cleaned_data
    assert checked.key_info == form.key_info


def test_a_valid_key_is_read_as_the_form_reads_it(db, public_key):  # noqa: F811
    data = {**VALID, "pgp_key": public_key[0]}
    form = ContactForm(data={**data, "institution": InstitutionFactory(state=state("MEX")).pk}, state=state("MEX"))
    assert form.is_valid()
    checked = check_contact_values(data)
    assert not checked.errors and checked.key_info == form.key_info
    assert checked.key_info.fingerprint == public_key[1]


def test_each_distinct_value_is_checked_once_however_many_rows_repeat_it(db):
    memo: dict = {}
    for number in range(5):
        assert not check_contact_values({**VALID, "name": f"Analyst {number}"}, memo).errors
    assert sorted(name for name, _value in memo) == sorted([*(name for name in VALID if name != "name"), *["name"] * 5])
