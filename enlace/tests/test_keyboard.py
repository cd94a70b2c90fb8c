"""Forms and lists by keyboard alone, as a screen-reader user meets them, in a real browser (headless Chromium).

Signing in opens with the focus where the typing starts (the e-mail address, then the authenticator code).
A form that failed opens on its error summary; each of its links moves the focus to the field in error.
A list that updates as one types or filters announces how many it found, not its whole content. Every
control a finger taps is at least 24 by 24 CSS pixels on a phone, or far enough from the others (WCAG 2.5.8).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from enlace.testing.browser import (
    choose_by_arrow_keys,
    sign_in,
    sign_in_by_keyboard,
    tab_to,
    type_authenticator_code,
    type_email_and_password,
)
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    UserFactory,
    state,
)

PHONE = {"width": 375, "height": 800}
# WCAG 2.2, 2.5.8 (target size, minimum).
TARGET_SIZE = 24


def error_summary(page: Page):
    return page.locator("[data-error-summary]")


def follow_summary_link(page: Page, name: str | re.Pattern) -> None:
    """From the focused summary, Tab to one of its links and press Enter."""
    tab_to(page, error_summary(page).get_by_role("link", name=name))
    page.keyboard.press("Enter")


@pytest.fixture
def mexican_directory():
    """Mexico's and Argentina's points of contact in one directory; a point of contact of Mexico to read it."""
    mexico, argentina = state("MEX"), state("ARG")
    directory = DirectoryFactory(slug="cyber-poc", name="Cyber PoC Directory", states=[mexico, argentina])
    own = ContactFactory(institution=InstitutionFactory(state=mexico), name="Pointperson Mexico")
    NominationFactory(directory=directory, contact=own)
    argentine = ContactFactory(institution=InstitutionFactory(state=argentina), name="Pointperson Argentina")
    NominationFactory(directory=directory, contact=argentine)
    return directory, UserFactory(contact=own)


# --- Signing in ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_coordinator_signs_in_with_an_authenticator_code_by_keyboard_alone(page, coordinator_with_secret):
    coordinator, secret = coordinator_with_secret

    sign_in_by_keyboard(page, coordinator, totp_secret=secret)

    expect(page.get_by_role("link", name="My State", include_hidden=True)).to_be_attached()


@pytest.mark.browser
def test_a_failed_sign_in_opens_on_the_summary_whose_link_reaches_the_field(page):
    page.goto("/accounts/login/")
    # The page opens in its e-mail field: Enter there submits the form (on a busy machine, once it has the focus).
    expect(page.locator("input[name=login]")).to_be_focused()
    page.keyboard.press("Enter")  # nothing typed

    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There are 2 problems to correct")
    # The field is marked invalid and described by its message.
    password = page.locator("input[name=password]")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_attribute("aria-describedby", re.compile(r"\bid_password_error\b"))

    follow_summary_link(page, "Password: This field is required.")

    expect(password).to_be_focused()


@pytest.mark.browser
def test_a_wrong_authenticator_code_opens_on_the_summary_whose_link_reaches_the_code(page, coordinator_with_secret):
    coordinator, _secret = coordinator_with_secret
    type_email_and_password(page, coordinator)
    type_authenticator_code(page, "000000")

    summary = error_summary(page)
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is 1 problem to correct")
    code = page.locator("input[name=code]")
    expect(code).to_have_attribute("aria-invalid", "true")

    follow_summary_link(page, re.compile(r"^Code: "))

    expect(code).to_be_focused()


# --- Lists that update as one types or filters -------------------------------------------------------


@pytest.mark.browser
def test_filtering_the_directory_by_keyboard_announces_the_count_and_opens_a_contact(page, mexican_directory):
    directory, user = mexican_directory
    sign_in_by_keyboard(page, user)
    page.goto(f"/directories/{directory.slug}/")
    results, status = page.locator("#results"), page.get_by_role("status").filter(has_text="found")
    expect(results.locator("#nominations tbody tr")).to_have_count(2)

    state_filter = page.get_by_label("State", exact=True)
    choose_by_arrow_keys(page, state_filter, "ARG")

    expect(results.locator("#nominations tbody tr")).to_have_count(1)
    expect(status).to_have_text("1 nominated point of contact found.")
    # The list itself is not read out: only the status is live.
    assert results.get_attribute("aria-live") is None
    contact = results.get_by_role("link", name="Pointperson Argentina")
    tab_to(page, contact)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1, name="Pointperson Argentina")).to_be_visible()


@pytest.mark.browser
def test_searching_as_one_types_announces_how_many_contacts_and_institutions_were_found(page, mexican_directory):
    _directory, user = mexican_directory
    sign_in_by_keyboard(page, user)
    page.goto("/search/")
    tab_to(page, page.locator("#search-q"))

    page.keyboard.type("pointperson")

    status = page.locator("#search-status")
    expect(status).to_have_text("2 contacts found. 0 institutions found.")
    expect(status).to_have_attribute("role", "status")
    assert page.locator("#search-results").get_attribute("aria-live") is None


# --- A form with errors ------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_coordinator_reaches_a_field_in_error_from_the_summary_by_keyboard(page, coordinator_with_secret):
    coordinator, secret = coordinator_with_secret
    InstitutionFactory(state=state("MEX"), name="Secretaría de Relaciones Exteriores")
    sign_in_by_keyboard(page, coordinator, totp_secret=secret)
    page.goto("/states/MEX/contacts/new/")
    phone = page.locator("[name=phones-0-number]")
    tab_to(page, phone)
    page.keyboard.type("+52 123")
    tab_to(page, page.get_by_role("button", name="Save"))
    page.keyboard.press("Enter")

    summary = error_summary(page)
    expect(summary).to_be_focused()
    # The contact's own fields and its phone numbers' (a formset) in one summary.
    expect(summary.get_by_role("link", name=re.compile(r"^Name: "))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile(r"^Phone number: Enter a valid phone number"))).to_be_visible()

    follow_summary_link(page, re.compile(r"^Phone number: "))

    expect(phone).to_be_focused()
    expect(phone).to_have_value("+52 123")
    expect(phone).to_be_in_viewport()


# --- Tap targets -------------------------------------------------------------------------------------

UNDERSIZED_TARGETS = r"""(minimum) => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const visible = element => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 1 && box.height > 1 && style.visibility !== 'hidden' && !element.closest('.visually-hidden');
  };
  // WCAG's inline exception: a link in a sentence, sized by the words around it (not links beside each other).
  const inText = element => {
    if (element.tagName !== 'A' || getComputedStyle(element).display !== 'inline') return false;
    const block = element.parentElement.closest('p, li, td, th, dd, div');
    if (!block) return false;
    const words = block.cloneNode(true);
    words.querySelectorAll(selector).forEach(target => target.remove());
    return /\p{L}/u.test(words.textContent);
  };
  const targets = [...document.querySelectorAll(selector)].filter(visible);
  const boxes = targets.map(element => element.getBoundingClientRect());
  const small = box => box.width < minimum - 0.5 || box.height < minimum - 0.5;
  const centre = box => [box.left + box.width / 2, box.top + box.height / 2];
  const distanceToBox = ([x, y], box) => Math.hypot(
    Math.max(box.left - x, 0, x - box.right), Math.max(box.top - y, 0, y - box.bottom));
  const offenders = [];
  targets.forEach((element, index) => {
    const box = boxes[index];
    if (!small(box) || inText(element)) return;
    // The spacing exception: a circle of the minimum's diameter on its centre meets no other target nor its circle.
    const [x, y] = centre(box);
    const crowded = targets.some((other, otherIndex) => {
      if (otherIndex === index || other.contains(element) || element.contains(other)) return false;
      const otherBox = boxes[otherIndex];
      if (small(otherBox)) {
        const [ox, oy] = centre(otherBox);
        return Math.hypot(ox - x, oy - y) < minimum;
      }
      // A link that wraps covers its lines' boxes, not the rectangle around them.
      return [...other.getClientRects()].some(line => distanceToBox([x, y], line) < minimum / 2);
    });
    const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
    if (crowded) offenders.push(`${element.outerHTML.slice(0, 120)} ${size}`);
  });
  return offenders;
}"""


def undersized_targets(page: Page) -> list[str]:
    return page.evaluate(UNDERSIZED_TARGETS, TARGET_SIZE)


@pytest.mark.browser
def test_on_a_phone_every_control_of_a_point_of_contacts_pages_is_big_enough_to_tap(page, mexican_directory):
    directory, user = mexican_directory
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    assert undersized_targets(page) == [], "/accounts/login/"
    sign_in(page, user)

    for address in (
        f"/directories/{directory.slug}/",
        "/search/?q=pointperson",
        f"/contacts/{user.contact.code}/",
        "/pings/mine/",
        "/profile/",
    ):
        page.goto(address)
        expect(page.locator("main h1")).to_be_visible()
        assert undersized_targets(page) == [], address


@pytest.mark.browser
def test_on_a_phone_every_control_of_a_coordinators_pages_is_big_enough_to_tap(page, coordinator_with_secret):
    coordinator, secret = coordinator_with_secret
    mexico = state("MEX")
    directory = DirectoryFactory(slug="oas", name="OAS network", states=[mexico])
    for number in range(30):
        NominationFactory(
            directory=directory,
            contact=ContactFactory(institution=InstitutionFactory(state=mexico), name=f"Contact {number:02}"),
        )
    page.set_viewport_size(PHONE)
    sign_in(page, coordinator, totp_secret=secret)

    for address in (
        "/directories/oas/",  # with its pagination
        "/states/MEX/",
        "/states/MEX/contacts/new/",
        "/history/",
        "/directories/oas/documents/",
    ):
        page.goto(address)
        expect(page.locator("main h1")).to_be_visible()
        assert undersized_targets(page) == [], address
