"""What each feature adds to the pages of the apps below it, registered by the feature itself.

The directory's pages (a directory, its public page, a State's page, a contact, a directory's settings)
show the links and sections of the features built on the directory, which the directory app must not
know: each feature app adds its own from its ``AppConfig.ready()``, much as a Django app registers its
models with the admin site, and the directory's templates show whatever is registered for a place.
Adding a feature app then touches no other app.

Three kinds of entry:

- ``Link``: a label, how its address is built for the page's object (a directory, a State, a contact),
  when it is shown (a callable of the principal, the object and the page's context: only for managers,
  only if the directory published a report) and its order among the place's links.
- ``Fragment``: a template the feature renders into the page (an announcement), with the context it
  needs, or ``None`` when it has nothing to show.
- ``SettingsSection``: a feature's part of a directory's settings page: its form (saved with the
  directory's own, in one POST) and the template that draws it.
- ``ApiField``: a field a feature adds to another app's resource in the REST API (a directory's ping
  test interval, kept by the ping tests), with the relation its value is read through.
- ``CalendarSource``: what a feature dates for a person (its deadlines, closing dates, the times it runs), read
  through the feature's own access rules, which a person's calendar feed shows as ``DatedEntry`` rows.

The places a page offers are named below (``DIRECTORY_ACTIONS``…); a template reads them with
``{% load features %}{% feature_links PLACE object as links %}`` and
``{% feature_fragments PLACE object %}``. This module knows no app.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import template
from django.forms import BaseForm
from django.utils.safestring import SafeString, mark_safe

# The places of the directory's pages where features add links, and what each is.
DIRECTORY_ACTIONS = "directory.actions"  # buttons beside a directory's name (its readers who run it)
DIRECTORY_LINKS = "directory.links"  # one line of links below a directory's name, for every reader
DIRECTORY_REPORTS = "directory.reports"  # a paragraph each, below that line
DIRECTORY_NOTICES = "directory.notices"  # fragments announcing something under way (a ping test round)
PUBLIC_DIRECTORY_LINKS = "public_directory.links"  # the public page's line of links
STATE_ACTIONS = "state.actions"  # buttons beside a State's name on its page
CONTACT_LINKS = "contact.links"  # a paragraph each, at the end of a contact's page
NOMINATION_DOWNLOADS = "nominations.downloads"  # a directory's nominations as a file (the filters follow)
NOMINATION_IMPORTS = "nominations.imports"  # ways to bring nominations into a directory
DIRECTORY_SETTINGS_LINKS = "directory_settings.links"  # a paragraph each, atop a directory's settings
DIRECTORY_API = "directory.api"  # the fields of a directory in the REST API, after its own
# The main navigation of every signed-in page, after the directory's own entries. It is kept per language and
# kinds of role (base.html), so a link's ``shown`` must read nothing but the principal's kinds of role
# (``is_coordinator``, ``is_point_of_contact``, ``is_manager``); the object is ``None``.
NAVIGATION = "navigation"
# Fragments above every signed-in page's content (an offer to take the tutorial). They run on every request:
# their ``context`` must cost no query (read the request's session or the principal, already loaded).
PAGE_NOTICES = "page.notices"

Shown = Callable[[Any, Any, Mapping], bool]


def always(principal, obj, context) -> bool:
    return True


@dataclass(frozen=True)
class Link:
    """A link a feature adds to a place: ``url(obj)`` is its address, ``shown(principal, obj, context)`` whether
    this reader sees it; ``emphasis`` is the button's Bootstrap colour where a place draws buttons."""

    name: str  # unique among the place's entries: registering it again replaces it
    label: Any  # a lazy translation
    url: Callable[[Any], str]
    shown: Shown = always
    order: int = 100
    emphasis: str = "primary"


@dataclass(frozen=True)
class Fragment:
    """A template a feature renders into a place; ``context(principal, obj, page_context)`` gives what it needs,
    or ``None`` when there is nothing to show."""

    name: str
    template: str
    context: Callable[[Any, Any, Mapping], Mapping | None]
    order: int = 100


@dataclass(frozen=True)
class SettingsSection:
    """A feature's part of a directory's settings page: ``form(directory, data)`` builds its form (bound to the
    POST's data, or unbound), ``template`` draws it (given ``form``); valid forms are saved with the directory's
    own, in one transaction."""

    name: str
    form: Callable[[Any, Mapping | None], BaseForm]
    template: str
    order: int = 100


@dataclass(frozen=True)
class ApiField:
    """A field a feature adds to a resource of the REST API: ``field()`` makes the serializer field (a new one
    for each serializer), read through ``related``, the relation the resource's rows select with them."""

    name: str
    field: Callable[[], Any]
    related: str = ""
    order: int = 100


