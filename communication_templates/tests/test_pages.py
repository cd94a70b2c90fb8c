"""Managers add and revise templates in the interface; readers of the directory preview them."""

import pytest
from django.urls import reverse

from communication_templates import services
from communication_templates.defaults import INCIDENT_NOTIFICATION
from communication_templates.forms import BaseFieldFormSet, ReviseTemplateForm
from communication_templates.models import CommunicationTemplate
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    coordinator_of,
    manager_of,
    point_of_contact,
    state,
)


def editor_post(texts: dict, rows: list[dict], initial_forms: int = 0) -> dict:
    """The POST data of the template editor: the texts, then one ``fields-N-...`` group per row."""
    data = {key: value for key, value in texts.items() if value not in (None, False)}
    data.update({"fields-TOTAL_FORMS": str(len(rows)), "fields-INITIAL_FORMS": str(initial_forms)})
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                data[f"fields-{index}-{key}"] = "on"
            elif value not in (None, False, ""):
                data[f"fields-{index}-{key}"] = value
    return data


def revision_post(version, *, texts=None, rows=None) -> dict:
    """What the revise page submits when the manager changes ``texts`` and ``rows`` of ``version``."""
    initial_rows = BaseFieldFormSet.initial_for(version.definitions)
    return editor_post(
        {**ReviseTemplateForm.initial_for(version), **(texts or {})},
        rows if rows is not None else initial_rows,
        initial_forms=len(initial_rows),
    )


def new_template_post(**texts) -> dict:
    return editor_post(
        {"kind": "other", "title_en": "Exercise debrief", **texts},
        [
            {"label_en": "What went well", "type": "long_text", "required": True, "ORDER": "1"},
            {
                "label_en": "Overall rating",
                "label_es": "Valoración general",
                "type": "choice",
                "choices_en": "Good\nFair\nPoor",
                "choices_es": "Buena\nRegular\nMala",
                "ORDER": "2",
            },
        ],
    )


def test_a_manager_adds_a_template_with_translated_choices(manager_client, directory, manager):
    response = manager_client.post(
        reverse("communication_templates:template_new", args=[directory.slug]), new_template_post()
    )

    template = CommunicationTemplate.objects.get(directory=directory, key="exercise-debrief")
    version = template.current_version
    assert response.status_code == 302
    assert response["Location"] == version.get_absolute_url()
    assert version.number == 1
    assert version.created_by == manager
    assert [definition.name for definition in version.definitions] == ["what_went_well", "overall_rating"]
    assert version.localized("es").field("overall_rating").choices == (
        ("good", "Buena"),
        ("fair", "Regular"),
        ("poor", "Mala"),
    )


def test_a_manager_revises_a_standard_template_into_a_new_version(manager_client, directory, incident):
    first = incident.current_version
    rows = BaseFieldFormSet.initial_for(first.definitions)
    rows[0]["help_text_es"] = "Cuándo empezó, en UTC."
    del rows[-2]  # technical indicators

    response = manager_client.post(
        reverse("communication_templates:template_revise", args=[directory.slug, incident.key]),
        revision_post(first, rows=rows),
    )

    assert response.status_code == 302
    second = incident.versions.get(number=2)
    assert response["Location"] == second.get_absolute_url()
    assert "technical_indicators" not in [definition.name for definition in second.definitions]
    assert second.localized("es").field("incident_start").help_text == "Cuándo empezó, en UTC."
    assert "technical_indicators" in [definition.name for definition in first.definitions]


def test_saving_an_unchanged_template_keeps_its_version(manager_client, directory, incident):
    response = manager_client.post(
        reverse("communication_templates:template_revise", args=[directory.slug, incident.key]),
        revision_post(incident.current_version),
        follow=True,
    )
    assert "stays at version 1" in response.content.decode()
    assert incident.versions.count() == 1


def test_unticking_offered_to_senders_retires_the_template_for_readers(manager_client, client, directory, incident):
    manager_client.post(
        reverse("communication_templates:template_revise", args=[directory.slug, incident.key]),
        revision_post(incident.current_version, texts={"is_active": False}),
    )
    incident.refresh_from_db()
    assert not incident.is_active
    contact = ContactFactory(institution=InstitutionFactory(state=state("MEX")))
    client.force_login(point_of_contact(contact))
    response = client.get(reverse("communication_templates:templates", args=[directory.slug]))
    assert "ICT incident notification" not in response.content.decode()
    assert "Request for assistance" in response.content.decode()


def test_add_a_field_shows_one_more_empty_row_without_saving_or_complaining(manager_client, directory, incident):
    data = revision_post(incident.current_version, texts={"title_en": ""})
    data["add_field"] = "1"

    response = manager_client.post(
        reverse("communication_templates:template_revise", args=[directory.slug, incident.key]), data
    )

    body = response.content.decode()
    rows = len(incident.current_version.definitions)
    assert response.status_code == 200
    assert f'name="fields-TOTAL_FORMS" value="{rows + 1}"' in body
    assert f'name="fields-{rows}-label_en"' in body
    assert "autofocus" in body
    assert "is-invalid" not in body
    assert incident.versions.count() == 1


def test_add_a_field_on_a_new_template_keeps_what_was_typed(manager_client, directory):
    data = new_template_post(title_en="Drill report")
    data["add_field"] = "1"

    body = manager_client.post(
        reverse("communication_templates:template_new", args=[directory.slug]), data
    ).content.decode()

    assert 'value="Drill report"' in body
    assert 'name="fields-TOTAL_FORMS" value="3"' in body
    assert "Buena\nRegular\nMala" in body
    assert not CommunicationTemplate.objects.filter(key="drill-report").exists()


