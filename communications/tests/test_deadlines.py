"""Reminders, escalation and their deadlines, with the clock moved (nothing sleeps)."""

from datetime import timedelta

import pytest

from communications import services
from communications.models import ActionKind, CommunicationStatus, EventKind, ReminderSchedule, ScheduledAction
from communications.tests.conftest import SENT_AT, plain

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@pytest.fixture
def run_jobs(background):
    def run(at):
        return background(services.run_due_actions, at)

    return run


def test_reminders_and_escalation_are_scheduled_as_rows_when_it_is_sent(network, send):
    communication = send()
    due = list(communication.actions.values_list("kind", "step", "due_at"))
    assert due == [
        (ActionKind.ACKNOWLEDGEMENT_REMINDER, 1, SENT_AT + 36 * HOUR),
        (ActionKind.ACKNOWLEDGEMENT_REMINDER, 2, SENT_AT + 70 * HOUR),
        (ActionKind.ESCALATION, 1, SENT_AT + 72 * HOUR),
        (ActionKind.ESCALATION, 2, SENT_AT + 96 * HOUR),
        (ActionKind.ANSWER_REMINDER, 1, SENT_AT + 5 * DAY),
        (ActionKind.ANSWER_REMINDER, 2, SENT_AT + 12 * DAY),
    ]


def test_the_recipient_is_reminded_at_half_time_and_two_hours_before_the_acknowledgement_deadline(
    network, send, run_jobs, mailbox
):
    send()
    mailbox.clear()
    assert run_jobs(SENT_AT + 35 * HOUR) == 0
    assert run_jobs(SENT_AT + 36 * HOUR) == 1
    [first] = mailbox.to("desk@ke-cirt.ke.example.org")
    assert "has not been acknowledged yet" in plain(first)
    assert "/acknowledge/" in plain(first)
    assert "Interbank" not in plain(first)  # reminders carry the envelope, never the content
    assert run_jobs(SENT_AT + 70 * HOUR) == 1
    assert len(mailbox.to("desk@ke-cirt.ke.example.org")) == 2


def test_running_the_job_twice_does_nothing_twice(network, send, run_jobs, mailbox):
    send()
    mailbox.clear()
    run_jobs(SENT_AT + 36 * HOUR)
    run_jobs(SENT_AT + 36 * HOUR)
    assert len(mailbox.to("desk@ke-cirt.ke.example.org")) == 1


def test_an_unacknowledged_notification_escalates_by_itself_along_the_ladder_and_the_sender_is_told(
    network, send, run_jobs, mailbox
):
    communication = send()
    mailbox.clear()
    run_jobs(SENT_AT + 72 * HOUR)
    [escalation] = mailbox.to("wk@mfa.ke.example.org")
    assert "not been acknowledged in time" in plain(escalation)
    assert "Interbank payment gateway unreachable" in plain(escalation)  # TLP:GREEN content is kept, so it goes on
    [notice] = mailbox.to("guardia.user@mx.example.org")
    assert "Wanjiru Kamau" in plain(notice)
    assert not mailbox.to("coord@ke.example.org")

    run_jobs(SENT_AT + 96 * HOUR)
    [to_coordinator] = mailbox.to("coord@ke.example.org")
    assert "/acknowledge/" in plain(to_coordinator)
    assert len(mailbox.to("guardia.user@mx.example.org")) == 2
    communication.refresh_from_db()
    assert communication.escalation_level == 2
    # The job ran late (at the deadline): no reminder of a deadline already past, escalation instead.
    assert [event.kind for event in communication.events.all()] == [
        EventKind.SENT,
        EventKind.ESCALATED,
        EventKind.ESCALATED,
    ]


def test_an_amber_escalation_carries_no_content(network, send, run_jobs, mailbox):
    from communications.tests.conftest import give_key
    from communications.tests.test_confidentiality import SECRET, secret_values
    from mail.tests.keys import make_key_pair

    give_key(network.ke_desk, make_key_pair("desk@ke-cirt.ke.example.org"))
    send(tlp="amber", values=secret_values())
    run_jobs(SENT_AT + 72 * HOUR)
    [escalation] = mailbox.to("wk@mfa.ke.example.org")
    assert SECRET not in escalation.as_string()
    assert "not kept by Enlace" in plain(escalation)


def test_acknowledging_stops_the_reminders_and_the_escalation(network, send, run_jobs, mailbox):
    communication = send()
    services.acknowledge(communication, user=network.poc_ke, now=SENT_AT + 10 * HOUR)
    mailbox.clear()
    run_jobs(SENT_AT + 100 * HOUR)
    assert not mailbox.to("desk@ke-cirt.ke.example.org")
    assert not mailbox.to("wk@mfa.ke.example.org")
    assert not mailbox.to("coord@ke.example.org")
    assert not communication.actions.pending().filter(kind__in=[ActionKind.ESCALATION, "ack_reminder"]).exists()


def test_answer_reminders_go_on_days_5_and_12_until_it_is_answered(network, send, run_jobs, mailbox):
    communication = send()
    services.acknowledge(communication, user=network.poc_ke, now=SENT_AT + HOUR)
    mailbox.clear()
    run_jobs(SENT_AT + 5 * DAY)
    [reminder] = mailbox.to("desk@ke-cirt.ke.example.org")
    assert "An answer to this communication is due" in plain(reminder)
    assert "2026-11-17 12:00 Africa/Nairobi (UTC+03:00)" in plain(reminder)
    run_jobs(SENT_AT + 12 * DAY)
    assert len(mailbox.to("desk@ke-cirt.ke.example.org")) == 2


