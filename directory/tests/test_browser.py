"""Real-browser tests: headless Chromium (Debian's, through Playwright) against the live server.

One browser per module, a fresh context (cookies, storage) per test. Data is built with
the factories after ``live_server`` has flushed the database, so each test starts clean.
"""

import os
import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from playwright.sync_api import Page, expect, sync_playwright

from accounts.models import Role, RoleAssignment
from accounts.tests.factories import PASSWORD, UserFactory, enrol_totp
from directory.models import Contact
from directory.tests.factories import ContactFactory, DirectoryFactory, InstitutionFactory, NominationFactory, state

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The longest a page may take to show what a test expects (auto-waiting, not a sleep): generous,
# because a loaded two-core machine runs the live server, the browser and the test side by side.
TIMEOUT_MS = 60_000
# Enough key presses to reach any control of a page by Tab, or any option of a select by arrow keys.
MAX_KEY_PRESSES = 60


@pytest.fixture(scope="module")
def browser():
    """The one browser of a module; every browser test waits up to TIMEOUT_MS, in actions and in expect()."""
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Page:
    # The live server runs in this process: start without rate-limit counters or used TOTP codes.
    cache.clear()
    context = browser.new_context(base_url=live_server.url, locale="en", reduced_motion="reduce")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def coordinator_with_secret(live_server, settings):
    """Mexico's coordinator, and the TOTP secret of its authenticator app."""
    # The browser and the server share one clock; a tolerance of one period only
    # covers a code computed just before a 30-second boundary and checked just after.
    settings.MFA_TOTP_TOLERANCE = 1
    user = UserFactory(name="Coordinadora México")
    RoleAssignment.objects.create(user=user, role=Role.COORDINATOR, state=state("MEX"))
    return user, enrol_totp(user)


def current_totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in(page: Page, user, totp_secret: str | None = None) -> None:
    """Sign in through allauth's pages: e-mail and password, then the TOTP step when enrolled."""
    page.goto("/accounts/login/")
    login_form = page.locator("form").filter(has=page.locator("input[name=login]"))
    login_form.locator("input[name=login]").fill(user.email)
    login_form.locator("input[name=password]").fill(PASSWORD)
    login_form.locator("button[type=submit]").click()
    if totp_secret is not None:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
        code_form = page.locator("form").filter(has=page.locator("input[name=code]"))
        code_form.locator("input[name=code]").fill(current_totp_code(totp_secret))
        code_form.locator("button[type=submit]").click()
    # Signed in: the navigation offers to sign out (behind the menu button on a phone).
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|2fa)/"))


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, locator) -> None:
    """Press Tab until the control has the focus, as a keyboard user would."""
    for _ in range(MAX_KEY_PRESSES):
        if is_focused(locator):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {locator}")


def choose_by_arrow_keys(page: Page, select, value: str) -> None:
    """Tab to a list and press the down arrow until it shows ``value``, as a keyboard user would."""
    tab_to(page, select)
    for _ in range(MAX_KEY_PRESSES):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"the down arrow never chose {value} in {select}")


@pytest.mark.browser
def test_coordinator_signs_in_with_totp_and_finds_a_contact_by_search(page, coordinator_with_secret):
    coordinator, secret = coordinator_with_secret
    mexico = state("MEX")
    institution = InstitutionFactory(state=mexico, name="Centro Nacional de Respuesta")
    ContactFactory(institution=institution, name="Lucía Fernández Ortega", email="lucia.fernandez@mx.example.org")
    ContactFactory(institution=institution, name="Mario Gómez Ruiz", email="mario.gomez@mx.example.org")

    sign_in(page, coordinator, totp_secret=secret)

    page.goto("/search/")
    page.locator("#search-q").press_sequentially("fernán")
    # The results update as one types (htmx pushes the query to the address bar once they are in).
    expect(page).to_have_url(re.compile(r"/search/\?q=fern(%C3%A1|á)n$"))
    results = page.locator("#search-results")
    result = results.get_by_role("link", name="Lucía Fernández Ortega")
    expect(result).to_be_visible()
    expect(results.get_by_role("link", name="Mario Gómez Ruiz")).to_have_count(0)

    result.click()
    expect(page.get_by_role("heading", level=1, name="Lucía Fernández Ortega")).to_be_visible()
    expect(page.get_by_role("link", name="lucia.fernandez@mx.example.org")).to_be_visible()


