"""What every real-browser test shares: headless Chromium (Debian's, through Playwright) against the live
server, and what a person does in it: sign in, type the authenticator's code, move by Tab and by arrow keys.

One browser per test module, a fresh context (cookies, storage) per test. Data is built with the factories
after ``live_server`` has flushed the database, so each test starts clean. The fixtures (``browser``,
``page``, ``coordinator_with_secret``) reach every test through the root conftest.py; the helpers are
imported from here.
"""

import os
import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from accounts.models import Role, RoleAssignment
from enlace.testing.factories import PASSWORD, UserFactory, enrol_totp, state

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


def new_context(browser: Browser, base_url: str, *, locale: str = "en", **options) -> BrowserContext:
    """A browser context of its own (its own cookies: one person), reading in ``locale``, waiting up to TIMEOUT_MS."""
    context = browser.new_context(base_url=base_url, locale=locale, reduced_motion="reduce", **options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser, live_server) -> Page:
    # The live server runs in this process: start without rate-limit counters or used TOTP codes.
    cache.clear()
    context = new_context(browser, live_server.url)
    yield context.new_page()
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


def expect_signed_in(page: Page) -> None:
    """The navigation offers to sign out (behind the menu button on a phone), past the sign-in pages."""
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|2fa)/"))


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
    expect_signed_in(page)


def type_email_and_password(page: Page, user) -> None:
    """Typing only: the sign-in page opens in the e-mail field, Tab to the password, Enter."""
    page.goto("/accounts/login/")
    # On a busy machine the page has the focus a moment after it shows: type once it has.
    expect(page.locator("input[name=login]")).to_be_focused()
    page.keyboard.type(user.email)
    page.keyboard.press("Tab")
    expect(page.locator("input[name=password]")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def type_authenticator_code(page: Page, code: str) -> None:
    """The second step opens in the code's field: type the code, Enter."""
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.locator("input[name=code]")).to_be_focused()
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def sign_in_by_keyboard(page: Page, user, totp_secret: str | None = None) -> None:
    """Sign in typing only: e-mail, Tab, password, Enter; then the authenticator's code, Enter."""
    type_email_and_password(page, user)
    if totp_secret is not None:
        type_authenticator_code(page, current_totp_code(totp_secret))
    expect_signed_in(page)


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def focused(page: Page) -> dict:
    """What has the focus: its tag, id and text (for messages that say where the focus went instead)."""
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName, id: e.id, text: (e.textContent || '').trim().slice(0, 80)}; }"""
    )


def tab_to(page: Page, locator: Locator) -> None:
    """Press Tab until the control has the focus, as a keyboard user would."""
    for _ in range(MAX_KEY_PRESSES):
        if is_focused(locator):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {locator}; the focus is on {focused(page)}")


def choose_by_arrow_keys(page: Page, select: Locator, value: str) -> None:
    """Tab to a list and press the down arrow until it shows ``value``, as a keyboard user would."""
    tab_to(page, select)
    for _ in range(MAX_KEY_PRESSES):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"the down arrow never chose {value} in {select}")
