"""One journey in a real browser: Mexico's technical PoC sends, Kenya's desk acknowledges from the e-mail,
Kenya's diplomatic PoC answers."""

import pytest
from playwright.sync_api import expect

from communications.models import Communication, CommunicationStatus
from communications.tests.conftest import ack_link_in, plain
from enlace.testing.browser import new_context, sign_in


@pytest.mark.browser
def test_send_receive_acknowledge_and_answer(browser, live_server, network, mailbox, settings):
    settings.SITE_URL = live_server.url
    contexts = []

    def new_page():
        """A browser of its own for each person (own cookies)."""
        context = new_context(browser, live_server.url)
        contexts.append(context)
        return context.new_page()

    # Send.
    sender = new_page()
    sign_in(sender, network.poc_mx)
    sender.get_by_role("link", name="Communications").click()
    sender.get_by_role("link", name="New communication").click()
    # Mexico takes part in two directories: the template is the UN directory's.
    un_templates = sender.get_by_role("region", name=network.directory.name)
    un_templates.get_by_role("link", name="ICT incident notification").click()
    sender.get_by_label("To State").select_option(label="Kenya")
    sender.get_by_label("Technical points of contact").check()
    sender.get_by_label("TLP label").select_option(label="TLP:RED")
    # The page says at once who would receive it, and that without a key no one can under TLP:RED.
    expect(sender.get_by_text("KE-CIRT Desk – no usable OpenPGP key")).to_be_visible()
    sender.get_by_label("TLP label").select_option(label="TLP:GREEN")
    expect(sender.get_by_text("no usable OpenPGP key")).to_have_count(0)
    sender.get_by_label("Urgency").select_option(label="High")
    sender.get_by_label("Incident start (UTC)").fill("2026-11-02T06:30")
    sender.get_by_label("Detected at (UTC)").fill("2026-11-02T07:10")
    sender.get_by_label("Incident type").select_option(label="Denial of service (DDoS)")
    sender.get_by_label("Banking and finance").check()
    sender.get_by_label("Systems or services concerned").fill("Interbank payment gateway unreachable")
    sender.get_by_label("Requested action").fill("Please block the sources in your networks")
    sender.get_by_role("button", name="Send").click()
    expect(sender.get_by_text("Sent. Its deadlines and timeline are below.")).to_be_visible()
    expect(sender.get_by_text("Awaiting acknowledgement")).to_be_visible()
    communication = Communication.objects.get()

    # Receive and acknowledge from the e-mailed link (no sign-in needed: the link is the credential).
    [message] = mailbox.to("desk@ke-cirt.ke.example.org")
    assert "Interbank payment gateway unreachable" in plain(message)
    desk = new_page()
    desk.goto(ack_link_in(plain(message)))
    expect(desk.get_by_role("heading", name="Acknowledge receipt")).to_be_visible()
    desk.get_by_role("button", name="Acknowledge receipt").click()
    expect(desk.get_by_role("heading", name="Thank you")).to_be_visible()
    communication.refresh_from_db()
    assert communication.status == CommunicationStatus.ACKNOWLEDGED

    # Answer, as Kenya's diplomatic PoC, from the inbox.
    diplomat = new_page()
    sign_in(diplomat, network.poc_ke_diplomat)
    diplomat.get_by_role("link", name="Communications").click()
    diplomat.get_by_role("link", name="Inbox").click()
    diplomat.get_by_role("link", name="ICT incident notification").click()
    expect(diplomat.get_by_text("Interbank payment gateway unreachable")).to_be_visible()
    diplomat.get_by_role("link", name="Answer").click()
    diplomat.get_by_label("Status of the request").select_option(label="Request met")
    diplomat.get_by_label("Text of the answer").fill("Sources blocked at our exchange point")
    diplomat.get_by_role("button", name="Send").click()
    expect(diplomat.get_by_text("Sent. Its deadlines and timeline are below.")).to_be_visible()

    communication.refresh_from_db()
    assert communication.status == CommunicationStatus.ANSWERED
    # The sender sees the answer threaded on its communication.
    sender.reload()
    expect(sender.get_by_text("Answered", exact=True).first).to_be_visible()
    sender.get_by_role("link", name="Answer to a communication").click()
    expect(sender.get_by_text("Sources blocked at our exchange point")).to_be_visible()
    for context in contexts:
        context.close()
