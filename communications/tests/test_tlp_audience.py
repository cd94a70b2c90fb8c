"""Under TLP:AMBER, AMBER+STRICT and RED only the people a communication was sent to (and its sender's side) see
it, acknowledge it and answer it; under CLEAR and GREEN both States' members do, as before."""

import pytest
from django.urls import reverse

from communications import services
from communications.models import Communication, CommunicationStatus, EscalationTarget
from communications.tests.conftest import SENT_AT, _contact, give_key
from directory.choices import RoleKind
from enlace.testing.factories import point_of_contact
from mail.tests.keys import make_key_pair

RESTRICTED = ("amber", "amber_strict", "red")
STATE_WIDE = ("clear", "green")
LISTS = ("communications:inbox", "communications:needs_action", "communications:sent")


@pytest.fixture(scope="module")
def keys():
    return make_key_pair("desk@ke-cirt.ke.example.org")


def sees(client, user, communication) -> bool:
    client.force_login(user)
    detail = client.get(communication.get_absolute_url()).status_code
    listed = [communication.get_absolute_url() in client.get(reverse(name)).content.decode() for name in LISTS]
    api_detail = client.get(reverse("api:communication-detail", args=[communication.code])).status_code
    api_list = client.get(reverse("api:communication-list")).json()["results"]
    in_api_list = str(communication.code) in {row["code"] for row in api_list}
    assert detail in (200, 404)
    # The page, the lists and the API agree.
    assert {detail == 200, any(listed), api_detail == 200, in_api_list} in ({True}, {False})
    return detail == 200


def may_act(client, user, communication) -> bool:
    """Whether the answer page opens and the acknowledgement is recorded (tried last: it changes the status)."""
    client.force_login(user)
    answer = client.get(reverse("communications:answer", args=[communication.code])).status_code
    client.post(reverse("communications:acknowledge", args=[communication.code]))
    acknowledged = Communication.objects.get(pk=communication.pk).status == CommunicationStatus.ACKNOWLEDGED
    assert (answer == 200) == acknowledged
    return acknowledged


@pytest.fixture
def message(network, send, keys):
    give_key(network.ke_desk, keys)

    def run(tlp):
        return send(tlp=tlp)

    return run


@pytest.mark.parametrize("tlp", RESTRICTED)
def test_a_recipient_state_poc_who_was_not_addressed_neither_sees_acknowledges_nor_answers(
    network, message, client, tlp
):
    communication = message(tlp)
    assert not sees(client, network.poc_ke_diplomat, communication)
    assert not may_act(client, network.poc_ke_diplomat, communication)
    assert not communication.events.exclude(kind="sent").exists()


@pytest.mark.parametrize("tlp", STATE_WIDE)
def test_under_clear_and_green_every_poc_of_the_recipient_state_sees_acknowledges_and_answers(
    network, message, client, tlp
):
    communication = message(tlp)
    assert sees(client, network.poc_ke_diplomat, communication)
    assert may_act(client, network.poc_ke_diplomat, communication)


@pytest.mark.parametrize("tlp", RESTRICTED + STATE_WIDE)
def test_an_addressee_sees_acknowledges_and_answers(network, message, client, tlp):
    communication = message(tlp)
    assert sees(client, network.poc_ke, communication)
    assert may_act(client, network.poc_ke, communication)


@pytest.mark.parametrize("tlp", RESTRICTED)
def test_the_recipient_states_coordinator_sees_it_only_once_escalated_to(network, message, client, background, tlp):
    communication = message(tlp)
    assert not sees(client, network.coordinator_ke, communication)
    background(services.escalate, communication, 2, EscalationTarget.COORDINATOR, now=SENT_AT)
    assert sees(client, network.coordinator_ke, communication)
    assert may_act(client, network.coordinator_ke, communication)


@pytest.mark.parametrize("tlp", RESTRICTED)
def test_a_poc_reached_by_escalation_sees_acknowledges_and_answers(network, message, client, background, keys, tlp):
    communication = message(tlp)
    background(services.escalate, communication, 1, EscalationTarget.DIPLOMATIC, now=SENT_AT)
    assert sees(client, network.poc_ke_diplomat, communication)
    assert may_act(client, network.poc_ke_diplomat, communication)


@pytest.mark.parametrize("tlp", RESTRICTED)
def test_on_the_sending_side_the_sender_and_its_coordinator_see_it_and_other_pocs_do_not(network, message, client, tlp):
    communication = message(tlp)
    colleague = point_of_contact(
        _contact(network.mexico, "SRE", "Ana Ruiz", "ar@sre.mx.example.org", RoleKind.DIPLOMATIC, network.directory)
    )
    assert sees(client, network.poc_mx, communication)
    assert sees(client, network.coordinator_mx, communication)
    assert not sees(client, colleague, communication)
    client.force_login(colleague)
    assert client.post(reverse("communications:escalate", args=[communication.code])).status_code == 404
    client.force_login(network.coordinator_mx)
    assert (
        client.post(reverse("communications:escalate", args=[communication.code]), {"confirm": "yes"}).status_code
        == 302
    )
    assert communication.events.filter(kind="escalated_by_hand").exists()


@pytest.mark.parametrize("tlp", STATE_WIDE)
def test_under_clear_and_green_every_member_of_the_sending_state_sees_it(network, message, client, tlp):
    communication = message(tlp)
    colleague = point_of_contact(
        _contact(network.mexico, "SRE", "Ana Ruiz", "ar@sre.mx.example.org", RoleKind.DIPLOMATIC, network.directory)
    )
    assert sees(client, colleague, communication)


@pytest.mark.parametrize("tlp", RESTRICTED)
def test_an_answer_is_seen_by_its_recipients_and_the_original_senders_side_only(
    network, message, client, background, keys, tlp
):
    original = message(tlp)
    give_key(network.mx_desk, keys)
    colleague = point_of_contact(
        _contact(network.mexico, "SRE", "Ana Ruiz", "ar@sre.mx.example.org", RoleKind.DIPLOMATIC, network.directory)
    )
    draft = services.Draft(
        **services.answer_draft(original, sender_state=network.kenya),
        audience="technical",
        tlp=tlp,
        urgency="high",
        language="en",
        values={},
    )
    answer = background(services.send, draft, user=network.poc_ke, now=SENT_AT)
    assert sees(client, network.poc_mx, answer)
    assert sees(client, network.coordinator_mx, answer)
    assert sees(client, network.poc_ke, answer)
    assert not sees(client, network.poc_ke_diplomat, answer)
    assert not sees(client, colleague, answer)


def test_an_addressee_of_an_answer_who_cannot_see_the_original_is_not_linked_to_it(
    network, message, client, background, keys
):
    original = message("red")
    colleague_contact = _contact(
        network.mexico, "SRE", "Ana Ruiz", "ar@sre.mx.example.org", RoleKind.DIPLOMATIC, network.directory
    )
    give_key(colleague_contact, keys)
    colleague = point_of_contact(colleague_contact)
    draft = services.Draft(
        **services.answer_draft(original, sender_state=network.kenya),
        audience="diplomatic",
        tlp="red",
        urgency="high",
        language="en",
        values={},
    )
    answer = background(services.send, draft, user=network.poc_ke, now=SENT_AT)
    assert sees(client, colleague, answer)
    assert not sees(client, colleague, original)
    client.force_login(colleague)
    assert original.get_absolute_url() not in client.get(answer.get_absolute_url()).content.decode()
    client.force_login(network.poc_mx)
    assert original.get_absolute_url() in client.get(answer.get_absolute_url()).content.decode()
