"""A point of contact answers a ping in a real browser, from the e-mail that arrived over SMTP."""

import re

import pytest
from playwright.sync_api import expect

from enlace.testing.browser import new_context, sign_in, tab_to
from enlace.testing.factories import ContactFactory, DirectoryFactory, InstitutionFactory, NominationFactory, state
from pings import listing, services
from pings.models import Channel, Ping, PingStatus
from pings.tests.conftest import link_in
from pings.tests.rounds import closed_round, member, ping


@pytest.mark.browser
def test_a_point_of_contact_follows_the_emailed_link_and_confirms(page, live_server, mailbox, settings):
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


@pytest.mark.browser
def test_a_coordinator_sorts_and_pages_a_round_by_keyboard_on_a_narrow_screen(
    page, coordinator_with_secret, monkeypatch
):
    monkeypatch.setattr(listing, "PER_PAGE", 2)
    coordinator, secret = coordinator_with_secret
    directory = DirectoryFactory(slug="oas", name="OAS network", states=[state("MEX")])
    ping_round = closed_round(directory)
    for name in ("Ana Flores", "Bruno Díaz", "Carla Ruiz"):
        ping(ping_round, member(directory, "MEX", name=name))

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, coordinator, totp_secret=secret)
    page.goto(ping_round.get_absolute_url())
    total = page.locator("#total")
    expect(total).to_have_text("1–2 of 3 pings")
    table = page.locator("#pings")

    # The contact column, once ascending, then again for descending.
    for direction in ("ascending", "descending"):
        tab_to(page, table.get_by_role("link", name="Contact", exact=True))
        page.keyboard.press("Enter")
        expect(table.get_by_role("columnheader", name="Contact")).to_have_attribute("aria-sort", direction)
    expect(page).to_have_url(re.compile(r"[?&]sort=-name(&|$)"))
    expect(table.locator("tbody tr").first).to_contain_text("Carla Ruiz")

    next_link = page.get_by_role("navigation", name="Pages of pings").get_by_role("link", name="Next")
    tab_to(page, next_link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?sort=-name&page=2$"))
    expect(total).to_have_text("3–3 of 3 pings")
    expect(table.get_by_role("link", name="Ana Flores")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Contact")).to_have_attribute("aria-sort", "descending")
    # The table scrolls inside its own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
def test_on_a_phone_in_spanish_a_point_of_contact_answers_with_the_keyboard(browser, live_server, mailbox, settings):
    settings.SITE_URL = live_server.url
    mexico = state("MEX")
    directory = DirectoryFactory(slug="oas", name="OAS network", states=[mexico])
    contact = ContactFactory(
        institution=InstitutionFactory(state=mexico, name="CSIRT MX"),
        email="guardia@csirt.mx.example.org",
        languages=["es"],  # the page opens in the ping's language, the contact's
    )
    NominationFactory(directory=directory, contact=contact)
    services.start_round(directory, trigger="manual")
    [message] = mailbox.to("guardia@csirt.mx.example.org")

    context = new_context(browser, live_server.url, locale="es", viewport={"width": 375, "height": 800})
    phone = context.new_page()
    try:
        phone.goto(live_server.url + link_in(message))
        expect(phone.get_by_role("heading", name="Confirme sus datos")).to_be_visible()
        expect(phone.get_by_text("guardia@csirt.mx.example.org")).to_be_visible()
        # Nothing runs off the side of a phone's screen.
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        tab_to(phone, phone.get_by_label("Localizable, y los datos que figuran arriba son correctos"))
        phone.keyboard.press("Space")
        tab_to(phone, phone.get_by_label("Confirmo que este buzón se supervisa y que los mensajes que recibe se leen."))
        phone.keyboard.press("Space")
        tab_to(phone, phone.get_by_role("button", name="Enviar mi respuesta"))
        phone.keyboard.press("Enter")
        expect(phone.get_by_role("heading", name="Gracias")).to_be_visible()
    finally:
        context.close()
    ping = Ping.objects.get()
    assert (ping.status, ping.channel, ping.mailbox_attested) == (PingStatus.CONFIRMED, Channel.LINK, True)
