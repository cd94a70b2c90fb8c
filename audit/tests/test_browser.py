"""The change log in a real browser: a coordinator pages it by keyboard, on a phone-sized screen."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from audit import views
from directory.models import Institution
from enlace.testing.browser import sign_in, tab_to
from enlace.testing.factories import state


@pytest.mark.browser
def test_a_coordinator_pages_the_change_log_by_keyboard_on_a_narrow_screen(page, coordinator_with_secret, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    mexico = state("MEX")
    kind = ContentType.objects.get_for_model(Institution)
    for number in range(5):
        LogEntry.objects.create(
            content_type=kind,
            object_pk=str(number),
            object_repr=f"Registro {number}",
            action=LogEntry.Action.UPDATE,
            timestamp=datetime(2026, 3, 2, 8, tzinfo=UTC) + timedelta(hours=number),
            additional_data={"state": mexico.pk},
        )
    coordinator, secret = coordinator_with_secret

    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, coordinator, totp_secret=secret)
    page.goto("/history/")
    table = page.locator("#change-log")
    expect(page.locator("#total")).to_have_text("5 changes")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Registro 4")
    expect(table.get_by_role("columnheader", name="When")).to_have_attribute("aria-sort", "descending")

    pages = page.get_by_role("navigation", name="Pages of the change log")
    tab_to(page, pages.get_by_role("link", name="Older changes"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]after=[\w-]+$"))
    expect(table).to_contain_text("Registro 2")
    expect(table).to_contain_text("Registro 1")
    expect(table).not_to_contain_text("Registro 4")

    tab_to(page, pages.get_by_role("link", name="Older changes"))
    page.keyboard.press("Enter")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Registro 0")
    expect(pages.get_by_role("link", name="Older changes")).to_have_count(0)

    tab_to(page, pages.get_by_role("link", name="Newer changes"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]before=[\w-]+$"))
    expect(table).to_contain_text("Registro 2")

    tab_to(page, pages.get_by_role("link", name="Newest changes"))
    page.keyboard.press("Enter")
    expect(table).to_contain_text("Registro 4")
    expect(pages.get_by_role("link", name="Newer changes")).to_have_count(0)

    # The order turns by keyboard too: oldest first.
    tab_to(page, table.get_by_role("link", name="When"))
    page.keyboard.press("Enter")
    expect(table.get_by_role("columnheader", name="When")).to_have_attribute("aria-sort", "ascending")
    expect(table.locator("tbody tr").first).to_contain_text("Registro 0")
    # The table scrolls inside its own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
