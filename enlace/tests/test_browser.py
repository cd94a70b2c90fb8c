"""Every page on a phone and by keyboard, in a real browser (headless Chromium: ``enlace.testing.browser``).

Below the md breakpoint the navigation folds behind a menu button that opens by keyboard; no page scrolls
sideways at 375 px (a wide table scrolls in its own box); a focused control shows a ring that stands out
at least 3:1 from what it is drawn on, on the white page and on the dark navigation bar.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import Page, expect

from directory.models import Institution
from enlace.testing.browser import is_focused, sign_in, tab_to
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    UserFactory,
    state,
)
from pings.tests.rounds import closed_round, member, ping

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
# WCAG 2.2, 1.4.11 (non-text contrast) and 2.4.13 (focus appearance): a focus ring stands out at least 3:1.
FOCUS_CONTRAST = 3.0


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def assert_none_scrolls_sideways(page: Page, pages: list[tuple[str, str]]) -> None:
    """Open each (address, text it shows) in turn: the page has loaded its content and fits the screen's width."""
    for address, shows in pages:
        page.goto(address)
        expect(page.locator("main")).to_contain_text(shows)
        assert not scrolls_sideways(page), address


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two computed CSS colours ("rgb(r, g, b)")."""

    def luminance(colour: str) -> float:
        channels = [int(value) / 255 for value in re.findall(r"\d+", colour)[:3]]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_ring(locator) -> dict:
    return locator.evaluate(
        """element => {
            const style = getComputedStyle(element);
            return {visible: element.matches(':focus-visible'), style: style.outlineStyle,
                    width: parseFloat(style.outlineWidth), colour: style.outlineColor};
        }"""
    )


def background(page: Page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).backgroundColor")


@pytest.fixture
def point_of_contact():
    """Mexico's point of contact in a directory with long names (so that its table is wider than a phone)."""
    mexico = state("MEX")
    directory = DirectoryFactory(slug="cyber-poc", name="Cyber PoC Directory", states=[mexico])
    institution = InstitutionFactory(state=mexico, name="Centro Nacional de Respuesta a Incidentes Cibernéticos")
    own = ContactFactory(institution=institution, name="Pointperson Mexico", email="pointperson@mx.example.org")
    NominationFactory(directory=directory, contact=own)
    return UserFactory(contact=own)


@pytest.mark.browser
def test_on_a_phone_the_navigation_opens_from_its_menu_button_by_keyboard(page, point_of_contact):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.set_viewport_size(PHONE)
    sign_in(page, point_of_contact)
    page.goto("/search/")
    navigation = page.get_by_role("navigation", name="Main navigation")
    menu = navigation.get_by_role("button", name="Main navigation")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation.get_by_role("link", name="Search", exact=True)).to_be_hidden()
    expect(navigation.get_by_role("button", name="Sign out")).to_be_hidden()

    tab_to(page, menu)
    page.keyboard.press("Enter")

    expect(menu).to_have_attribute("aria-expanded", "true")
    search = navigation.get_by_role("link", name="Search", exact=True)
    expect(search).to_be_visible()
    expect(navigation.get_by_role("link", name="My ping tests")).to_be_visible()
    expect(navigation.get_by_role("button", name="Sign out")).to_be_visible()
    # The menu's entries come right after its button.
    page.keyboard.press("Tab")
    assert is_focused(search)
    assert not scrolls_sideways(page)
    # Bootstrap's script runs under the page's Content Security Policy (its nonce), which refuses nothing.
    assert not [text for text in console if "Content Security Policy" in text]


@pytest.mark.browser
def test_on_a_phone_the_menu_button_closes_with_the_space_bar(page, point_of_contact):
    page.set_viewport_size(PHONE)
    sign_in(page, point_of_contact)
    page.goto("/search/")
    navigation = page.get_by_role("navigation", name="Main navigation")
    menu = navigation.get_by_role("button", name="Main navigation")
    tab_to(page, menu)
    page.keyboard.press("Space")
    expect(navigation.get_by_role("link", name="Search", exact=True)).to_be_visible()
    # The menu takes no second press while it is still opening: wait until it is open.
    expect(page.locator("#main-navigation")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))

    page.keyboard.press("Space")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation.get_by_role("link", name="Search", exact=True)).to_be_hidden()


