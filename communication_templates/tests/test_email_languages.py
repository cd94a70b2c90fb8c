"""Every e-mail Enlace sends reaches its reader in the reader's language, whoever made it go.

One e-mail of each kind is sent by the services themselves (pings and their reminders, the round's notices,
communications, their reminders and escalations, the news to the sender, the yearly review reminder, an
invitation, allauth's password reset) over the real SMTP server to readers of each of the seven languages: a
contact by its operating languages (``mail.languages.recipient_language``), an account by the language it
reads Enlace in (``mail.languages.account_language``). The English fixed texts of each kind (the
catalogue's messages found in the English e-mail) must not be found in any other language's.
"""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from communication_templates.defaults import INCIDENT_NOTIFICATION
from communications import services as communications
from directory.choices import RoleKind
from directory.models import Contact
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    DocumentFactory,
    InstitutionFactory,
    NominationFactory,
    coordinator_of,
    manager_of,
    point_of_contact,
    state,
)
from enlace.tests.english_left import english_texts_in, still_english
from mail.mime import language_tag
from pings import services as pings
from pings.models import Channel, Ping, RoundTrigger
from repository import services as repository

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SENT_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)

INCIDENT = {
    "incident_start": "2026-11-02T06:30:00Z",
    "detected_at": "2026-11-02T07:10:00Z",
    "incident_type": "ddos",
    "affected_sectors": ["finance", "telecoms"],
    "systems_concerned": "Pasarela 7",
    "link_to_recipient": "",
    "technical_indicators": "198.51.100.0/24",
    "requested_action": "Bloqueo 7",
}


def _everyone(language: str) -> dict:
    """A directory whose every reader (contacts and accounts) reads ``language``; addresses name the language."""
    tag = language.replace("-", "")
    sender_state, recipient_state = state("MEX"), state("KEN")
    directory = DirectoryFactory(slug=f"net-{tag}", name=f"Red {tag}", states=[sender_state, recipient_state])

    def contact(country, kind, name):
        person = ContactFactory(
            institution=InstitutionFactory(state=country, name=f"{name} {tag}"),
            name=f"{name} {tag}",
            email=f"{name.lower()}.{tag}@example.org",
            languages=[language.split("-")[0]],
        )
        NominationFactory(directory=directory, contact=person, role=directory.roles.get(kind=kind))
        return person

    readers = {
        "desk": contact(recipient_state, RoleKind.TECHNICAL, "Desk"),
        "diplomat": contact(recipient_state, RoleKind.DIPLOMATIC, "Diplomat"),
        "sender_desk": contact(sender_state, RoleKind.TECHNICAL, "Guardia"),
    }
    readers["sender"] = point_of_contact(readers["sender_desk"], email=f"sender.{tag}@example.org", language=language)
    readers["coordinator"] = coordinator_of(recipient_state, email=f"coord.{tag}@example.org", language=language)
    readers["sender_coordinator"] = coordinator_of(sender_state, email=f"coordmx.{tag}@example.org", language=language)
    readers["manager"] = manager_of(directory, email=f"manager.{tag}@example.org", language=language)
    # The inviter reads English: the invitation is nonetheless in the invited contact's language.
    readers["inviter"] = coordinator_of(recipient_state, email=f"inviter.{tag}@example.org", language="en")
    readers["invited"] = ContactFactory(
        institution=InstitutionFactory(state=recipient_state, name=f"Invitado {tag}"),
        name=f"Invitado {tag}",
        email=f"invited.{tag}@example.org",
        languages=[language.split("-")[0]],
    )
    readers["invited_address"] = f"invited.{tag}@example.org"
    return {"directory": directory, "sender_state": sender_state, "recipient_state": recipient_state, **readers}


