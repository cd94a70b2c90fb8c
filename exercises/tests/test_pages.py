"""A manager prepares an exercise on its pages (the exercise, a three-inject scenario) and its controllers run it."""

from datetime import UTC, datetime, timedelta

from django.test import Client
from django.urls import reverse

from exercises.choices import ExerciseKind, ExerciseStatus, InjectStatus
from exercises.models import Exercise, Inject
from exercises.tests.players import (
    INCIDENT_FORM,
    START,
    add_inject,
    build_players,
    make_exercise,
    started_scenario,
)

__all__ = ["build_players"]  # the fixture ``players``


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def exercise_data(players, **changes) -> dict:
    data = {
        "kind": ExerciseKind.SCENARIO,
        "title": "Cyber storm 2026",
        "objectives": "Test the path of an incident notification",
        "languages": ["en", "es"],
        "all_states": "on",
        "roles": ["technical"],
        "controllers": [players.manager.pk],
        # Typed in the manager's zone, America/Mexico_City (UTC-06:00 in November).
        "starts_at": "2026-11-02T09:00",
        "ends_at": "2026-11-03T09:00",
        "acknowledgement_hours": "2",
    }
    data.update(changes)
    return data


def inject_data(players, template, **changes) -> dict:
    data = {
        "title": "Incident in Estonia",
        "timing": "offset",
        "offset_minutes": "0",
        "audience": "technical",
        "sender_state": players.states["EST"].pk,
        "template": template.pk,
        "tlp": "green",
        "language": "en",
        "acknowledge_within_hours": "2",
        "answer_within_hours": "24",
        "expected_action": "",
        **{f"content-{name}": value for name, value in INCIDENT_FORM.items()},
    }
    data.update(changes)
    return data


def incident_template(players):
    return players.directory.communication_templates.get(kind="incident_notification")


def test_the_list_offers_a_new_exercise_to_the_manager_only(players):
    make_exercise(players, status=ExerciseStatus.SCHEDULED)
    url = reverse("exercises:list", args=[players.directory.slug])
    manager_page = client_for(players.manager).get(url).content.decode()
    member_page = client_for(players.desk_users["MEX"]).get(url).content.decode()
    assert "New exercise" in manager_page
    assert "Cyber storm" in member_page
    assert "New exercise" not in member_page


def test_the_list_filters_by_status_from_the_address(players):
    make_exercise(players, title="Scheduled one", status=ExerciseStatus.SCHEDULED)
    make_exercise(players, title="Draft one")
    page = client_for(players.manager).get(
        reverse("exercises:list", args=[players.directory.slug]), {"status": "draft"}
    )
    body = page.content.decode()
    assert "Draft one" in body
    assert "Scheduled one" not in body


def test_a_manager_creates_an_exercise_with_times_read_in_their_zone(players):
    response = client_for(players.manager).post(
        reverse("exercises:new", args=[players.directory.slug]), exercise_data(players)
    )
    exercise = Exercise.objects.get(title="Cyber storm 2026")
    assert response.status_code == 302
    assert exercise.status == ExerciseStatus.DRAFT
    assert exercise.starts_at == datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    assert exercise.languages == ["en", "es"]
    assert list(exercise.controllers.all()) == [players.manager]
    assert exercise.created_by == players.manager


def test_an_exercise_ending_before_it_starts_is_refused_and_nothing_is_saved(players):
    response = client_for(players.manager).post(
        reverse("exercises:new", args=[players.directory.slug]), exercise_data(players, ends_at="2026-11-01T09:00")
    )
    assert response.status_code == 200
    assert "The exercise must end after it starts." in response.content.decode()
    assert not Exercise.objects.exists()


def test_a_check_without_roles_is_refused_with_a_clear_message(players):
    response = client_for(players.manager).post(
        reverse("exercises:new", args=[players.directory.slug]),
        exercise_data(players, kind=ExerciseKind.COMMUNICATION_CHECK, roles=[]),
    )
    assert "Choose the roles the communication check addresses." in response.content.decode()
    assert not Exercise.objects.exists()


def test_only_the_directory_managers_and_coordinators_can_be_controllers(players):
    stranger = players.other_manager
    response = client_for(players.manager).post(
        reverse("exercises:new", args=[players.directory.slug]), exercise_data(players, controllers=[stranger.pk])
    )
    assert response.status_code == 200
    assert not Exercise.objects.exists()


def test_a_manager_builds_a_three_inject_scenario_from_templates(players):
    exercise = make_exercise(players)
    client = client_for(players.manager)
    url = reverse("exercises:inject_new", args=[exercise.code])
    template = incident_template(players)
    client.post(url, inject_data(players, template, title="First"))
    first = Inject.objects.get(title="First")
    client.post(url, inject_data(players, template, title="Second", offset_minutes="30"))
    client.post(
        url,
        inject_data(
            players,
            template,
            title="Third",
            timing="follows",
            offset_minutes="",
            follows=first.pk,
            delay_minutes="45",
            states=[players.states["MEX"].pk, players.states["KEN"].pk],
            expected_action="Inform the national CSIRT",
        ),
    )
    injects = list(exercise.injects.order_by("position"))
    assert [(i.position, i.title) for i in injects] == [(1, "First"), (2, "Second"), (3, "Third")]
    third = injects[2]
    assert (third.offset_minutes, third.follows, third.delay_minutes) == (None, first, 45)
    assert {state.iso3 for state in third.states.all()} == {"MEX", "KEN"}
    assert first.values["systems_concerned"] == "Exercise payment gateway"
    assert first.values["incident_start"] == "2026-11-02T06:30:00Z"