def test_the_editor_explains_a_choice_field_without_enough_choices(manager_client, directory):
    data = editor_post(
        {"kind": "other", "title_en": "Poll"},
        [{"label_en": "Pick one", "type": "choice", "choices_en": "Only option", "ORDER": "1"}],
    )
    response = manager_client.post(reverse("communication_templates:template_new", args=[directory.slug]), data)
    assert "Give between 2 and 50 choices, one per line." in response.content.decode()
    assert not CommunicationTemplate.objects.filter(key="poll").exists()


def test_the_editor_refuses_two_fields_with_one_name(manager_client, directory):
    data = editor_post(
        {"kind": "other", "title_en": "Twice"},
        [
            {"name": "summary", "label_en": "Summary", "type": "short_text", "ORDER": "1"},
            {"name": "summary", "label_en": "Summary again", "type": "long_text", "ORDER": "2"},
        ],
    )
    response = manager_client.post(reverse("communication_templates:template_new", args=[directory.slug]), data)
    assert "Another field already has the name “summary”." in response.content.decode()


def test_the_editor_refuses_choice_translations_that_do_not_line_up(manager_client, directory):
    data = new_template_post()
    data["fields-1-choices_es"] = "Buena\nMala"
    response = manager_client.post(reverse("communication_templates:template_new", args=[directory.slug]), data)
    assert "Give one translation per English choice (3 lines)" in response.content.decode()


def test_a_revision_saved_over_someone_elses_is_refused(manager_client, directory, incident):
    first = incident.current_version
    services.revise_template(incident, title={"en": "Theirs"}, fixed_text={}, fields=first.definitions)
    response = manager_client.post(
        reverse("communication_templates:template_revise", args=[directory.slug, incident.key]),
        revision_post(first, texts={"title_en": "Mine"}),
    )
    assert "Someone else saved version 2" in response.content.decode()
    assert incident.versions.count() == 2


@pytest.mark.parametrize(
    "url_name", ["communication_templates:template_new", "communication_templates:template_revise"]
)
def test_a_coordinator_of_a_participating_state_may_not_edit_templates(client, directory, url_name):
    client.force_login(coordinator_of(state("MEX")))
    kwargs = {"slug": directory.slug} | ({"key": INCIDENT_NOTIFICATION} if "revise" in url_name else {})
    assert client.get(reverse(url_name, kwargs=kwargs)).status_code == 403
    assert client.post(reverse(url_name, kwargs=kwargs), new_template_post()).status_code == 403
    assert CommunicationTemplate.objects.filter(directory=directory).count() == 4


def test_the_manager_of_another_directory_is_not_told_the_templates_exist(client, directory, incident):
    client.force_login(manager_of(DirectoryFactory()))
    url = reverse("communication_templates:template_revise", args=[directory.slug, incident.key])
    assert client.post(url, revision_post(incident.current_version, texts={"title_en": "Mine"})).status_code == 404
    assert client.get(reverse("communication_templates:templates", args=[directory.slug])).status_code == 404
    assert incident.versions.count() == 1


def test_a_point_of_contact_previews_a_template_in_spanish(client, directory, incident, spanish_catalogue):
    spanish_catalogue({"Incident type": "Tipo de incidente"})
    contact = ContactFactory(institution=InstitutionFactory(state=state("ARG")))
    client.force_login(point_of_contact(contact))
    url = incident.current_version.get_absolute_url()

    body = client.get(url, {"language": "es"}).content.decode()

    assert "Tipo de incidente" in body
    assert 'type="datetime-local"' in body
    assert reverse("communication_templates:template_revise", args=[directory.slug, incident.key]) not in body


def test_trying_the_form_shows_the_messages_then_the_result_in_the_readers_language(
    manager_client, incident, spanish_catalogue
):
    spanish_catalogue({"Denial of service (DDoS)": "Denegación de servicio (DDoS)"})
    url = incident.current_version.get_absolute_url()
    filled = {
        "language": "en",
        "reader_language": "es",
        "preview-incident_start": "2026-11-23 08:15",
        "preview-detected_at": "yesterday",
        "preview-incident_type": "ddos",
        "preview-affected_sectors": ["energy"],
        "preview-systems_concerned": "Grid control systems",
        "preview-requested_action": "Investigate",
    }

    refused = manager_client.post(url, filled).content.decode()
    assert "Enter the date and time in UTC as YYYY-MM-DD HH:MM" in refused

    shown = manager_client.post(url, {**filled, "preview-detected_at": "2026-11-23 09:00"}).content.decode()
    assert "Denegación de servicio (DDoS)" in shown
    assert "Grid control systems" in shown
    assert incident.versions.count() == 1


def test_the_directory_settings_page_links_to_the_templates(manager_client, directory):
    body = manager_client.get(reverse("directory:settings", args=[directory.slug])).content.decode()
    assert reverse("communication_templates:templates", args=[directory.slug]) in body


def test_the_template_list_costs_the_same_queries_however_many_templates_and_versions(
    manager_client, directory, incident, django_assert_max_num_queries
):
    url = reverse("communication_templates:templates", args=[directory.slug])
    with django_assert_max_num_queries(20) as few:
        manager_client.get(url)
    for number in range(3):
        services.revise_template(
            incident, title={"en": f"Notice {number}"}, fixed_text={}, fields=incident.current_version.definitions
        )
        manager_client.post(
            reverse("communication_templates:template_new", args=[directory.slug]), new_template_post(key=f"k{number}")
        )

    with django_assert_max_num_queries(20) as many:
        response = manager_client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries) > 0
    assert response.content.decode().count('class="card mb-3"') == 7
