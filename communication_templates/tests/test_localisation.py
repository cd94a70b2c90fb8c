"""Readers see labels, choices and fixed texts in their language; what the sender wrote stays as written."""

from unittest import mock

import pytest
from django.utils.translation import trans_real

from communication_templates import services
from communication_templates.fields import Choice, FieldDefinition, FieldType, localize
from mail.languages import recipient_language


def test_a_standard_template_reads_in_spanish_through_the_catalogue(incident, spanish_catalogue):
    spanish_catalogue(
        {
            "ICT incident notification": "Notificación de incidente TIC",
            "Incident type": "Tipo de incidente",
            "Denial of service (DDoS)": "Denegación de servicio (DDoS)",
        }
    )
    spanish = incident.current_version.localized("es")

    assert spanish.language == "es"
    assert spanish.title == "Notificación de incidente TIC"
    incident_type = spanish.field("incident_type")
    assert incident_type.label == "Tipo de incidente"
    assert ("ddos", "Denegación de servicio (DDoS)") in incident_type.choices


def test_the_same_version_reads_in_english_for_an_english_reader(incident, spanish_catalogue):
    spanish_catalogue({"Incident type": "Tipo de incidente"})
    assert incident.current_version.localized("en").field("incident_type").label == "Incident type"


def test_the_standard_template_reads_in_each_interface_language(incident):
    assert incident.current_version.localized("fr").field("incident_type").label == "Type d’incident"


def test_a_text_the_catalogue_lacks_is_shown_in_english(incident):
    catalogue = trans_real.translation("es")._catalog._catalogs[0]
    with mock.patch.dict(catalogue):
        del catalogue["Incident type"]  # not yet translated, as right after the text changed
        assert incident.current_version.localized("es").field("incident_type").label == "Incident type"


@pytest.fixture
def written_by_manager(incident):
    cable = FieldDefinition(
        name="cable_status",
        type=FieldType.CHOICE,
        label={"en": "Submarine cable landing status", "es": "Estado del aterrizaje del cable submarino"},
        help_text={"en": "As reported by the operator."},
        choices=(
            Choice("up", {"en": "Landing station operating", "es": "Estación operativa"}),
            Choice("down", {"en": "Landing station down"}),
        ),
    )
    version, _created = services.revise_template(
        incident,
        title={"en": "Cable incident notice", "es": "Aviso de incidente de cable"},
        fixed_text={"en": "Sent by the network secretariat."},
        fields=[cable],
    )
    return version


def test_a_manager_written_translation_is_used_for_its_language(written_by_manager):
    spanish = written_by_manager.localized("es")
    assert spanish.title == "Aviso de incidente de cable"
    assert spanish.field("cable_status").label == "Estado del aterrizaje del cable submarino"
    assert spanish.field("cable_status").choices[0] == ("up", "Estación operativa")


def test_a_missing_manager_translation_falls_back_to_english(written_by_manager):
    spanish = written_by_manager.localized("es")
    assert spanish.fixed_text == "Sent by the network secretariat."
    assert spanish.field("cable_status").help_text == "As reported by the operator."
    assert spanish.field("cable_status").choices[1] == ("down", "Landing station down")
    assert written_by_manager.localized("ar").title == "Cable incident notice"


def test_a_regional_language_variant_reads_as_its_interface_language():
    assert localize({"en": "Harbour", "es": "Puerto"}, "es-mx") == "Puerto"


@pytest.mark.parametrize(
    ("operating_languages", "expected"),
    [
        (["es", "en"], "es"),
        (["sw", "es"], "es"),
        (["sw"], "en"),
        ([], "en"),
        (["zh"], "zh-hans"),
        (["en", "es"], "en"),
    ],
)
def test_the_recipient_reads_its_first_operating_language_the_interface_has(operating_languages, expected):
    assert recipient_language(operating_languages) == expected
