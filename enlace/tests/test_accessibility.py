"""The key pages pass axe-core's checks in a real browser (headless Chromium), for every role that reaches them.

axe-core (bundled by axe-playwright-python) runs its full default rule set (WCAG 2.0 to 2.2, A and AA, and
its best practices) on each page, signed out and signed in as a point of contact, a coordinator and a
directory manager, in English and in Arabic (right to left), on a wide screen and on a phone. A page passes
with no violation at all; a failure lists every violation: the page, the width, the rule and the elements.
"""

from collections.abc import Callable
from itertools import pairwise

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from communication_templates.defaults import INCIDENT_NOTIFICATION
from directory.models import ContactPhone
from enlace.app_modules import each_app_module
from enlace.testing.browser import new_context
from enlace.testing.world import World

WIDTHS = {"wide screen": {"width": 1280, "height": 800}, "phone": {"width": 375, "height": 800}}
AXE = Axe()

# The pages each role reaches, as (URL name, its arguments from the world): those a role opens most, and a
# page of each kind (a list, a record, a form) in every part of the product.
PUBLIC_PAGES: list[tuple[str, Callable[[World], dict]]] = [
    ("directory:home", lambda w: {}),
    ("account_login", lambda w: {}),
    ("directory:public", lambda w: {"slug": w.d1.slug}),
    ("repository:public", lambda w: {"slug": w.d1.slug}),
    ("repository:document", lambda w: {"code": w.public_document_a.code}),
    ("cbm:public", lambda w: {"slug": w.d1.slug}),
    ("pings:enter_code", lambda w: {}),
    ("api:docs", lambda w: {}),
]
# Every signed-in reader of directory D1.
READER_PAGES = [
    ("directory:home", lambda w: {}),
    ("directory:search", lambda w: {"query": "q=Pointperson"}),
    ("directory:detail", lambda w: {"slug": w.d1.slug}),
    ("directory:contact", lambda w: {"code": w.contact_a.code}),
    ("repository:documents", lambda w: {"slug": w.d1.slug}),
    ("repository:document", lambda w: {"code": w.reserved_document_a.code}),
    ("cbm:dashboard", lambda w: {"slug": w.d1.slug}),
    ("communication_templates:templates", lambda w: {"slug": w.d1.slug}),
    ("accounts:profile", lambda w: {}),
    ("api:tokens", lambda w: {}),
    ("api:docs", lambda w: {}),
]
# Those who act for State A: its communications.
MEMBER_PAGES = [
    ("communications:needs_action", lambda w: {}),
    ("communications:inbox", lambda w: {}),
    ("communications:detail", lambda w: {"code": w.communication.code}),
    ("communications:choose", lambda w: {}),
    ("communications:compose", lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION}),
]
# Who administers State A: its coordinator and D1's manager.
STATE_ADMIN_PAGES = [
    ("directory:state_manage", lambda w: {"iso3": w.a.iso3}),
    ("directory:contact_edit", lambda w: {"code": w.contact_a.code}),
    ("accounts:state_users", lambda w: {"iso3": w.a.iso3}),
    ("pings:rounds", lambda w: {"slug": w.d1.slug}),
    ("pings:round", lambda w: {"code": w.ping_round.code}),
    ("repository:state", lambda w: {"iso3": w.a.iso3}),
    ("cbm:state", lambda w: {"slug": w.d1.slug, "iso3": w.a.iso3}),
    ("audit:change_log", lambda w: {}),
]
ROLE_PAGES = {
    "public": PUBLIC_PAGES,
    "poc_a": READER_PAGES + MEMBER_PAGES + [("pings:mine", lambda w: {})],
    "coord_a": READER_PAGES + MEMBER_PAGES + STATE_ADMIN_PAGES + [("directory:my_state", lambda w: {})],
    "manager_d1": READER_PAGES
    + STATE_ADMIN_PAGES
    + [
        ("directory:manager_nominations", lambda w: {"slug": w.d1.slug}),
        ("directory:settings", lambda w: {"slug": w.d1.slug}),
        ("pings:round_new", lambda w: {"slug": w.d1.slug}),
        ("ping_reports:results", lambda w: {"slug": w.d1.slug}),
        ("communications:statistics", lambda w: {"slug": w.d1.slug}),
    ],
}
# Each app may name its own key pages beside its access rows (``<app>/tests/access_table.py``: ``KEY_PAGES``).
for _module in each_app_module("tests.access_table"):
    for _role, _pages in getattr(_module, "KEY_PAGES", {}).items():
        ROLE_PAGES[_role] = ROLE_PAGES[_role] + _pages


