"""A line of action is written in several languages, like its plan's title: its title and its purpose; each reader
gets them in their own language, else English, else the language they were first written in."""

from django.urls import reverse

from working_groups.models import LineOfAction
from working_groups.tests.plans import new_plan, security_network


def test_the_manager_writes_a_line_of_action_in_spanish_and_english(network, client):
    prosur = security_network(network)
    plan = new_plan(prosur.directory, products=0)
    client.force_login(prosur.manager)

    client.post(
        reverse("working_groups:line_new", args=[plan.code]),
        {
            "original_language": "es",
            "position": "3",
            "title_es": "Prevención del extremismo violento",
            "title_en": "Preventing violent extremism",
            "purpose_es": "Fomentar el diálogo hemisférico.",
        },
    )

    line = LineOfAction.objects.get(plan=plan, position=3)
    assert (line.title, line.original_language) == ("Prevención del extremismo violento", "es")
    assert line.localized("title", "en") == "Preventing violent extremism"
    assert line.localized("purpose", "fr") == "Fomentar el diálogo hemisférico."


def test_the_plan_shows_each_reader_the_line_of_action_in_their_language(network, client):
    prosur = security_network(network)
    plan = new_plan(prosur.directory, products=1)
    line = plan.lines.get(position=1)
    line.original_language = "es"
    line.set_texts("title", {"es": "Ciberseguridad", "en": "Cybersecurity"})
    line.save()
    client.force_login(prosur.manager)

    english = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish = client.get(plan.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "1. Cybersecurity" in english
    assert "1. Ciberseguridad" in spanish
