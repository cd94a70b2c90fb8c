"""A yearly e-mail reminds coordinators of their State's documents not reviewed for twelve months."""

from datetime import timedelta

from django.utils import timezone

from enlace.testing.factories import DocumentFactory
from repository import tasks
from repository.choices import DocumentStatus
from repository.services import send_review_reminders


def _run(background, today):
    return background(send_review_reminders, today)


def test_a_document_not_reviewed_for_a_year_earns_its_coordinator_a_reminder(network, mailbox, background):
    today = timezone.localdate()
    DocumentFactory(state=network.mexico, name="Estrategia 2019", reviewed_on=today - timedelta(days=366))
    DocumentFactory(state=network.mexico, name="Ley reciente", reviewed_on=today - timedelta(days=30))
    assert _run(background, today) == 1
    [message] = mailbox.to("coord@mx.example.org")
    text = message.get_body(("plain",)).get_content()
    assert "Estrategia 2019" in text and "Ley reciente" not in text
    assert "/documents/" in message.get_body(("html",)).get_content()
    assert mailbox.to("coord@ke.example.org") == []


def test_the_reminder_goes_once_a_year_not_every_day(network, mailbox, background):
    today = timezone.localdate()
    DocumentFactory(state=network.mexico, reviewed_on=today - timedelta(days=400))
    _run(background, today)
    assert _run(background, today + timedelta(days=1)) == 0
    assert _run(background, today + timedelta(days=365)) == 1
    assert len(mailbox.to("coord@mx.example.org")) == 2


def test_superseded_documents_need_no_review(network, mailbox, background):
    newer = DocumentFactory(state=network.mexico)
    DocumentFactory(
        state=network.mexico,
        reviewed_on=timezone.localdate() - timedelta(days=400),
        status=DocumentStatus.SUPERSEDED,
        superseded_by=newer,
    )
    assert _run(background, timezone.localdate()) == 0


def test_the_reminder_is_a_periodic_job(network, background):
    DocumentFactory(state=network.mexico, reviewed_on=timezone.localdate() - timedelta(days=400))
    assert background(tasks.send_review_reminders.call) == 1