def test_an_inject_without_an_expectation_is_refused_and_nothing_is_saved(players):
    exercise = make_exercise(players)
    response = client_for(players.manager).post(
        reverse("exercises:inject_new", args=[exercise.code]),
        inject_data(players, incident_template(players), acknowledge_within_hours="", answer_within_hours=""),
    )
    assert "Give at least one expectation" in response.content.decode()
    assert not Inject.objects.exists()


def test_an_inject_missing_a_template_field_is_refused(players):
    exercise = make_exercise(players)
    response = client_for(players.manager).post(
        reverse("exercises:inject_new", args=[exercise.code]),
        inject_data(players, incident_template(players), **{"content-systems_concerned": ""}),
    )
    assert response.status_code == 200
    assert not Inject.objects.exists()


def test_a_draft_inject_is_changed_and_deleted(players):
    exercise = make_exercise(players)
    inject = add_inject(exercise, players, 1)
    client = client_for(players.manager)
    client.post(
        reverse("exercises:inject_edit", args=[inject.code]),
        inject_data(players, incident_template(players), title="Renamed"),
    )
    inject.refresh_from_db()
    assert inject.title == "Renamed"
    client.post(reverse("exercises:inject_delete", args=[inject.code]))
    assert not Inject.objects.exists()


def control(client, exercise, action, **extra):
    return client.post(reverse("exercises:control", args=[exercise.code]), {"action": action, **extra}, follow=True)


def test_controllers_schedule_start_pause_resume_and_end(players):
    exercise = make_exercise(players, starts_at=START + timedelta(days=300), ends_at=START + timedelta(days=301))
    add_inject(exercise, players, 1, offset=600)
    client = client_for(players.manager)
    statuses = []
    for action, confirm in (("schedule", ""), ("start", "on"), ("pause", ""), ("resume", ""), ("end", "on")):
        control(client, exercise, action, confirm=confirm)
        exercise.refresh_from_db()
        statuses.append((exercise.status, exercise.is_paused))
    assert statuses == [
        (ExerciseStatus.SCHEDULED, False),
        (ExerciseStatus.RUNNING, False),
        (ExerciseStatus.RUNNING, True),
        (ExerciseStatus.RUNNING, False),
        (ExerciseStatus.ENDED, False),
    ]


def test_ending_asks_first_and_changes_nothing_until_confirmed(players):
    exercise = started_scenario(players)
    response = control(client_for(players.manager), exercise, "end")
    exercise.refresh_from_db()
    assert "Are you sure?" in response.content.decode()
    assert exercise.status == ExerciseStatus.RUNNING


def test_a_step_not_allowed_now_says_why(players):
    exercise = make_exercise(players, status=ExerciseStatus.SCHEDULED)
    response = control(client_for(players.manager), exercise, "pause")
    exercise.refresh_from_db()
    assert "Only a running exercise can be paused." in response.content.decode()
    assert exercise.status == ExerciseStatus.SCHEDULED


def test_scheduling_an_unready_scenario_names_what_is_missing(players):
    exercise = make_exercise(players)
    response = control(client_for(players.manager), exercise, "schedule")
    assert "Add at least one inject to the scenario." in response.content.decode()
    exercise.refresh_from_db()
    assert exercise.status == ExerciseStatus.DRAFT


def test_a_running_exercise_cannot_be_edited(players):
    exercise = started_scenario(players)
    response = client_for(players.manager).get(reverse("exercises:edit", args=[exercise.code]), follow=True)
    assert "Only a draft can be changed" in response.content.decode()


def test_a_controller_sends_an_inject_before_its_time(players):
    exercise = make_exercise(players, status=ExerciseStatus.SCHEDULED)
    inject = add_inject(exercise, players, 1, offset=600)
    control(client_for(players.manager), exercise, "start", confirm="on")
    client_for(players.manager).post(reverse("exercises:inject_send", args=[inject.code]))
    inject.refresh_from_db()
    assert inject.status == InjectStatus.SENT
    assert inject.deliveries.count() == 3  # every participating State but the sender


def test_a_controller_adds_an_ad_hoc_inject_sent_at_once(players):
    exercise = started_scenario(players)
    client_for(players.manager).post(
        reverse("exercises:inject_new", args=[exercise.code]),
        inject_data(players, incident_template(players), title="Surprise", send_now="on", offset_minutes=""),
    )
    inject = exercise.injects.get(title="Surprise")
    assert (inject.added_while_running, inject.status, inject.position) == (True, InjectStatus.SENT, 2)
