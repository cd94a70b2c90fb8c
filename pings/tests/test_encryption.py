"""Contacts with an OpenPGP key get their ping encrypted; keys about to expire are flagged."""

import email
import email.policy

from mail.models import OutboundEmail
from mail.openpgp import read_public_key
from mail.tests.keys import make_key_pair
from pings.models import Ping, PingStatus
from pings.tests.conftest import LINK


def give_key(contact, keys) -> None:
    info = read_public_key(keys.public)
    contact.pgp_key, contact.pgp_fingerprint, contact.pgp_expires = keys.public, info.fingerprint, info.expires
    contact.save()


def test_a_contact_with_a_key_gets_an_encrypted_ping_it_can_follow(client, network, start, mailbox):
    keys = make_key_pair("lq@sre.mx.example.org")
    give_key(network.mexico_diplomat, keys)
    ping_round = start(network.directory)
    [message] = mailbox.to("lq@sre.mx.example.org")
    assert message.get_content_type() == "multipart/encrypted"
    assert "/ping/" not in message.as_string()
    _control, payload = message.iter_parts()
    inner = email.message_from_string(keys.decrypt(payload.get_payload()), policy=email.policy.default)
    link = "/ping/" + LINK.search(inner.get_body(("plain",)).get_content()).group(1) + "/"
    client.post(link, {"answer": "correct", "attest": "on"})
    ping = Ping.objects.get(round=ping_round, contact=network.mexico_diplomat)
    assert ping.encrypted
    assert ping.status == PingStatus.CONFIRMED
    # Other contacts without keys are sent in clear, as before.
    assert mailbox.to("desk@ke-cirt.ke.example.org")[0].get_content_type() == "multipart/alternative"
    assert not Ping.objects.get(round=ping_round, contact=network.kenya_desk).encrypted


def test_a_key_expiring_before_the_next_round_is_flagged_to_the_contact_and_the_coordinator(network, start, mailbox):
    keys = make_key_pair("lq@sre.mx.example.org", expire="30d")
    give_key(network.mexico_diplomat, keys)
    start(network.directory)
    [ping_message] = mailbox.to("lq@sre.mx.example.org")
    _control, payload = ping_message.iter_parts()
    inner = keys.decrypt(payload.get_payload())
    assert (
        "expires before the next ping test"
        in email.message_from_string(inner, policy=email.policy.default).get_body(("plain",)).get_content()
    )
    [notice] = mailbox.to("coord@mx.example.org")
    assert "Lucía Quiroga" in notice.get_body(("plain",)).get_content()
    assert not mailbox.to("coord@ke.example.org")


def test_no_ping_text_is_stored_in_clear_for_an_encrypted_contact(network, start):
    give_key(network.mexico_diplomat, make_key_pair("lq@sre.mx.example.org"))
    start(network.directory)
    for row in OutboundEmail.objects.filter(to_address="lq@sre.mx.example.org").values("body_text", "body_html"):
        assert row == {"body_text": "", "body_html": ""}


def test_an_encrypted_ping_has_a_neutral_outer_subject_and_its_real_subject_protected_inside(network, start, mailbox):
    keys = make_key_pair("lq@sre.mx.example.org")
    give_key(network.mexico_diplomat, keys)
    start(network.directory)
    [message] = mailbox.to("lq@sre.mx.example.org")
    assert message["Subject"] == "Enlace: encrypted message"
    [clear] = mailbox.to("desk@ke-cirt.ke.example.org")
    _control, payload = message.iter_parts()
    inner = email.message_from_string(keys.decrypt(payload.get_payload()), policy=email.policy.default)
    assert inner.get_param("protected-headers") == "v1"
    # The same subject a contact without a key reads in clear.
    assert inner["Subject"] == clear["Subject"]
    assert network.directory.name in inner["Subject"]
