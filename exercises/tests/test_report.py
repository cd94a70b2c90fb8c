"""The after-action report: every State for its controllers, the anonymised whole for the participating States
(no group of fewer than five States), its CSV and printable view, its lessons, and publishing it."""

import csv
import io
from datetime import timedelta

from django.urls import reverse

from enlace.testing.queries import queries_run
from exercises import report as reports
from exercises import services
from exercises.models import Exercise, Lesson
from exercises.tests.players import (
    AFRICA,
    AMERICAS,
    HOUR,
    SCORED,
    START,
    acknowledge,
    answer,
    build_players,
    scored_check,
    scored_scenario,
)

__all__ = ["build_players"]  # the fixture ``players``

SMALL_GROUP = "Not shown: fewer than 5 States"


def ended(exercise, *, published=False):
    services.end(exercise, now=START + 40 * HOUR)
    if published:
        services.publish_report(exercise, True)
    return exercise


def played(players, **options):
    """A scenario in which Mexico answered in time, Argentina late, Kenya never."""
    exercise = scored_scenario(players, **options)
    playing = options.get("among", SCORED)
    acknowledge(exercise, "MEX", after=HOUR)
    answer(players, exercise, "MEX", after=4 * HOUR)
    if "ARG" in playing:
        answer(players, exercise, "ARG", after=30 * HOUR)
    return exercise


def page(client, user, exercise, name="exercises:report"):
    client.force_login(user)
    return client.get(reverse(name, args=[exercise.code]))


