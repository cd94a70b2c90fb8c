"""Stored field lists are validated: malformed definitions never reach a form or an e-mail."""

import pytest

from communication_templates.fields import FieldDefinition, FieldType, SchemaError, dump_fields, parse_fields


def short_text(name="summary", **overrides) -> dict:
    return {"name": name, "type": "short_text", "required": True, "label": {"en": "Summary"}, **overrides}


def test_a_field_list_survives_a_round_trip_through_json():
    stored = [
        short_text(help_text={"en": "One line.", "es": "Una línea."}),
        {
            "name": "sector",
            "type": "choice",
            "required": False,
            "label": {"en": "Sector"},
            "choices": [{"value": "energy", "label": {"en": "Energy"}}, {"value": "health", "label": {"en": "Health"}}],
        },
    ]
    assert dump_fields(parse_fields(stored)) == stored


def test_an_unknown_field_type_is_refused():
    with pytest.raises(SchemaError, match="unknown type"):
        parse_fields([short_text(type="signature")])


def test_a_label_needs_english():
    with pytest.raises(SchemaError, match="needs an English text"):
        parse_fields([short_text(label={"es": "Resumen"})])


def test_a_text_in_a_language_the_interface_lacks_is_refused():
    with pytest.raises(SchemaError, match="not an interface language"):
        parse_fields([short_text(label={"en": "Summary", "de": "Zusammenfassung"})])


def test_two_fields_cannot_share_a_name():
    with pytest.raises(SchemaError, match="Two fields are named"):
        parse_fields([short_text(), short_text()])


def test_a_choice_field_needs_at_least_two_choices():
    with pytest.raises(SchemaError, match="between 2 and"):
        FieldDefinition(name="sector", type=FieldType.CHOICE, label={"en": "Sector"}, choices=())


def test_only_choice_fields_have_choices():
    with pytest.raises(SchemaError, match="not a choice field"):
        parse_fields([short_text(choices=[{"value": "a", "label": {"en": "A"}}, {"value": "b", "label": {"en": "B"}}])])


def test_a_field_name_is_a_plain_identifier():
    with pytest.raises(SchemaError, match="must start with a letter"):
        parse_fields([short_text(name="Incident start")])


def test_unknown_properties_are_refused():
    with pytest.raises(SchemaError, match="Unknown field properties: colour"):
        parse_fields([short_text(colour="red")])
