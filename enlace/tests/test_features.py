"""Features add their links to the directory's pages by registering them (``enlace.features``)."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.urls import reverse

from enlace import features
from enlace.testing.factories import DirectoryFactory, coordinator_of, manager_of, state

PLACE = "test.place"


@pytest.fixture
def registry(monkeypatch):
    """The registry as the apps left it, for this test to add to; the apps' entries come back after it.

    The navigation drawn from it is kept in the fragments cache (apps register once, at start-up), so what was
    drawn before or with this test's entries is forgotten."""
    caches["template_fragments"].clear()
    monkeypatch.setattr(
        features,
        "registry",
        features.Registry(
            links={place: dict(entries) for place, entries in features.registry.links.items()},
            fragments={place: dict(entries) for place, entries in features.registry.fragments.items()},
            settings_sections=dict(features.registry.settings_sections),
            api_fields={resource: dict(entries) for resource, entries in features.registry.api_fields.items()},
            calendar_sources=dict(features.registry.calendar_sources),
        ),
    )
    yield features.registry
    caches["template_fragments"].clear()


def link(name: str, order: int, **fields) -> features.Link:
    return features.Link(name=name, label=name.title(), url=lambda obj: f"/{name}/{obj}/", order=order, **fields)


def test_links_come_in_their_order_and_hidden_ones_are_left_out(registry):
    features.add_link(PLACE, link("late", 30))
    features.add_link(PLACE, link("early", 10))
    features.add_link(PLACE, link("hidden", 20, shown=lambda principal, obj, context: context.get("can_manage")))
    features.add_link(PLACE, link("same-order", 10))

    shown = features.links_for(PLACE, None, "x", {"can_manage": False})

    assert [entry.label for entry in shown] == ["Early", "Same-Order", "Late"]
    assert shown[0].url == "/early/x/"
    assert [entry.label for entry in features.links_for(PLACE, None, "x", {"can_manage": True})] == [
        "Early",
        "Same-Order",
        "Hidden",
        "Late",
    ]


def test_registering_a_link_again_replaces_it(registry):
    features.add_link(PLACE, link("once", 10))
    features.add_link(PLACE, link("once", 5))
    assert len(features.links_for(PLACE, None, "x", {})) == 1


@pytest.mark.django_db
def test_a_registered_feature_shows_its_link_on_the_directory_page(registry, client):
    directory = DirectoryFactory(slug="oas", states=[state("MEX")])
    client.force_login(manager_of(directory))
    features.add_link(
        features.DIRECTORY_LINKS,
        features.Link(
            name="test.minutes",
            label="Meeting minutes",
            url=lambda directory: f"/directories/{directory.slug}/minutes/",
            order=15,
        ),
    )
    features.add_link(
        features.DIRECTORY_ACTIONS,
        features.Link(
            name="test.never",
            label="Never shown",
            url=lambda directory: "/never/",
            shown=lambda principal, directory, context: False,
        ),
    )

    page = client.get(reverse("directory:detail", args=[directory.slug])).content.decode()

    # Between the repository's documents (10) and the CBM dashboard (20), on the same line.
    assert re.search(
        r'<a href="/directories/oas/documents/">Policy documents</a> ·\s*'
        r'<a href="/directories/oas/minutes/">Meeting minutes</a> ·\s*'
        r'<a href="/directories/oas/cbm/">Confidence-building measures</a>',
        page,
    )
    assert "Never shown" not in page


@pytest.mark.django_db
def test_a_feature_fragment_is_rendered_only_when_it_has_something_to_show(registry, client):
    directory = DirectoryFactory(slug="oas", states=[state("MEX")])
    client.force_login(manager_of(directory))
    news = []
    features.add_fragment(
        features.DIRECTORY_NOTICES,
        features.Fragment(
            name="test.notice",
            template="components/missing_languages.html",
            context=lambda principal, directory, context: {"missing": news} if news else None,
        ),
    )
    url = reverse("directory:detail", args=[directory.slug])
    assert "Missing languages:" not in client.get(url).content.decode()
    news.append("Klingon")
    assert '<span class="badge text-bg-warning">Klingon</span>' in client.get(url).content.decode()


def test_the_directory_app_names_no_other_apps_pages():
    """What the directory's pages link to in other apps comes from the registry, not from its templates."""
    templates = Path(settings.BASE_DIR, "directory", "templates")
    named = {
        name
        for path in templates.rglob("*.html")
        for name in re.findall(r"{% url '(\w+):", path.read_text())
        if name != "directory"
    }
    assert not named


@pytest.mark.django_db
def test_a_feature_adds_an_entry_to_the_main_navigation_for_the_roles_it_names(registry, client):
    directory = DirectoryFactory(slug="oas", states=[state("MEX")])
    features.add_link(
        features.NAVIGATION,
        features.Link(
            name="test.calendar",
            label="Meetings calendar",
            url=lambda obj: "/meetings/",
            shown=lambda principal, obj, context: principal.is_manager,
        ),
    )
    client.force_login(manager_of(directory))
    page = client.get(reverse("directory:home")).content.decode()
    assert '<a class="nav-link" href="/meetings/">Meetings calendar</a>' in page

    client.force_login(coordinator_of(state("MEX")))
    assert "Meetings calendar" not in client.get(reverse("directory:home")).content.decode()


@pytest.mark.django_db
def test_a_feature_notice_shows_above_every_signed_in_page(registry, client):
    directory = DirectoryFactory(slug="oas", states=[state("MEX")])
    features.add_fragment(
        features.PAGE_NOTICES,
        features.Fragment(
            name="test.offer",
            template="components/missing_languages.html",
            context=lambda principal, obj, context: {"missing": ["Klingon"]},
        ),
    )
    home = reverse("directory:home")
    assert "Klingon" not in client.get(home).content.decode()

    client.force_login(manager_of(directory))
    assert '<span class="badge text-bg-warning">Klingon</span>' in client.get(home).content.decode()


@pytest.mark.django_db
def test_a_feature_dates_something_in_a_persons_calendar_feed(registry, client):
    from icalendar import Calendar

    from calendars import services as calendars

    moment = datetime(2031, 5, 6, 14, 0, tzinfo=UTC)

    def minutes_due(principal, since):
        return [features.DatedEntry("minutes-1@enlace", "Minutes", "Minutes due", moment, None, "/minutes/1/")]

    features.add_calendar_source(features.CalendarSource("minutes.due", minutes_due))
    reader = coordinator_of(state("MEX"))
    body = client.get(reverse("calendars:feed", args=[calendars.feed_of(reader).token])).content
    [entry] = [entry for entry in Calendar.from_ical(body).walk("VEVENT") if str(entry["uid"]) == "minutes-1@enlace"]
    assert (str(entry["summary"]), entry.decoded("dtstart")) == ("Minutes due", moment)
