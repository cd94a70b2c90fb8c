"""The demo data set: what the quick start promises, loaded once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role, RoleAssignment, User
from directory.models import Contact, Directory, Nomination, State
from enlace.testing import rolled_back


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.conf import settings

    settings.DEMO_KEYS_DIR = tmp_path_factory.mktemp("demo-keys")
    # Loaded once for this module's tests; rolled back afterwards, so the other tests never see it.
    with rolled_back(django_db_blocker):
        out = StringIO()
        call_command("load_demo", print_sign_ins=True, stdout=out)
        yield out.getvalue()


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def test_the_demo_has_the_three_directories(demo):
    assert set(Directory.objects.values_list("name", flat=True)) == {
        "UN Global PoC Directory",
        "OAS CICTE cyber CBM network",
        "OAS Inter-American Network against Terrorism (24/7)",
    }


def test_every_un_member_takes_part_in_the_un_directory_and_about_120_nominated(demo):
    un = Directory.objects.get(slug="un-global")
    assert un.participants.count() == State.objects.un_members().count() == 193
    assert Nomination.objects.filter(directory=un).values("state").distinct().count() == 120


def test_the_35_oas_members_take_part_in_both_oas_directories(demo):
    for slug in ("oas-cicte", "oas-terrorism-24-7"):
        assert Directory.objects.get(slug=slug).participants.count() == 35


def test_the_same_contact_serves_the_un_and_the_oas_directories(demo):
    shared = Contact.objects.filter(nominations__directory__slug="un-global").filter(
        nominations__directory__slug="oas-cicte"
    )
    assert shared.exists()


def test_all_demo_data_is_fictional(demo):
    domains = {address.split("@")[1] for address in Contact.objects.values_list("emails__address", flat=True)}
    assert all(domain.endswith(".example.org") for domain in domains)
    assert all(email.endswith("@enlace.example.org") for email in User.objects.values_list("email", flat=True))


def test_managers_coordinators_and_pocs_have_accounts_with_mfa_printed(demo):
    assert RoleAssignment.objects.filter(role=Role.MANAGER).count() == 3
    coordinators = RoleAssignment.objects.filter(role=Role.COORDINATOR)
    assert {assignment.state.region for assignment in coordinators} == {
        "africa",
        "americas",
        "asia",
        "europe",
        "oceania",
    }
    assert User.objects.filter(contact__isnull=False).count() == 7  # 5 diplomatic, 2 technical
    assert "enlace-demo-password" in demo
    assert demo.count("TOTP secret:") == 8
    assert demo.count("recovery codes:") == 8


def test_loading_again_keeps_what_users_changed(demo):
    contact = Contact.objects.order_by("pk").first()
    contact.name = "Changed By A User"
    contact.save()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    contact.refresh_from_db()
    assert contact.name == "Changed By A User"
    assert Directory.objects.count() == 3


def test_the_demo_points_of_contact_have_keys_whose_private_halves_stay_in_the_demo_folder(demo):
    from django.conf import settings

    with_keys = Contact.objects.exclude(pgp_fingerprint="")
    assert with_keys.count() == 7
    for contact in with_keys:
        address = contact.emails.order_by("position").first().address
        private = (settings.DEMO_KEYS_DIR / f"{address}.private.asc").read_text()
        assert "PRIVATE KEY BLOCK" in private
        assert "PRIVATE" not in contact.pgp_key


def test_the_demo_has_a_thread_answered_one_about_to_escalate_and_a_red_one_kept_without_content(demo):
    from communications.models import Communication

    answered, waiting, red = Communication.objects.expecting_reply().real().order_by("sent_at")
    assert answered.status == "answered"
    assert answered.answers.get().sender_state.iso3 == "KEN"
    assert waiting.status == "sent"
    assert waiting.actions.filter(kind="escalation", step=1).get().due_at > waiting.sent_at
    assert (red.tlp, red.content, red.recipient_state.iso3) == ("red", {}, "MEX")
    assert red.recipients.get().encrypted


def test_every_demo_directory_had_a_round_that_closed_so_none_starts_on_its_own(demo):
    from pings import services
    from pings.models import PingRound, RoundStatus

    for directory in Directory.objects.all():
        [past] = PingRound.objects.filter(directory=directory)
        assert past.status == RoundStatus.CLOSED
        assert past.pings.count() == past.total > 0
    assert services.start_due_rounds() == []


def test_the_demo_manager_can_start_a_round_at_once(demo):
    from pings import services

    un = Directory.objects.get(slug="un-global")
    assert services.start_round(un, trigger="manual").total == 240


def test_an_older_demo_database_without_rounds_gets_its_past_round(demo):
    from pings.models import PingRound

    PingRound.objects.all().delete()
    call_command("load_demo", stdout=StringIO())
    assert PingRound.objects.count() == Directory.objects.count() == 3


def test_the_un_directory_has_a_finished_check_and_scenario_with_reports_and_one_scheduled(demo):
    from exercises import results
    from exercises.choices import ExerciseKind, ExerciseStatus, Outcome
    from exercises.demo_data import SCHEDULED_TITLE
    from exercises.models import Exercise

    un = Directory.objects.get(slug="un-global")
    check = Exercise.objects.get(directory=un, kind=ExerciseKind.COMMUNICATION_CHECK)
    assert (check.status, check.report_published) == (ExerciseStatus.REPORTED, True)
    _by_state, overall = results.check_figures(results.check_results(check))
    assert overall.contacts == 16
    assert (overall.bounced, overall.reached_by_phone) == (1, 1)
    assert 0 < overall.on_time < overall.acknowledged < overall.contacts

    scenario = Exercise.objects.get(directory=un, kind=ExerciseKind.SCENARIO, status=ExerciseStatus.REPORTED)
    assert scenario.lessons.exists()
    _by_state, overall = results.figures(results.scenario_results(scenario, scenario.ended_at + timedelta(days=5)))
    assert overall.deliveries == 21
    assert {Outcome.ON_TIME, Outcome.LATE, Outcome.NOT_MET, Outcome.PARTLY} <= set(overall.outcomes)

    scheduled = Exercise.objects.get(directory=un, title=SCHEDULED_TITLE)
    assert scheduled.status == ExerciseStatus.SCHEDULED
    assert scheduled.starts_at > timezone.now() + timedelta(days=6)
    assert scheduled.injects.count() == 3


def test_the_past_exercises_leave_nothing_to_send(demo):
    from communications.models import ScheduledAction
    from mail.models import OutboundEmail

    assert not OutboundEmail.objects.filter(purpose="exercise", status="queued").exists()
    assert not ScheduledAction.objects.pending().filter(communication__is_exercise=True).exists()


def test_the_oas_network_has_prosur_s_working_groups_and_the_cicte_plan_and_an_older_database_gets_them(demo):
    from working_groups.models import WorkingGroup, WorkPlan

    oas = Directory.objects.get(slug="oas-cicte")
    assert (WorkingGroup.objects.filter(directory=oas).count(), WorkPlan.objects.filter(directory=oas).count()) == (
        4,
        4,
    )
    WorkPlan.objects.all().delete()
    WorkingGroup.objects.exclude(parent=None).delete()
    WorkingGroup.objects.all().delete()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "working groups" in out.getvalue()
    assert (WorkingGroup.objects.filter(directory=oas).count(), WorkPlan.objects.filter(directory=oas).count()) == (
        4,
        4,
    )
