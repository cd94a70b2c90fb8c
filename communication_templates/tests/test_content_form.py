"""The form a sender fills in is built from the version: typed, validated, with clear messages."""

import json

import pytest
from django.utils import translation

from communication_templates.content import build_form_class, render_text, render_values

VALID = {
    "incident_start": "2026-11-23 08:15",
    "detected_at": "2026-11-23T09:40",
    "incident_type": "ddos",
    "affected_sectors": ["finance", "telecoms"],
    "systems_concerned": "Online banking portals of two banks.\nDNS resolvers of one operator.",
    "requested_action": "Please block the attacking addresses listed below.",
}


@pytest.fixture
def version(incident):
    return incident.current_version


def fill(version, language="en", **changes):
    data = {**VALID, **changes}
    data = {name: value for name, value in data.items() if value is not None}
    form = build_form_class(version, language)(data)
    form.is_valid()
    return form


def test_a_filled_in_notification_gives_json_safe_values(version):
    form = fill(version, technical_indicators="", link_to_recipient="")
    assert form.errors == {}
    values = form.values()
    assert values == {
        "incident_start": "2026-11-23T08:15:00Z",
        "detected_at": "2026-11-23T09:40:00Z",
        "incident_type": "ddos",
        "affected_sectors": ["finance", "telecoms"],
        "systems_concerned": VALID["systems_concerned"],
        "link_to_recipient": "",
        "technical_indicators": "",
        "requested_action": VALID["requested_action"],
    }
    assert json.loads(json.dumps(values)) == values


def test_a_malformed_utc_time_is_refused_with_the_expected_format(version):
    form = fill(version, incident_start="23/11/2026 8am")
    assert form.errors["incident_start"] == [
        "Enter the date and time in UTC as YYYY-MM-DD HH:MM, for example 2026-11-23 14:30."
    ]


def test_an_impossible_date_is_refused(version):
    form = fill(version, detected_at="2026-02-30 10:00")
    assert form.errors["detected_at"] == ["“2026-02-30 10:00” is not a real date and time."]


def test_a_time_with_an_offset_is_stored_in_utc(version):
    form = fill(version, incident_start="2026-11-23 10:15+02:00")
    assert form.values()["incident_start"] == "2026-11-23T08:15:00Z"


def test_an_unknown_choice_is_refused(version):
    form = fill(version, incident_type="alien-invasion")
    assert form.errors["incident_type"] == ["“alien-invasion” is not one of the choices offered for this field."]


def test_an_unknown_sector_among_known_ones_is_refused(version):
    form = fill(version, affected_sectors=["finance", "space"])
    assert form.errors["affected_sectors"] == ["“space” is not one of the choices offered for this field."]


def test_a_missing_required_value_is_refused(version):
    form = fill(version, requested_action=None, incident_start="")
    assert form.errors["requested_action"] == ["This field is required."]
    assert form.errors["incident_start"] == ["This field is required."]


def test_the_messages_follow_the_senders_language(version):
    with translation.override("es"):
        form = fill(version, "es", requested_action=None)
        assert form.errors["requested_action"] == ["Este campo es obligatorio."]


def test_yes_no_and_whole_numbers_are_typed(directory):
    from communication_templates.models import CommunicationTemplate

    assistance = CommunicationTemplate.objects.get(directory=directory, key="request-for-assistance").current_version
    form_class = build_form_class(assistance, "en")
    form = form_class({"assistance_types": ["analysis"], "description": "Help", "incident_ongoing": "no"})
    assert form.is_valid(), form.errors
    assert form.values()["incident_ongoing"] is False
    assert form.values()["needed_by"] is None


def test_values_read_in_the_recipients_language_with_free_text_as_written(version, spanish_catalogue):
    spanish_catalogue(
        {
            "Incident type": "Tipo de incidente",
            "Denial of service (DDoS)": "Denegación de servicio (DDoS)",
            "Banking and finance": "Banca y finanzas",
            "Requested action": "Acción solicitada",
        }
    )
    values = fill(version).values()

    rendered = {item.name: item for item in render_values(version, values, "es")}

    assert rendered["incident_type"].text == "Denegación de servicio (DDoS)"
    assert rendered["affected_sectors"].text.startswith("Banca y finanzas, ")
    assert rendered["incident_start"].text == "2026-11-23 08:15 UTC"
    assert rendered["requested_action"].label == "Acción solicitada"
    assert rendered["requested_action"].text == VALID["requested_action"]
    assert rendered["requested_action"].is_free_text
    assert not rendered["incident_type"].is_free_text
    assert "technical_indicators" not in rendered


def test_the_text_rendering_is_label_colon_value_with_multiline_values_indented(version):
    text = render_text(version, fill(version).values(), "en")
    assert "Incident type: Denial of service (DDoS)" in text
    assert "Incident start (UTC): 2026-11-23 08:15 UTC" in text
    assert "Systems or services concerned:\n    Online banking portals of two banks.\n    DNS resolvers" in text
    assert text.startswith("This is a notification of an ICT incident")
