"""The coordinator's journey in a real browser: add the national strategy with its PDF, find it by a word
inside the PDF, and see the CBM dashboard and the public page count it at once."""

import pytest
from playwright.sync_api import expect

from cbm.services import install_oas_catalogue
from enlace.testing.browser import sign_in
from enlace.testing.factories import DirectoryFactory, DocumentFactory, state
from repository.pdf import make_pdf


@pytest.mark.browser
def test_a_coordinator_adds_the_national_strategy_and_the_dashboards_count_it(
    page, coordinator_with_secret, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    directory = DirectoryFactory(slug="oas", name="OAS network", states=[state("MEX"), state("ARG")])
    install_oas_catalogue(directory)
    DocumentFactory(state=state("ARG"), name="Estrategia Argentina")
    coordinator, secret = coordinator_with_secret
    strategy = make_pdf(
        ["Estrategia Nacional de Ciberseguridad de México", "Eje 4: diplomacia digital y cooperación hemisférica."]
    )

    sign_in(page, coordinator, totp_secret=secret)
    page.get_by_role("link", name="My State").click()
    page.get_by_role("link", name="Policy documents").click()
    page.get_by_role("link", name="Add a document").click()
    page.get_by_label("Name").fill("Estrategia Nacional de Ciberseguridad")
    page.get_by_label("Short description").fill("La estrategia del Gobierno de México.")
    page.get_by_label("Type").select_option(label="National strategy")
    page.get_by_label("Date of entry into force").fill("2026-03-01")
    page.get_by_label("Main language").select_option("es")
    page.get_by_label("Status").select_option(label="In force")
    page.get_by_label("Who may read it").select_option(label="Public")
    page.get_by_label("File").set_input_files(
        files=[{"name": "estrategia.pdf", "mimeType": "application/pdf", "buffer": strategy}]
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1, name="Estrategia Nacional de Ciberseguridad")).to_be_visible()
    expect(page.get_by_role("link", name="Download (PDF)")).to_be_visible()

    # "hemisférica" is only inside the PDF, typed here without its accent.
    page.goto("/directories/oas/documents/")
    page.get_by_label("Words").fill("hemisferica")
    page.get_by_role("button", name="Search").click()
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Estrategia Nacional de Ciberseguridad")).to_be_visible()
    expect(results.get_by_role("link", name="Estrategia Argentina")).to_have_count(0)

    page.get_by_role("link", name="Confidence-building measures").click()
    expect(page.locator('[data-measure="1"]')).to_have_text("2 of 2")
    expect(page.locator('[data-state="MEX"]')).to_have_attribute("data-implemented", "1")

    page.get_by_role("button", name="Sign out").click()
    page.goto("/directories/oas/public/cbm/")
    expect(page.locator('[data-measure="1"]')).to_have_text("2 of 2")
    page.goto("/directories/oas/public/documents/?q=diplomacia")
    expect(page.get_by_role("link", name="Estrategia Nacional de Ciberseguridad")).to_be_visible()
