"""The directory in a real browser: a coordinator signs in and searches, adds a contact; a point of contact
filters and pages the directory by keyboard (the shared set-up: ``enlace.testing.browser``)."""

import re

import pytest
from playwright.sync_api import expect

from directory.models import Contact
from enlace.testing.browser import choose_by_arrow_keys, sign_in, tab_to
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    UserFactory,
    state,
)


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
