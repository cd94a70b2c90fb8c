"""A point of contact answers a ping in a real browser, from the e-mail that arrived over SMTP."""

import pytest
from playwright.sync_api import expect

from directory.tests.factories import ContactFactory, DirectoryFactory, InstitutionFactory, NominationFactory, state
from directory.tests.test_browser import browser, page  # noqa: F401  (shared browser fixtures)
from pings import services
from pings.models import Channel, Ping, PingStatus
from pings.tests.conftest import link_in


@pytest.mark.browser
def test_a_point_of_contact_follows_the_emailed_link_and_confirms(page, live_server, mailbox, settings):  # noqa: F811
    settings.SITE_URL = live_server.url
    mexico = state("MEX")
    directory = DirectoryFactory(slug="oas", name="OAS network", states=[mexico])
    contact = ContactFactory(
        institution=InstitutionFactory(state=mexico, name="CSIRT MX"),
        name="Mesa de Guardia",
        email="guardia@csirt.mx.example.org",
    )
    NominationFactory(directory=directory, contact=contact)
    services.start_round(directory, trigger="manual")  # committed: the worker's tasks run at once here

    [message] = mailbox.to("guardia@csirt.mx.example.org")
    page.goto(live_server.url + link_in(message))
    expect(page.get_by_role("heading", name="Confirm your details")).to_be_visible()
    expect(page.get_by_text("guardia@csirt.mx.example.org")).to_be_visible()
    assert Ping.objects.get().status == PingStatus.PENDING  # opening the page confirmed nothing

    page.get_by_label("Reachable, and the data above is correct").check()
    page.get_by_label("I confirm that this mailbox is monitored").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    ping = Ping.objects.get()
    assert (ping.status, ping.channel, ping.mailbox_attested) == (PingStatus.CONFIRMED, Channel.LINK, True)