@pytest.mark.browser
def test_point_of_contact_filters_the_directory_by_keyboard(page):
    mexico, argentina, chile = state("MEX"), state("ARG"), state("CHL")
    directory = DirectoryFactory(slug="cyber-poc", name="Cyber PoC Directory", states=[mexico, argentina, chile])
    own = ContactFactory(institution=InstitutionFactory(state=mexico), name="Pointperson Mexico")
    for contact in (
        own,
        ContactFactory(institution=InstitutionFactory(state=argentina), name="Pointperson Argentina"),
        ContactFactory(institution=InstitutionFactory(state=chile), name="Pointperson Chile"),
    ):
        NominationFactory(directory=directory, contact=contact)
    user = UserFactory(contact=own)

    sign_in(page, user)
    page.goto(f"/directories/{directory.slug}/")
    results = page.locator("#results")
    expect(results.locator("#nominations tbody tr")).to_have_count(3)

    state_filter = page.get_by_label("State", exact=True)
    choose_by_arrow_keys(page, state_filter, "ARG")
    expect(state_filter).to_have_value("ARG")
    filter_button = page.get_by_role("button", name="Filter")
    tab_to(page, filter_button)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]state=ARG(&|$)"))
    expect(results.locator("#nominations tbody tr")).to_have_count(1)
    expect(results.get_by_role("cell", name="Argentina", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Pointperson Argentina")).to_be_visible()
    expect(results.get_by_role("link", name="Pointperson Mexico")).to_have_count(0)
    expect(results.get_by_role("link", name="Pointperson Chile")).to_have_count(0)
    expect(results).to_contain_text("1 nominated point of contact")


@pytest.mark.browser
def test_coordinator_adds_a_contact_and_sees_a_clear_error_for_a_bad_phone(page, coordinator_with_secret):
    coordinator, secret = coordinator_with_secret
    InstitutionFactory(state=state("MEX"), name="Secretaría de Relaciones Exteriores")
    sign_in(page, coordinator, totp_secret=secret)

    page.goto("/states/MEX/contacts/new/")
    page.locator("[name=contact-institution]").select_option(label="Secretaría de Relaciones Exteriores")
    page.locator("[name=contact-name]").fill("Ana Torres Vega")
    page.locator("[name=contact-title]").fill("Directora de Ciberseguridad")
    page.locator("[name=contact-languages]").fill("es, en")
    page.locator("[name=contact-time_zone]").select_option("America/Mexico_City")
    page.locator("[name=emails-0-address]").fill("ana.torres@sre.example.org")
    phone = page.locator("[name=phones-0-number]")
    phone.fill("+52 123")
    page.get_by_role("button", name="Save").click()

    error = page.locator("#id_phones-0-number_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Enter a valid phone number in international format")
    # Next to the field, and announced with it.
    expect(page.locator(".mb-3").filter(has=phone).locator("#id_phones-0-number_error")).to_be_visible()
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_attribute("aria-describedby", re.compile(r"\bid_phones-0-number_error\b"))
    # What was typed is kept.
    expect(page.locator("[name=contact-name]")).to_have_value("Ana Torres Vega")
    expect(page.locator("[name=emails-0-address]")).to_have_value("ana.torres@sre.example.org")
    assert not Contact.objects.filter(name="Ana Torres Vega").exists()

    phone.fill("+52 55 5080 2000")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/contacts/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1, name="Ana Torres Vega")).to_be_visible()
    expect(page.get_by_text("The contact was saved.")).to_be_visible()
    expect(page.get_by_role("link", name="ana.torres@sre.example.org")).to_be_visible()
    expect(page.get_by_role("link", name="+52 55 5080 2000")).to_have_attribute("href", "tel:+525550802000")
    assert Contact.objects.get(name="Ana Torres Vega").phones.get().number == "+525550802000"


@pytest.mark.browser
def test_a_point_of_contact_pages_through_the_directory_by_keyboard_on_a_narrow_screen(page, monkeypatch):
    from directory import listing

    monkeypatch.setattr(listing, "PER_PAGE", 2)
    mexico = state("MEX")
    directory = DirectoryFactory(slug="cyber-poc", name="Cyber PoC Directory", states=[mexico])
    own = ContactFactory(institution=InstitutionFactory(state=mexico), name="Pointperson A")
    NominationFactory(directory=directory, contact=own)
    for name in ("Pointperson B", "Pointperson C"):
        NominationFactory(directory=directory, contact=ContactFactory(institution=own.institution, name=name))
    user = UserFactory(contact=own)

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, user)
    page.goto(f"/directories/{directory.slug}/")
    results = page.locator("#results")
    expect(results).to_contain_text("1–2 of 3 nominated points of contact")
    pages = page.get_by_role("navigation", name="Pages of points of contact")
    expect(pages.locator("[aria-current=page]")).to_have_text(re.compile(r"1$"))
    next_link = pages.get_by_role("link", name="Next")
    tab_to(page, next_link)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(results).to_contain_text("3–3 of 3")
    expect(results.get_by_role("link", name="Pointperson C")).to_be_visible()
    # The table scrolls inside its own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
