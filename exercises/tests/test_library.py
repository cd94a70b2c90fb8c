"""The exercise library: templates, copies to another directory, and the JSON file that carries a scenario between
networks."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from exercises import library, services
from exercises.choices import ExerciseStatus
from exercises.models import Exercise, Inject, InjectDelivery
from exercises.tests.players import build_players, three_inject_scenario

__all__ = ["build_players"]  # the fixture ``players``


@pytest.fixture
def drill_scenario(players):
    return three_inject_scenario(players, starts_at=timezone.now() + timedelta(days=1), status=ExerciseStatus.DRAFT)


def timeline(exercise) -> list[tuple]:
    """What a scenario is, without its identity: each inject's timing, addressees, message and expectations."""
    return [
        (
            inject.position,
            inject.title,
            inject.offset_minutes,
            inject.follows.position if inject.follows else None,
            inject.delay_minutes,
            inject.audience,
            inject.sender_state.iso3,
            sorted(state.iso3 for state in inject.states.all()),
            inject.template.key,
            inject.tlp,
            inject.language,
            inject.values,
            inject.acknowledge_within_hours,
            inject.answer_within_hours,
            inject.expected_action,
        )
        for inject in exercise.injects.order_by("position")
    ]


def without_date(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


# --- Templates -------------------------------------------------------------------------------------------------


def test_saving_as_a_template_copies_the_injects_into_a_draft_kept_in_the_library(players, drill_scenario):
    drill_scenario.injects.get(position=1).states.set([players.states["KEN"]])
    template = library.save_as_template(drill_scenario, user=players.manager)
    assert (template.is_template, template.status, template.directory) == (
        True,
        ExerciseStatus.DRAFT,
        players.directory,
    )
    assert timeline(template) == timeline(drill_scenario)
    assert template.starts_at is None and not template.controllers.exists()


def test_a_running_scenario_saved_as_a_template_takes_none_of_what_was_sent(players):
    start = timezone.now()
    running = three_inject_scenario(players, starts_at=start)
    services.run_due(start)
    template = library.save_as_template(running)
    assert set(template.injects.values_list("status", flat=True)) == {"pending"}
    assert not template.injects.filter(due_at__isnull=False).exists()
    assert not InjectDelivery.objects.filter(inject__exercise=template).exists()


def test_a_template_is_not_saved_as_a_template_again(players, drill_scenario):
    template = library.save_as_template(drill_scenario)
    with pytest.raises(services.NotAllowedNow):
        library.save_as_template(template)


def test_using_a_template_makes_a_new_draft_controlled_by_the_manager(players, drill_scenario):
    template = library.save_as_template(drill_scenario)
    exercise = library.use_template(template, user=players.manager)
    assert (exercise.is_template, exercise.status) == (False, ExerciseStatus.DRAFT)
    assert list(exercise.controllers.all()) == [players.manager]
    assert timeline(exercise) == timeline(template)
    assert Exercise.objects.templates().count() == 1


def test_only_a_template_is_used(players, drill_scenario):
    with pytest.raises(services.NotAllowedNow):
        library.use_template(drill_scenario, user=players.manager)


# --- Copies ------------------------------------------------------------------------------------------------------


def test_a_copy_in_another_directory_keeps_what_fits_there_and_says_what_did_not(players, drill_scenario):
    first = drill_scenario.injects.get(position=1)
    first.states.set([players.states["KEN"], players.states["ARG"]])
    copied = library.copy_to(drill_scenario, players.elsewhere, user=players.manager)
    exercise = copied.exercise
    assert (exercise.directory, exercise.status) == (players.elsewhere, ExerciseStatus.DRAFT)
    # Templates matched by key; the request for information has none there and is left out.
    assert [(i.position, i.template.directory, i.template.key) for i in exercise.injects.order_by("position")] == [
        (1, players.elsewhere, "incident-notification"),
        (2, players.elsewhere, "request-for-assistance"),
    ]
    copy_first = exercise.injects.get(position=1)
    assert [state.iso3 for state in copy_first.states.all()] == ["KEN"]  # Argentina does not take part
    # Chile, the sender, does not take part either: a State that does stands in, and the manager is told.
    assert copy_first.sender_state.iso3 == "JPN"
    assert exercise.injects.get(position=2).follows == copy_first
    assert sorted(state.iso3 for state in exercise.states.all()) == ["KEN", "MEX"]
    notes = " | ".join(copied.left_out)
    assert "Inject 3 “Ask the diplomats”" in notes and "request-for-information" in notes
    assert "Argentina" in notes and "Chile" in notes and "Japan" in notes


def test_a_follower_of_an_inject_left_out_is_timed_from_the_start(players, drill_scenario):
    follower = drill_scenario.injects.get(position=2)
    follower.template = players.directory.communication_templates.get(key="request-for-information")
    follower.save()
    third = drill_scenario.injects.get(position=3)
    Inject.objects.filter(pk=third.pk).update(offset_minutes=None, follows=follower, delay_minutes=15)
    copied = library.copy_to(drill_scenario, players.elsewhere, user=players.manager)
    assert list(copied.exercise.injects.values_list("position", flat=True)) == [1]
    drill_scenario.injects.filter(position=3).update(
        template=players.directory.communication_templates.get(key="incident-notification")
    )
    copied = library.copy_to(drill_scenario, players.elsewhere, user=players.manager)
    third = copied.exercise.injects.get(position=3)
    assert (third.offset_minutes, third.follows, third.delay_minutes) == (45, None, None)  # 0 + 30, then + 15
    assert any("45 minutes after the start" in note for note in copied.left_out)


def test_a_copy_in_the_same_directory_is_a_plain_duplicate(players, drill_scenario):
    copied = library.copy_to(drill_scenario, players.directory, user=players.manager)
    assert copied.left_out == []
    assert timeline(copied.exercise) == timeline(drill_scenario)


# --- The JSON file --------------------------------------------------------------------------------------------------


def test_the_export_imports_back_as_the_same_scenario(players, drill_scenario):
    drill_scenario.injects.get(position=1).states.set([players.states["KEN"], players.states["EGY"]])
    exported = library.export_json(drill_scenario)
    assert (exported["format"], exported["version"]) == ("enlace-exercise", 1)
    # Through the file's bytes, as a download and an upload would carry it.
    imported = library.import_json(players.directory, json.loads(json.dumps(exported)), user=players.manager)
    assert imported.pk != drill_scenario.pk
    assert timeline(imported) == timeline(drill_scenario)
    assert without_date(library.export_json(imported)) == without_date(exported)
    assert (imported.kind, imported.title, imported.objectives, imported.languages, imported.roles) == (
        drill_scenario.kind,
        drill_scenario.title,
        drill_scenario.objectives,
        drill_scenario.languages,
        drill_scenario.roles,
    )


def test_the_export_names_states_by_iso_code_and_templates_by_key(players, drill_scenario):
    [first, second, _third] = library.export_json(drill_scenario)["injects"]
    assert (first["sender"], first["template"], first["timing"]) == (
        "CHL",
        "incident-notification",
        {"offset_minutes": 0},
    )
    assert second["timing"] == {"follows": 1, "delay_minutes": 30}
    assert second["expectations"] == {
        "acknowledge_within_hours": 4,
        "answer_within_hours": None,
        "action": "Block the indicators",
    }


def refusal(players, data) -> list[str]:
    before = Exercise.objects.count()
    with pytest.raises(ValidationError) as refused:
        library.import_json(players.directory, data, user=players.manager)
    assert Exercise.objects.count() == before
    return refused.value.messages


def test_a_bad_file_is_refused_naming_each_bad_inject_and_field_and_writes_nothing(players, drill_scenario):
    data = library.export_json(drill_scenario)
    data["injects"][0]["sender"] = "XYZ"
    data["injects"][1]["addressed"] = ["JPN"]
    data["injects"][1]["timing"] = {"follows": 9, "delay_minutes": 5}
    data["injects"][2]["template"] = "no-such-template"
    data["injects"][2]["expectations"]["answer_within_hours"] = "two days"
    assert refusal(players, data) == [
        "Inject 1, sender: “XYZ” is not the ISO code of a State.",
        "Inject 2, timing.follows: must be the position of another inject of the file.",
        "Inject 2, addressed: JPN does not take part in Drill network.",
        "Inject 3, template: Drill network has no communication template “no-such-template”.",
        "Inject 3, expectations.answer_within_hours: must be a whole number from 1 to 32767.",
    ]


def test_values_the_template_does_not_have_are_refused(players, drill_scenario):
    data = library.export_json(drill_scenario)
    data["injects"][0]["values"]["casualties"] = "none"
    assert refusal(players, data) == ["Inject 1, values: the template “incident-notification” has no field casualties."]


def test_injects_following_each_other_in_a_circle_are_refused(players, drill_scenario):
    data = library.export_json(drill_scenario)
    data["injects"][0]["timing"] = {"follows": 2, "delay_minutes": 5}
    assert refusal(players, data) == [
        "Inject 1, timing.follows: the injects follow each other in a circle.",
        "Inject 2, timing.follows: the injects follow each other in a circle.",
    ]


def test_a_file_of_another_kind_or_version_is_refused(players, drill_scenario):
    assert refusal(players, {"format": "enlace-directory-exchange"}) == ["This is not an Enlace exercise file."]
    data = {**library.export_json(drill_scenario), "version": 2}
    assert refusal(players, data) == ["This file is in version 2 of the exercise format; this Enlace reads version 1."]


def test_the_top_fields_are_checked_too(players, drill_scenario):
    data = {**library.export_json(drill_scenario), "kind": "war-game", "roles": ["law_enforcement"], "title": ""}
    assert refusal(players, data) == [
        "kind: must be one of communication_check, scenario, functional.",
        "title: this field is required.",
        "roles: must be a list of some of diplomatic, technical.",
    ]


# --- The pages -----------------------------------------------------------------------------------------------------


def upload(data: bytes, name: str = "scenario.json") -> dict:
    return {"file": SimpleUploadedFile(name, data, content_type="application/json")}


def test_the_manager_downloads_the_file_and_imports_it(players, drill_scenario, client):
    client.force_login(players.manager)
    download = client.get(reverse("exercises:export_json", args=[drill_scenario.code]))
    assert download["Content-Disposition"] == 'attachment; filename="drill.exercise.json"'
    page = client.post(reverse("exercises:import_json", args=[players.directory.slug]), upload(download.content))
    imported = Exercise.objects.exclude(pk=drill_scenario.pk).get()
    assert page.status_code == 302 and page["Location"] == imported.get_absolute_url()
    assert timeline(imported) == timeline(drill_scenario)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"not json at all", "The file is not JSON."),
        (b'{"format": "something else"}', "This is not an Enlace exercise file."),
        (b" " * (library.MAX_FILE_BYTES + 1), "The file is larger than 1 MB."),
    ],
)
def test_the_import_page_shows_what_is_wrong_with_the_file(players, client, content, error):
    client.force_login(players.manager)
    page = client.post(reverse("exercises:import_json", args=[players.directory.slug]), upload(content))
    assert page.status_code == 400
    assert error in page.content.decode()
    assert not Exercise.objects.exists()