def csv_of_text(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def csv_of(response) -> list[list[str]]:
    return csv_of_text(response.content.decode())


def test_the_controllers_see_each_state_by_name_with_its_figures(players, client):
    exercise = played(players)

    body = page(client, players.manager, exercise).content.decode()

    for name in ("Mexico", "Argentina", "Kenya", "Estonia", "Inject 1: Wave 1"):
        assert name in body
    assert "Add a lesson" in body


def test_the_controllers_csv_has_a_row_per_state_and_per_inject(players, client):
    exercise = played(players, injects=2)

    rows = csv_of(page(client, players.manager, exercise, "exercises:report_csv"))

    by_label = {row[2]: row for row in rows[1:]}
    assert rows[0][:5] == ["Exercise", "Section", "Group", "States", "Messages sent"]
    assert by_label["All participating States"][3:7] == ["8", "16", "16", "32"]
    # Mexico: wave 1 acknowledged and answered in time; wave 2 neither.
    assert by_label["Mexico"][4:12] == ["2", "2", "4", "2", "0", "0", "2", "0"]
    assert by_label["Argentina"][4:12] == ["2", "2", "4", "0", "2", "0", "2", "0"]
    assert {"Inject 1: Wave 1", "Inject 2: Wave 2"} <= set(by_label)


def test_a_participant_sees_nothing_before_the_report_is_published(players, client):
    exercise = ended(played(players))

    assert page(client, players.diplomat_users["MEX"], exercise).status_code == 403
    assert page(client, players.diplomat_users["MEX"], exercise, "exercises:report_csv").status_code == 403


def test_a_participant_sees_its_own_state_and_the_anonymised_whole(players, client):
    exercise = ended(played(players), published=True)

    body = page(client, players.diplomat_users["MEX"], exercise).content.decode()

    assert "Mexico" in body
    assert "All participating States (anonymised)" in body
    assert "Americas" in body
    assert "Add a lesson" not in body


def test_a_state_never_sees_another_states_results_on_the_page_or_in_the_csv(players, client):
    exercise = ended(played(players), published=True)
    others = ("Mexico", "Argentina", "Brazil", "Chile", "Colombia", "Nigeria", "Estonia")

    body = page(client, players.diplomat_users["KEN"], exercise).content.decode()
    download = page(client, players.diplomat_users["KEN"], exercise, "exercises:report_csv").content.decode()
    printed = page(client, players.diplomat_users["KEN"], exercise, "exercises:report_print").content.decode()

    for text in (body, download, printed):
        assert "Kenya" in text
        for name in others:
            assert name not in text


def test_the_anonymised_report_hides_groups_of_fewer_than_five_states(players, client):
    exercise = ended(played(players), published=True)

    rows = csv_of(page(client, players.diplomat_users["MEX"], exercise, "exercises:report_csv"))

    shown = {row[2]: row for row in rows[1:] if row[1] == "All participating States (anonymised)"}
    assert shown["All participating States"][3:5] == ["8", "8"]
    assert shown["Americas"][3:5] == ["5", "5"]
    assert shown["Africa"][3] == "2" and shown["Africa"][-1].startswith(SMALL_GROUP)
    assert shown["Europe"][3] == "1" and shown["Europe"][-1].startswith(SMALL_GROUP)
    assert "Not shown: fewer than 5 States" in page(client, players.diplomat_users["MEX"], exercise).content.decode()


def test_a_single_small_group_hides_one_more_so_it_cannot_be_worked_out(players):
    exercise = ended(played(players, among=(*AMERICAS, AFRICA[0])))

    report = reports.for_participant(exercise, {players.states["MEX"].pk}, START + 50 * HOUR)

    whole = next(section for section in report.sections if section.key == reports.OVERALL)
    assert [(row.key, row.hidden) for row in whole.rows] == [("overall", False), ("africa", True), ("americas", True)]


def test_the_whole_is_hidden_when_fewer_than_five_states_play(players):
    exercise = ended(played(players, among=("MEX", "ARG", "KEN")))

    report = reports.for_participant(exercise, {players.states["MEX"].pk}, START + 50 * HOUR)

    anonymised = [row for section in report.sections if section.key != "state-MEX" for row in section.rows]
    assert anonymised and all(row.hidden for row in anonymised)


def test_a_communication_check_reports_reachability_by_channel(players, client, background):
    exercise = background(scored_check, players)
    services.acknowledge_check(
        exercise.check_messages.get(state__iso3="MEX"), channel="link", now=START + 20 * timedelta(minutes=1)
    )
    services.acknowledge_check(exercise.check_messages.get(state__iso3="KEN"), channel="phone", now=START + 3 * HOUR)

    rows = csv_of(page(client, players.manager, exercise, "exercises:report_csv"))

    by_label = {row[2]: row for row in rows[1:]}
    assert rows[0][4:7] == ["Points of contact asked", "E-mail delivered", "Bounced"]
    assert by_label["All participating States"][4:12] == ["8", "8", "0", "2", "1", "1", "12.5", "100"]
    assert by_label["Kenya"][4:12] == ["1", "1", "0", "1", "0", "1", "0.0", "180"]


def test_csv_cells_are_formula_safe(players, client):
    exercise = played(players)
    Exercise.objects.filter(pk=exercise.pk).update(title='=HYPERLINK("https://evil.example","x")')

    download = page(client, players.manager, exercise, "exercises:report_csv").content.decode()

    assert '"\'=HYPERLINK(""https://evil.example"",""x"")"' in download
    assert {row[0] for row in csv_of_text(download)[1:]} == {'\'=HYPERLINK("https://evil.example","x")'}


def test_the_printable_view_carries_the_print_stylesheet_and_the_lessons(players, client):
    exercise = played(players)
    Lesson.objects.create(exercise=exercise, text="Keep the duty roster current", owner="Secretariat")

    body = page(client, players.manager, exercise, "exercises:report_print").content.decode()

    assert "exercises/report_print.css" in body
    assert "Keep the duty roster current" in body
    assert "Mexico" in body


def test_the_manager_publishes_an_ended_exercise_and_withdraws_it(players, client):
    exercise = ended(played(players))
    client.force_login(players.manager)
    url = reverse("exercises:publish", args=[exercise.code])

    client.post(url, {"publish": "1"})
    exercise.refresh_from_db()
    assert exercise.report_published
    assert page(client, players.diplomat_users["MEX"], exercise).status_code == 200

    client.force_login(players.manager)
    client.post(url, {"publish": "0"})
    exercise.refresh_from_db()
    assert not exercise.report_published


def test_a_running_exercise_cannot_be_published(players, client):
    exercise = played(players)
    client.force_login(players.manager)

    response = client.post(reverse("exercises:publish", args=[exercise.code]), {"publish": "1"}, follow=True)

    exercise.refresh_from_db()
    assert not exercise.report_published
    assert "once the exercise has ended" in response.content.decode()


def test_a_controller_writes_a_lesson_with_its_action_owner_and_due_date(players, client):
    exercise = played(players)
    client.force_login(players.manager)

    client.post(
        reverse("exercises:lesson_new", args=[exercise.code]),
        {"text": "The desk's phone was unstaffed", "action": "Name a deputy", "owner": "MFA", "due_on": "2027-01-15"},
    )

    lesson = exercise.lessons.get()
    assert (lesson.action, lesson.owner, lesson.due_on.isoformat()) == ("Name a deputy", "MFA", "2027-01-15")
    assert lesson.written_by == players.manager
    assert "Name a deputy" in page(client, players.manager, exercise).content.decode()


def test_removing_a_lesson_asks_first(players, client):
    exercise = played(players)
    lesson = Lesson.objects.create(exercise=exercise, text="Keep the duty roster current")
    client.force_login(players.manager)
    url = reverse("exercises:lesson_delete", args=[lesson.pk])

    asked = client.get(url)
    assert "Remove this lesson?" in asked.content.decode()
    assert Lesson.objects.filter(pk=lesson.pk).exists()

    client.post(url)
    assert not Lesson.objects.filter(pk=lesson.pk).exists()


def _queries(client, user, exercise, name="exercises:report") -> int:
    client.force_login(user)
    url = reverse(name, args=[exercise.code])
    with queries_run() as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_report_page_runs_as_many_queries_for_eight_states_and_three_injects_as_for_one(players, client):
    small = played(players, among=("MEX",))
    large = played(players, injects=3)
    Lesson.objects.create(exercise=large, text="One lesson")

    assert _queries(client, players.manager, small) == _queries(client, players.manager, large) == 10


def test_a_communication_checks_report_runs_as_many_queries_however_many_states(players, client, background):
    small = background(scored_check, players, among=("MEX",))
    large = background(scored_check, players)

    assert _queries(client, players.manager, small) == _queries(client, players.manager, large) == 11


def test_the_participants_report_runs_as_many_queries_however_many_states(players, client):
    small = ended(played(players, among=("MEX", "ARG")), published=True)
    large = ended(played(players, injects=3), published=True)

    officer = players.diplomat_users["MEX"]
    assert _queries(client, officer, small) == _queries(client, officer, large) == 9