@dataclass(frozen=True)
class DatedEntry:
    """One moment of a person's calendar: ``uid`` stays the same as long as the thing dated does; ``ends_at`` is
    ``None`` for a deadline (a moment, not a span); ``url`` is the page it is about, without the site's address."""

    uid: str
    kind: Any
    title: str
    starts_at: datetime
    ends_at: datetime | None
    url: str


@dataclass(frozen=True)
class CalendarSource:
    """``entries(principal, since)`` gives what the feature dates for this person from ``since`` on, in a fixed
    number of queries whatever their count, titles in the active language."""

    name: str
    entries: Callable[[Any, datetime], list[DatedEntry]]
    order: int = 100


@dataclass
class Registry:
    links: dict[str, dict[str, Link]] = field(default_factory=dict)
    fragments: dict[str, dict[str, Fragment]] = field(default_factory=dict)
    settings_sections: dict[str, SettingsSection] = field(default_factory=dict)
    api_fields: dict[str, dict[str, ApiField]] = field(default_factory=dict)
    calendar_sources: dict[str, CalendarSource] = field(default_factory=dict)


registry = Registry()


def add_link(place: str, link: Link) -> Link:
    registry.links.setdefault(place, {})[link.name] = link
    return link


def add_fragment(place: str, fragment: Fragment) -> Fragment:
    registry.fragments.setdefault(place, {})[fragment.name] = fragment
    return fragment


def add_settings_section(section: SettingsSection) -> SettingsSection:
    registry.settings_sections[section.name] = section
    return section


def add_api_field(resource: str, api_field: ApiField) -> ApiField:
    registry.api_fields.setdefault(resource, {})[api_field.name] = api_field
    return api_field


def add_calendar_source(source: CalendarSource) -> CalendarSource:
    registry.calendar_sources[source.name] = source
    return source


def dated_entries_for(principal, since: datetime) -> list[DatedEntry]:
    """What every feature dates for the person from ``since`` on, source by source."""
    return [entry for source in _in_order(registry.calendar_sources) for entry in source.entries(principal, since)]


def api_fields_for(resource: str) -> list[ApiField]:
    """The fields features add to the resource, in order."""
    return _in_order(registry.api_fields.get(resource, {}))


def api_relations_for(resource: str) -> list[str]:
    """The relations the resource's rows select so that the features' fields cost no query of their own."""
    return list(dict.fromkeys(api_field.related for api_field in api_fields_for(resource) if api_field.related))


def _in_order(entries: dict) -> list:
    # sorted() is stable: entries of one order keep the order they were registered in.
    return sorted(entries.values(), key=lambda entry: entry.order)


@dataclass(frozen=True)
class ShownLink:
    label: Any
    url: str
    emphasis: str


def links_for(place: str, principal, obj, context: Mapping) -> list[ShownLink]:
    """The place's links this reader sees, in order, with their addresses for ``obj``."""
    return [
        ShownLink(link.label, link.url(obj), link.emphasis)
        for link in _in_order(registry.links.get(place, {}))
        if link.shown(principal, obj, context)
    ]


def fragments_for(place: str, principal, obj, context: Mapping) -> list[tuple[str, Mapping]]:
    """(template, its context) of each of the place's fragments that has something to show, in order."""
    shown = []
    for fragment in _in_order(registry.fragments.get(place, {})):
        fragment_context = fragment.context(principal, obj, context)
        if fragment_context is not None:
            shown.append((fragment.template, fragment_context))
    return shown


@dataclass(frozen=True)
class BoundSection:
    template: str
    form: BaseForm


def settings_sections_for(directory, data: Mapping | None) -> list[BoundSection]:
    """Every feature's settings form for the directory, in order."""
    return [
        BoundSection(section.template, section.form(directory, data))
        for section in _in_order(registry.settings_sections)
    ]


# --- Template tags ({% load features %}) --------------------------------------------

register = template.Library()


@register.simple_tag(takes_context=True)
def feature_links(context, place: str, obj) -> list[ShownLink]:
    return links_for(place, context.get("principal"), obj, context)


@register.simple_tag(takes_context=True)
def feature_fragments(context, place: str, obj) -> SafeString:
    """The place's fragments, each rendered in the page's context (as ``{% include %}`` would) plus its own."""
    rendered = []
    for name, fragment_context in fragments_for(place, context.get("principal"), obj, context):
        with context.push(**fragment_context):
            rendered.append(context.template.engine.get_template(name).render(context))
    return mark_safe("".join(rendered))  # noqa: S308  (templates' output, escaped as they render)