def _send_every_kind(language: str, background, client, mailbox) -> dict[str, object]:
    """One e-mail of each kind to a reader of ``language``, sent by the services; each kind's message."""
    world = _everyone(language)
    directory, desk, diplomat = world["directory"], world["desk"], world["diplomat"]
    received: dict[str, object] = {}

    def take(kind: str, reader) -> None:
        address = reader.email if hasattr(reader, "email") else reader.emails.first().address
        messages = mailbox.to(address)
        assert messages, f"no {kind} e-mail reached {address}"
        received[kind] = messages[-1]
        mailbox.clear()

    # Pings: the Kenyan diplomat's key has expired (its coordinator hears of it); the desk reports changes.
    Contact.objects.filter(pk=diplomat.pk).update(
        pgp_key="-----BEGIN PGP PUBLIC KEY BLOCK-----", pgp_fingerprint="A" * 40, pgp_expires=SENT_AT - 24 * HOUR
    )
    mailbox.clear()
    ping_round = background(pings.start_round, directory, trigger=RoundTrigger.MANUAL)
    ping_round.refresh_from_db()
    received["keys_expiring"] = mailbox.to(world["coordinator"].email)[-1]
    take("ping", desk)
    background(pings.send_reminders, ping_round.closes_at - HOUR)
    take("ping_reminder", desk)
    background(
        pings.answer,
        Ping.objects.get(round=ping_round, contact=desk),
        pings.Answer(correct=False, channel=Channel.LINK, changes="+254 700 000 000"),
    )
    take("changes_reported", world["manager"])
    background(pings.close_round, ping_round, ping_round.closes_at + HOUR)
    take("unreachable_digest", world["coordinator"])
    background(pings.start_due_rounds, ping_round.started_at + timedelta(days=400))
    take("round_started_on_schedule", world["manager"])

    # Communications: sent, reminded, escalated to the diplomat, then to the coordinator; acknowledged.
    template = directory.communication_templates.get(key=INCIDENT_NOTIFICATION)
    draft = communications.Draft(
        directory=directory,
        version=template.current_version,
        sender_state=world["sender_state"],
        recipient_state=world["recipient_state"],
        audience=RoleKind.TECHNICAL.value,
        tlp="green",
        urgency="high",
        language="es",
        values=dict(INCIDENT),
    )
    communication = background(communications.send, draft, user=world["sender"], now=SENT_AT)
    take("communication", desk)
    background(communications.run_due_actions, SENT_AT + 36 * HOUR)
    take("communication_reminder", desk)
    background(communications.run_due_actions, SENT_AT + 72 * HOUR)
    received["escalated"] = mailbox.to(world["sender"].email)[-1]
    take("escalation", diplomat)
    background(communications.acknowledge, communication, user=None, recipient=communication.recipients.first())
    take("acknowledged", world["sender"])

    # The yearly review of a State's policy documents.
    DocumentFactory(state=world["recipient_state"], name=f"Estrategia {language}")
    background(repository.send_review_reminders, date.today() + timedelta(days=400))
    take("review_reminder", world["coordinator"])

    # An invitation, sent by a coordinator reading English, and a password reset asked for in English.
    client.force_login(world["inviter"])
    background(
        client.post,
        reverse("accounts:state_users", args=[world["recipient_state"].iso3]),
        {
            "email": f"invited.{language.replace('-', '')}@example.org",
            "role": Role.POINT_OF_CONTACT,
            "contact": world["invited"].pk,
        },
    )
    take("invitation", world["invited"])
    client.logout()
    background(client.post, reverse("account_reset_password"), {"email": world["coordinator"].email})
    take("password_reset", world["coordinator"])
    return received


def _text(message) -> str:
    return " ".join(message.get_body(("plain",)).get_content().split())


def _html(message) -> str:
    part = message.get_body(("html",))
    return part.get_content() if part is not None else ""


def _readable(message) -> str:
    """What a reader reads: the subject, the text and the HTML part's text, spaces collapsed, addresses left out."""
    html = re.sub(r"<[^>]+>", " ", _html(message))
    readable = f"{message['Subject']} {_text(message)} {html}"
    return " ".join(re.sub(r"\S*/\S*|\S+@\S+", " ", readable).split())


@pytest.fixture(scope="module")
def english():
    """Filled by the English run: each kind's message, to learn which English texts each kind carries."""
    return {}


KINDS = [
    "ping",
    "ping_reminder",
    "keys_expiring",
    "changes_reported",
    "unreachable_digest",
    "round_started_on_schedule",
    "communication",
    "communication_reminder",
    "escalation",
    "escalated",
    "acknowledged",
    "review_reminder",
    "invitation",
    "password_reset",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_email_reaches_its_reader_in_the_readers_language(
    db, language, background, client, mailbox, english
):
    received = _send_every_kind(language, background, client, mailbox)
    if not english:
        english.update(_send_every_kind("en", background, client, mailbox) if language != "en" else received)
    assert sorted(received) == sorted(KINDS)

    for kind, message in received.items():
        assert message["Content-Language"] == language_tag(language), kind
        html = _html(message)
        if html:
            assert f'lang="{language}"' in html, kind
            assert ('dir="rtl"' in html) == (language == "ar"), kind
        if language == "en":
            continue
        left = still_english(_readable(message), english_texts_in(_readable(english[kind]), language))
        assert not left, f"{kind} in {language} still reads in English: {left}"


def test_english_fixed_texts_are_found_in_the_english_emails(db, background, client, mailbox):
    """The check above has something to find: each kind's English texts are many, and include its subject."""
    received = _send_every_kind("en", background, client, mailbox)
    for kind, message in received.items():
        texts = english_texts_in(_readable(message), "es")
        assert len(texts) >= 2, (kind, texts)


def test_phone_numbers_codes_and_times_keep_left_to_right_in_an_arabic_email(db, background, client, mailbox):
    received = _send_every_kind("ar", background, client, mailbox)
    assert re.search(r'<bdi dir="ltr">[A-Z2-9]{5}-[A-Z2-9]{5}</bdi>', _html(received["ping"]))
    assert '<bdi dir="ltr">2026-11-02 09:00 UTC</bdi>' in _html(received["communication"])
    assert f'<bdi dir="ltr"><code>{"A" * 40}</code></bdi>' in _html(received["keys_expiring"])