def test_the_sender_can_escalate_by_hand_before_the_deadline(network, send, background, mailbox):
    communication = send()
    mailbox.clear()
    [reached] = background(services.escalate_by_hand, communication, user=network.poc_mx, now=SENT_AT + HOUR)
    assert reached.contact == network.ke_diplomat
    assert mailbox.to("wk@mfa.ke.example.org")
    assert communication.events.filter(kind=EventKind.ESCALATED_BY_HAND).exists()
    # The step is taken: the job does not take it again at the deadline.
    mailbox.clear()
    services.run_due_actions(SENT_AT + 72 * HOUR)
    assert not mailbox.to("wk@mfa.ke.example.org")
    assert ScheduledAction.objects.get(communication=communication, kind=ActionKind.ESCALATION, step=1).done_at


def test_the_ladder_is_data_of_the_directory(network, send, run_jobs, mailbox):
    services.set_ladder(network.directory, [("coordinator", 6)])
    communication = send()
    run_jobs(SENT_AT + 77 * HOUR)
    assert not mailbox.to("coord@ke.example.org")
    run_jobs(SENT_AT + 78 * HOUR)
    assert mailbox.to("coord@ke.example.org")
    communication.refresh_from_db()
    assert communication.status == CommunicationStatus.SENT


def test_changing_the_ladder_does_not_change_a_communication_under_way(network, send, run_jobs, mailbox):
    send()
    services.set_ladder(network.directory, [("coordinator", 0)])
    run_jobs(SENT_AT + 72 * HOUR)
    assert mailbox.to("wk@mfa.ke.example.org")  # the ladder it was sent with: diplomatic PoCs first
    assert not mailbox.to("coord@ke.example.org")


def test_a_manager_edits_the_ladder_and_an_empty_ladder_is_refused(network, client):
    from django.urls import reverse

    url = reverse("communications:ladder", args=[network.directory.slug])
    client.force_login(network.manager)
    assert "The recipient State&#x27;s national coordinator" in client.get(url).content.decode()
    management = {
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "reminders-acknowledgement_at_half_time": "on",
        "reminders-acknowledgement_hours_before": "2",
        "reminders-answer_reminder_days": "5,12",
    }
    client.post(
        url,
        {
            **management,
            "steps-0-target": "technical",
            "steps-0-delay_hours": "2",
            "steps-1-target": "coordinator",
            "steps-1-delay_hours": "12",
        },
    )
    assert list(network.directory.escalation_steps.values_list("position", "target", "delay_hours")) == [
        (1, "technical", 2),
        (2, "coordinator", 12),
    ]
    refused = client.post(url, {**management, "steps-0-target": "technical", "steps-0-delay_hours": "-3"})
    assert "Give 0 or more hours." in refused.content.decode()
    emptied = client.post(
        url, {**management, "steps-0-target": "technical", "steps-0-delay_hours": "2", "steps-0-DELETE": "on"}
    )
    assert "Keep at least one step" in emptied.content.decode()
    assert network.directory.escalation_steps.count() == 2


def test_the_coordinator_reached_by_escalation_acknowledges_from_its_link(network, send, run_jobs, mailbox, client):
    from communications.tests.conftest import ack_link_in

    communication = send()
    run_jobs(SENT_AT + 96 * HOUR)
    [to_coordinator] = mailbox.to("coord@ke.example.org")
    client.post(ack_link_in(plain(to_coordinator)))
    communication.refresh_from_db()
    assert communication.status == CommunicationStatus.ACKNOWLEDGED
    assert communication.events.get(kind=EventKind.ACKNOWLEDGED).detail == str(network.coordinator_ke)


def test_a_directory_sets_its_own_reminder_times(network, send, client):
    from django.urls import reverse

    client.force_login(network.manager)
    client.post(
        reverse("communications:ladder", args=[network.directory.slug]),
        {
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-target": "diplomatic",
            "steps-0-delay_hours": "0",
            "reminders-acknowledgement_hours_before": "12",
            "reminders-answer_reminder_days": "10",
        },
    )
    communication = send()
    reminders = communication.actions.exclude(kind=ActionKind.ESCALATION).values_list("kind", "due_at")
    assert list(reminders) == [
        (ActionKind.ACKNOWLEDGEMENT_REMINDER, SENT_AT + 60 * HOUR),
        (ActionKind.ANSWER_REMINDER, SENT_AT + 10 * DAY),
    ]


def test_malformed_reminder_days_are_refused_with_a_clear_message(network, client):
    from django.urls import reverse

    client.force_login(network.manager)
    response = client.post(
        reverse("communications:ladder", args=[network.directory.slug]),
        {
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-target": "diplomatic",
            "steps-0-delay_hours": "0",
            "reminders-acknowledgement_hours_before": "2",
            "reminders-answer_reminder_days": "five, twelve",
        },
    )
    assert "Give whole numbers of days separated by commas, e.g. 3,7." in response.content.decode()
    assert not ReminderSchedule.objects.exists()


def test_a_job_that_ran_late_sends_one_reminder_not_every_missed_one(network, send, run_jobs, mailbox):
    communication = send()
    mailbox.clear()
    run_jobs(SENT_AT + 71 * HOUR)
    assert len(mailbox.to("desk@ke-cirt.ke.example.org")) == 1
    assert communication.events.filter(kind=EventKind.REMINDER).count() == 1