@pytest.mark.browser
def test_on_a_wide_screen_the_navigation_shows_without_a_menu_button(page, point_of_contact):
    page.set_viewport_size(DESKTOP)
    sign_in(page, point_of_contact)
    navigation = page.get_by_role("navigation", name="Main navigation")

    expect(navigation.get_by_role("button", name="Main navigation")).to_be_hidden()
    expect(navigation.get_by_role("link", name="Search", exact=True)).to_be_visible()
    expect(navigation.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.browser
def test_a_point_of_contacts_pages_do_not_scroll_sideways_on_a_phone(page, point_of_contact):
    page.set_viewport_size(PHONE)
    sign_in(page, point_of_contact)

    assert_none_scrolls_sideways(
        page,
        [
            ("/directories/cyber-poc/", "Pointperson Mexico"),
            ("/search/?q=pointperson", "pointperson@mx.example.org"),
            (f"/contacts/{point_of_contact.contact.code}/", "Cyber PoC Directory"),
            ("/pings/mine/", "My ping tests"),
        ],
    )


@pytest.mark.browser
def test_a_coordinators_pages_do_not_scroll_sideways_on_a_phone(page, coordinator_with_secret):
    coordinator, secret = coordinator_with_secret
    mexico = state("MEX")
    directory = DirectoryFactory(slug="oas", name="OAS network", states=[mexico])
    ping_round = closed_round(directory)
    ping(ping_round, member(directory, "MEX", name="Centro Nacional de Respuesta a Incidentes Cibernéticos"))
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Institution),
        object_pk="1",
        object_repr="Secretaría de Seguridad y Protección Ciudadana",
        action=LogEntry.Action.UPDATE,
        timestamp=datetime(2026, 3, 2, 8, tzinfo=UTC) + timedelta(hours=1),
        additional_data={"state": mexico.pk},
    )
    page.set_viewport_size(PHONE)
    sign_in(page, coordinator, totp_secret=secret)

    assert_none_scrolls_sideways(
        page,
        [
            ("/directories/oas/", "Centro Nacional de Respuesta"),
            ("/search/?q=centro", "Centro Nacional de Respuesta"),
            (ping_round.get_absolute_url(), "Centro Nacional de Respuesta"),
            ("/history/", "Secretaría de Seguridad y Protección Ciudadana"),
            ("/states/MEX/", "Centro Nacional de Respuesta"),
        ],
    )


@pytest.mark.browser
def test_a_wide_table_scrolls_in_its_own_box_reached_by_keyboard(page, coordinator_with_secret):
    coordinator, secret = coordinator_with_secret
    directory = DirectoryFactory(slug="oas", name="OAS network", states=[state("MEX")])
    ping_round = closed_round(directory)
    ping(ping_round, member(directory, "MEX", name="Centro Nacional de Respuesta a Incidentes Cibernéticos"))
    page.set_viewport_size(PHONE)
    sign_in(page, coordinator, totp_secret=secret)
    page.goto(ping_round.get_absolute_url())

    region = page.get_by_role("region", name="Pings of this round")
    tab_to(page, region)
    page.keyboard.press("ArrowRight")

    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    page.wait_for_function("box => box.scrollLeft > 0", arg=region.element_handle())
    assert not scrolls_sideways(page)


@pytest.mark.browser
def test_a_focused_button_shows_a_ring_that_stands_out_on_the_page_and_on_the_navigation_bar(page):
    page.set_viewport_size(DESKTOP)
    page.goto("/accounts/login/")

    for button, drawn_on in [
        (page.get_by_role("button", name="Change"), ".bg-enlace"),  # light outline button on the dark bar
        (page.locator("form").filter(has=page.locator("input[name=login]")).locator("button[type=submit]"), "body"),
    ]:
        tab_to(page, button)
        ring = focus_ring(button)

        assert ring["visible"]
        assert ring["style"] != "none"
        assert ring["width"] >= 2
        assert contrast(ring["colour"], background(page, drawn_on)) >= FOCUS_CONTRAST, (ring, drawn_on)


@pytest.mark.browser
def test_a_focused_field_and_navigation_link_show_a_ring_that_stands_out(page, point_of_contact):
    page.set_viewport_size(DESKTOP)
    sign_in(page, point_of_contact)
    page.goto("/search/")
    navigation = page.get_by_role("navigation", name="Main navigation")

    for control, drawn_on in [
        (navigation.get_by_role("link", name="Search", exact=True), ".bg-enlace"),
        (navigation.get_by_role("button", name="Sign out"), ".bg-enlace"),  # a link-styled button
        (page.get_by_label("Language"), ".bg-enlace"),
        (page.locator("main input[type=search], main input[name=q]").first, "body"),
    ]:
        tab_to(page, control)
        ring = focus_ring(control)

        assert ring["style"] != "none" and ring["width"] >= 2, ring
        assert contrast(ring["colour"], background(page, drawn_on)) >= FOCUS_CONTRAST, (ring, drawn_on)


@pytest.mark.browser
def test_the_skip_link_first_in_the_tab_order_shows_a_ring_that_stands_out_on_the_bar(page):
    page.set_viewport_size(PHONE)
    # A page that opens with the focus at its top (the sign-in page opens in its e-mail field).
    page.goto("/accounts/password/reset/")

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    assert is_focused(skip)
    expect(skip).to_be_visible()
    ring = focus_ring(skip)
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    assert contrast(ring["colour"], background(page, ".bg-enlace")) >= FOCUS_CONTRAST, ring