def address(world: World, url_name: str, arguments: Callable[[World], dict]) -> str:
    kwargs = arguments(world)
    query = kwargs.pop("query", "")
    return reverse(url_name, kwargs=kwargs) + (f"?{query}" if query else "")


def violations_on(page) -> list[str]:
    """axe-core's violations on the page as shown now: one line per rule, with the elements it found."""
    results = AXE.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
    ]


@pytest.fixture
def world_with_phone(world):
    ContactPhone.objects.create(contact=world.contact_a, number="+522001234567")
    return world


def signed_in_page(browser, live_server, user, language: str, size: dict | None = None):
    """A page of a fresh browser context reading in the language, signed in as the user (or signed out).

    The session is opened as the sign-in pages would open it: their own accessibility is checked signed out,
    and a manager's or coordinator's second factor is the authorisation tests' subject, not this module's.
    """
    cache.clear()
    context = new_context(browser, live_server.url, locale=language, viewport=size or WIDTHS["wide screen"])
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return context.new_page()


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_the_key_pages_have_no_accessibility_violations(browser, live_server, world_with_phone, role, language):
    world = world_with_phone
    page = signed_in_page(browser, live_server, world.users[role], language)

    found = []
    for url_name, arguments in ROLE_PAGES[role]:
        where = address(world, url_name, arguments)
        response = page.goto(where)
        assert response.ok, f"{where}: {response.status}"
        if (shown := page.locator("html").get_attribute("lang")) != language:
            found.append(f"{where}: in {shown!r}, not in {language!r}")
        # The same page at each width: the layout follows the viewport, nothing is fetched again.
        for width_name, size in WIDTHS.items():
            page.set_viewport_size(size)
            found += [f"{where} ({width_name}): {violation}" for violation in violations_on(page)]

    assert not found, f"{len(found)} accessibility violations for {role} in {language}:\n" + "\n".join(found)


# The horizontal positions of each character of an element's first text node, in the order they are stored.
CHARACTER_POSITIONS = """element => {
    const text = [...element.childNodes].find(node => node.nodeType === Node.TEXT_NODE && node.data.trim());
    const range = document.createRange();
    return [...text.data].map((character, index) => {
        range.setStart(text, index);
        range.setEnd(text, index + 1);
        const box = range.getBoundingClientRect();
        return {character, left: box.left, right: box.right};
    }).filter(position => position.character.trim());
}"""


def reads_left_to_right(positions: list[dict]) -> bool:
    return all(before["right"] <= after["left"] + 0.5 for before, after in pairwise(positions))


@pytest.mark.browser
def test_in_arabic_the_contact_page_is_mirrored_and_its_phone_number_reads_left_to_right(
    browser, live_server, world_with_phone, tmp_path
):
    world = world_with_phone
    address_shown = world.contact_a.emails.get().address
    page = signed_in_page(browser, live_server, world.users["coord_a"], "ar")

    page.goto(reverse("directory:contact", args=[world.contact_a.code]))
    main = page.locator("main")
    phone = main.locator("bdi", has_text="+52 200 123 4567")
    expect(phone).to_be_visible()
    page.screenshot(path=tmp_path / "contact-ar.png", full_page=True)
    phone.screenshot(path=tmp_path / "phone-ar.png")

    assert page.locator("html").get_attribute("dir") == "rtl"
    width = page.viewport_size["width"]
    # The navigation is mirrored: the brand, first in it, sits at the right, the sign-out button at the left.
    brand = page.locator(".navbar-brand").bounding_box()
    sign_out = page.get_by_role("button", name="تسجيل الخروج").bounding_box()
    assert brand["x"] > width / 2 > sign_out["x"] + sign_out["width"]
    # The heading starts at the right edge of the page's content, and its text ends towards the middle.
    heading = main.locator("h1")
    assert heading.evaluate("element => getComputedStyle(element).direction") == "rtl"
    text = heading.evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const text = range.getBoundingClientRect(), main = element.closest("main");
            const content = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
            return {left: text.left, right: text.right, content};
        }"""
    )
    assert abs(text["right"] - text["content"]) <= 1 and text["left"] > width / 2, text
    # The phone number and the e-mail address are isolated left to right: "+52 200 123 4567", not "4567 123 200 52+".
    for isolated, shown in [(phone, "+52 200 123 4567"), (main.locator("bdi", has_text=address_shown), address_shown)]:
        assert isolated.evaluate("element => getComputedStyle(element).direction") == "ltr"
        positions = isolated.evaluate(CHARACTER_POSITIONS)
        assert "".join(position["character"] for position in positions) == shown.replace(" ", "")
        assert reads_left_to_right(positions), positions