def test_the_import_page_lists_every_problem_of_the_file(players, drill_scenario, client):
    data = library.export_json(drill_scenario)
    data["injects"][0]["sender"] = "XYZ"
    client.force_login(players.manager)
    page = client.post(
        reverse("exercises:import_json", args=[players.directory.slug]), upload(json.dumps(data).encode())
    )
    assert "Inject 1, sender: “XYZ” is not the ISO code of a State." in page.content.decode()


def test_the_copy_page_offers_the_directories_the_manager_manages_and_copies(players, drill_scenario, client):
    client.force_login(players.manager)
    url = reverse("exercises:copy", args=[drill_scenario.code])
    page = client.get(url).content.decode()
    assert "Drill network" in page and "Elsewhere network" in page
    done = client.post(url, {"directory": players.elsewhere.pk})
    copy = Exercise.objects.get(directory=players.elsewhere)
    assert done["Location"] == copy.get_absolute_url()
    notes = [str(message) for message in done.wsgi_request._messages]
    assert any("request-for-information" in note for note in notes)


def test_saving_and_using_a_template_from_the_pages(players, drill_scenario, client):
    client.force_login(players.manager)
    client.post(reverse("exercises:save_as_template", args=[drill_scenario.code]))
    template = Exercise.objects.templates().get()
    done = client.post(reverse("exercises:use_template", args=[template.code]))
    made = Exercise.objects.exercises().exclude(pk=drill_scenario.pk).get()
    assert done["Location"] == made.get_absolute_url()
