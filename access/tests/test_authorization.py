"""Every URL, every role: who may open it, and what no page may show to the wrong role.

The table below is the specification. A URL added to the project without a row
here, or a view without a declared guard, fails ``test_every_url_is_in_the_access_table``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from access.guards import guard_of
from access.middleware import SELF_GUARDED_VIEW_MODULES
from enlace.testing.world import EXCHANGE_A_B, ONLY_D3_A, SECRET_C, UNNOMINATED_A, World
from messaging.defaults import INCIDENT_NOTIFICATION

ROLES = ("public", "poc_a", "poc_b", "poc_c", "coord_a", "coord_c", "manager_d1", "manager_d2")
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"public"}
STATE_A_ADMINS = frozenset({"coord_a", "manager_d1"})
# Everyone who reads directory D1: its manager, and the PoCs and coordinators of its States.
D1_READERS = frozenset({"poc_a", "poc_b", "coord_a", "manager_d1"})
# Those who act for a State (communications): points of contact and coordinators, never managers as such.
STATE_MEMBERS = frozenset({"poc_a", "poc_b", "poc_c", "coord_a", "coord_c"})
# The two States of the A→B communication; no manager, no third State.
A_B_MEMBERS = frozenset({"poc_a", "poc_b", "coord_a"})
# A TLP:AMBER communication from A (sent by A's PoC) to B's technical PoCs, of whom B's PoC is not one.
AMBER_SENDERS = frozenset({"poc_a", "coord_a"})

# Who may see text that only appears with these contacts.
MARKERS = {
    SECRET_C: frozenset({"poc_c", "coord_c", "manager_d2"}),
    # A contact never nominated to D1 is not D1's manager's to see, although its State takes part in D1.
    UNNOMINATED_A: frozenset({"poc_a", "coord_a"}),
    ONLY_D3_A: frozenset({"poc_a", "coord_a"}),
}
# Markers no search finds, but no page may show to the wrong role.
PAGE_MARKERS = {**MARKERS, EXCHANGE_A_B: A_B_MEMBERS}


def _template_form() -> dict:
    """A template editor submission with one short text field (a new template or a revision)."""
    return {
        "title_en": "Status report",
        "fields-TOTAL_FORMS": "1",
        "fields-INITIAL_FORMS": "0",
        "fields-0-type": "short_text",
        "fields-0-label_en": "Summary",
        "fields-0-ORDER": "1",
    }


@dataclass(frozen=True)
class Case:
    allowed: frozenset[str]
    kwargs: Callable[[World], dict] = lambda world: {}
    method: str = "GET"
    data: Callable[[World], dict] = lambda world: {}
    query: str = ""
    note: str = field(default="", compare=False)


ACCESS_TABLE: dict[str, list[Case]] = {
    "directory:home": [Case(EVERYONE)],
    "directory:search": [Case(SIGNED_IN, query="q=Pointperson")],
    "directory:detail": [
        Case(frozenset({"poc_a", "poc_b", "coord_a", "manager_d1"}), lambda w: {"slug": w.d1.slug}),
        Case(frozenset({"poc_a", "poc_b", "coord_a", "manager_d1"}), lambda w: {"slug": w.d1.slug}, query="state=MEX"),
    ],
    "directory:settings": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "directory:public": [Case(EVERYONE, lambda w: {"slug": w.d1.slug})],
    "directory:manager_nominations": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}),
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, query="status=stale"),
    ],
    "directory:contact": [
        Case(frozenset({"poc_a", "poc_b", "coord_a", "manager_d1"}), lambda w: {"code": w.contact_a.code}),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.hidden_a.code}, note="nominated nowhere"),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.only_d3_a.code}, note="nominated to D3 only"),
    ],
    "directory:contact_edit": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.contact_a.code}),
        Case(STATE_A_ADMINS | {"poc_a"}, lambda w: {"code": w.own_a.code}, note="a PoC edits its own details"),
        Case(frozenset({"coord_a"}), lambda w: {"code": w.only_d3_a.code}, note="nominated to D3 only"),
    ],
    "directory:contact_nominate": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.contact_a.code}),
        Case(frozenset({"coord_a"}), lambda w: {"code": w.only_d3_a.code}, note="nominated to D3 only"),
    ],
    "directory:nomination_retire": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.nomination_a.code}, note="the confirmation page"),
        Case(
            STATE_A_ADMINS,
            lambda w: {"code": w.nomination_a.code},
            method="POST",
            data=lambda w: {"ends_on": timezone.localdate().isoformat()},
        ),
    ],
    "directory:nomination_reinstate": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.nomination_a.code}, method="POST", note="as who may retire it")
    ],
    "directory:my_state": [Case(frozenset({"coord_a", "coord_c"}))],
    "directory:state_manage": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "directory:contact_create": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "directory:institution_create": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "directory:institution_edit": [Case(STATE_A_ADMINS, lambda w: {"code": w.institution_a.code})],
    "directory:institution_delete": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.empty_institution_a.code}, method="POST")
    ],
    "accounts:accept_invitation": [Case(EVERYONE, lambda w: {"token": w.invitation_token})],
    # The invitation names a contact of A never nominated anywhere: D1's manager does not see it.
    "accounts:invitation_revoke": [
        Case(frozenset({"coord_a"}), lambda w: {"code": w.invitation.code}, note="the page that asks first"),
        Case(
            frozenset({"coord_a"}),
            lambda w: {"code": w.invitation.code},
            method="POST",
            data=lambda w: {"confirm": "yes"},
        ),
    ],
    "accounts:state_users": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "accounts:user_set_active": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.target_user.code}, method="POST", data=lambda w: {"active": "0"})
    ],
    "accounts:profile": [Case(SIGNED_IN)],
    "pings:rounds": [Case(STATE_A_ADMINS, lambda w: {"slug": w.d1.slug})],
    "pings:round_new": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "pings:round": [Case(STATE_A_ADMINS, lambda w: {"code": w.ping_round.code})],
    "pings:round_progress": [Case(STATE_A_ADMINS, lambda w: {"code": w.ping_round.code})],
    "pings:record_answer": [
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"code": w.ping_a.code},
            method="POST",
            data=lambda w: {"channel": "phone", "note": "Reached by phone"},
        )
    ],
    "pings:mine": [Case(frozenset({"poc_a", "poc_b", "poc_c"}))],
    "pings:confirm_signed_in": [Case(frozenset({"poc_a"}), lambda w: {"code": w.own_ping.code})],
    "pings:enter_code": [Case(EVERYONE)],
    "pings:confirm": [Case(EVERYONE, lambda w: {"token": w.ping_token})],
    "exchange:export": [
        Case(D1_READERS, lambda w, format=format: {"slug": w.d1.slug, "format": format})
        for format in ("csv", "xlsx", "json", "vcf")
    ],
    "exchange:import": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "exchange:import_spreadsheet": [Case(STATE_A_ADMINS, lambda w: {"slug": w.d1.slug})],
    # An import job (a file of contact data) is its uploader's alone, even for the directory's manager.
    "exchange:import_job": [Case(frozenset({"coord_a"}), lambda w: {"code": w.import_job_a.code})],
    "exchange:import_job_progress": [Case(frozenset({"coord_a"}), lambda w: {"code": w.import_job_a.code})],
    "exchange:import_job_apply": [Case(frozenset({"coord_a"}), lambda w: {"code": w.import_job_a.code}, method="POST")],
    "ping_reports:results": [Case(STATE_A_ADMINS, lambda w: {"slug": w.d1.slug})],
    "ping_reports:anonymised": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, note="nothing published"),
        Case(frozenset({"poc_c", "coord_c", "manager_d2"}), lambda w: {"slug": w.d2.slug}, note="published"),
    ],
    "ping_reports:anonymised_csv": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, note="nothing published"),
        Case(frozenset({"poc_c", "coord_c", "manager_d2"}), lambda w: {"slug": w.d2.slug}, note="published"),
    ],
    "ping_reports:publish": [
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"code": w.ping_round.code},
            method="POST",
            data=lambda w: {"publish": "1"},
        )
    ],
    "audit:change_log": [
        Case(frozenset({"coord_a", "coord_c", "manager_d1", "manager_d2"})),
        Case(
            frozenset({"coord_a", "coord_c", "manager_d1", "manager_d2"}),
            query="state=MEX",
            note="D1's manager reads A's entries about contacts it may see only",
        ),
    ],
    "messaging:templates": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "messaging:template_new": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}),
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"slug": w.d1.slug},
            method="POST",
            data=lambda w: {**_template_form(), "kind": "other", "key": "cbm-report"},
        ),
    ],
    "api:state-list": [Case(SIGNED_IN)],
    "api:state-detail": [Case(SIGNED_IN, lambda w: {"iso3": w.c.iso3})],
    "api:directory-list": [Case(SIGNED_IN)],
    "api:directory-detail": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "api:institution-list": [Case(SIGNED_IN)],
    "api:institution-detail": [Case(D1_READERS, lambda w: {"code": w.institution_a.code})],
    "api:contact-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="q=Pointperson")],
    "api:contact-detail": [
        Case(D1_READERS, lambda w: {"code": w.contact_a.code}),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.hidden_a.code}, note="nominated nowhere"),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.only_d3_a.code}, note="nominated to D3 only"),
    ],
    "api:nomination-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="directory=d1&state=MEX")],
    "api:nomination-detail": [Case(D1_READERS, lambda w: {"code": w.nomination_a.code})],
    "api:nomination-retire": [
        Case(
            STATE_A_ADMINS,
            lambda w: {"code": w.nomination_a.code},
            method="POST",
            data=lambda w: {"ends_on": timezone.localdate().isoformat()},
        )
    ],
    "api:ping-round-list": [Case(SIGNED_IN)],
    "api:ping-round-detail": [Case(STATE_A_ADMINS, lambda w: {"code": w.ping_round.code})],
    "api:ping-round-results": [Case(STATE_A_ADMINS, lambda w: {"code": w.ping_round.code})],
    "api:document-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="directory=d1&q=Alfa")],
    "api:document-detail": [
        Case(SIGNED_IN, lambda w: {"code": w.public_document_a.code}),
        Case(D1_READERS, lambda w: {"code": w.reserved_document_a.code}),
    ],
    "api:communication-list": [Case(SIGNED_IN)],
    "api:communication-detail": [
        Case(frozenset({"poc_a", "poc_b", "coord_a"}), lambda w: {"code": w.communication.code}, note="not managers"),
        Case(AMBER_SENDERS, lambda w: {"code": w.amber_communication.code}, note="AMBER: not B, not addressed"),
    ],
    "api:cbm-status-detail": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "api:schema": [Case(EVERYONE)],
    "api:docs": [Case(EVERYONE)],
    "api:tokens": [Case(SIGNED_IN)],
    "api:token_revoke": [
        Case(frozenset({"poc_a"}), lambda w: {"code": w.api_token_a.code}, method="POST", note="one's own tokens only")
    ],
    "messaging:template_revise": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION}),
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION},
            method="POST",
            data=lambda w: {**_template_form(), "based_on": "1", "is_active": "on"},
        ),
    ],
    "communications:inbox": [Case(STATE_MEMBERS), Case(STATE_MEMBERS, query="scope=mine")],
    "communications:sent": [Case(STATE_MEMBERS)],
    "communications:needs_action": [Case(STATE_MEMBERS)],
    "communications:choose": [Case(STATE_MEMBERS)],
    "communications:compose": [Case(A_B_MEMBERS, lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION})],
    "communications:recipients": [
        Case(A_B_MEMBERS, lambda w: {"slug": w.d1.slug}, query="audience=diplomatic&tlp=red")
    ],
    "communications:detail": [
        Case(A_B_MEMBERS, lambda w: {"code": w.communication.code}),
        Case(AMBER_SENDERS, lambda w: {"code": w.amber_communication.code}, note="AMBER: not B, not addressed"),
    ],
    "communications:acknowledge": [
        Case(frozenset({"poc_b"}), lambda w: {"code": w.communication.code}, method="POST", note="the recipient State"),
        Case(frozenset(), lambda w: {"code": w.amber_communication.code}, method="POST", note="AMBER: addressees only"),
    ],
    "communications:answer": [
        Case(frozenset({"poc_b"}), lambda w: {"code": w.communication.code}),
        Case(frozenset(), lambda w: {"code": w.amber_communication.code}, note="AMBER: addressees only"),
    ],
    "communications:escalate": [
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.communication.code}, method="POST"),
        Case(AMBER_SENDERS, lambda w: {"code": w.amber_communication.code}, method="POST"),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.communication.code}, note="the confirmation page"),
        Case(
            frozenset({"poc_a", "coord_a"}),
            lambda w: {"code": w.communication.code},
            method="POST",
            data=lambda w: {"confirm": "yes"},
        ),
    ],
    "communications:acknowledge_link": [
        Case(EVERYONE, lambda w: {"token": w.acknowledgement_token}, note="the e-mailed link is the credential")
    ],
    "communications:statistics": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "communications:ladder": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}),
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"slug": w.d1.slug},
            method="POST",
            data=lambda w: {
                "steps-TOTAL_FORMS": "1",
                "steps-INITIAL_FORMS": "0",
                "steps-0-target": "coordinator",
                "steps-0-delay_hours": "12",
                "reminders-acknowledgement_hours_before": "2",
                "reminders-answer_reminder_days": "5,12",
            },
        ),
    ],
    "messaging:version": [
        Case(D1_READERS, lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION, "number": 1}),
        Case(
            D1_READERS,
            lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION, "number": 1},
            query="language=es",
        ),
        Case(
            D1_READERS,
            lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION, "number": 1},
            method="POST",
            data=lambda w: {"language": "en", "preview-incident_type": "ddos"},
            note="trying the form out sends and keeps nothing",
        ),
    ],
    "repository:documents": [
        Case(D1_READERS, lambda w: {"slug": w.d1.slug}),
        Case(D1_READERS, lambda w: {"slug": w.d1.slug}, query="q=plan&state=MEX&kind=law&year=2020&status=draft"),
    ],
    "repository:public": [
        Case(EVERYONE, lambda w: {"slug": w.d1.slug}),
        Case(EVERYONE, lambda w: {"slug": w.d1.slug}, query="q=estrategia&language=es"),
    ],
    "repository:state": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "repository:create": [
        Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3}),
        Case(
            STATE_A_ADMINS,
            lambda w: {"iso3": w.a.iso3},
            method="POST",
            data=lambda w: {
                "name": "Ley Alfa",
                "description": "Ley.",
                "kind": "law",
                "language": "es",
                "status": "in_force",
                "visibility": "public",
                "reference_url": "https://example.org/ley",
            },
        ),
    ],
    "repository:document": [
        Case(EVERYONE, lambda w: {"code": w.public_document_a.code}),
        Case(D1_READERS, lambda w: {"code": w.reserved_document_a.code}, note="participants only"),
    ],
    "repository:file": [Case(D1_READERS, lambda w: {"code": w.reserved_document_a.code})],
    "repository:edit": [Case(STATE_A_ADMINS, lambda w: {"code": w.reserved_document_a.code})],
    "repository:reviewed": [Case(STATE_A_ADMINS, lambda w: {"code": w.reserved_document_a.code}, method="POST")],
    "cbm:dashboard": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "cbm:csv": [
        Case(D1_READERS, lambda w: {"slug": w.d1.slug}),
        Case(D1_READERS, lambda w: {"slug": w.d1.slug}, query="part=summary"),
    ],
    "cbm:install": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, method="POST")],
    "cbm:publish": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, method="POST", data=lambda w: {"publish": "0"})
    ],
    "cbm:edit_catalogue": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "cbm:edit_measure": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug, "number": 4})],
    "cbm:state": [
        Case(STATE_A_ADMINS, lambda w: {"slug": w.d1.slug, "iso3": w.a.iso3}),
        Case(
            STATE_A_ADMINS,
            lambda w: {"slug": w.d1.slug, "iso3": w.a.iso3},
            method="POST",
            data=lambda w: {
                "measure": "4",
                "m4-status": "in_progress",
                "m4-evidence": "Taller",
                "m4-as_of": "2026-01-05",
            },
        ),
    ],
    "cbm:public": [Case(EVERYONE, lambda w: {"slug": w.d1.slug})],
    "cbm:public_csv": [
        Case(EVERYONE, lambda w: {"slug": w.d1.slug}),
        Case(EVERYONE, lambda w: {"slug": w.d1.slug}, query="part=summary"),
    ],
}


def _patterns(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _patterns(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}", pattern.callback


def test_every_url_is_in_the_access_table():
    unguarded, missing = [], []
    for name, callback in _patterns(get_resolver()):
        if callback.__module__.startswith(SELF_GUARDED_VIEW_MODULES):
            continue
        if guard_of(callback) is None:
            unguarded.append(name)
        if name not in ACCESS_TABLE:
            missing.append(name)
    assert not unguarded, f"Views without an access guard: {unguarded}"
    assert not missing, f"URLs missing from the access table: {missing}"


def test_the_access_table_names_only_existing_urls():
    names = {name for name, _callback in _patterns(get_resolver())}
    assert set(ACCESS_TABLE) <= names


def _client_for(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def _body(response) -> str:
    """The page, or a download read to its end (exports are streamed)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def _assert_no_leak(role: str, body: str, where: str) -> None:
    for marker, may_see in PAGE_MARKERS.items():
        if role not in may_see:
            assert marker not in body, f"{role} saw {marker!r} on {where}"


@pytest.mark.parametrize("url_name", sorted(ACCESS_TABLE))
def test_each_role_gets_exactly_its_access(world, url_name):
    for case in ACCESS_TABLE[url_name]:
        url = reverse(url_name, kwargs=case.kwargs(world))
        if case.query:
            url = f"{url}?{case.query}"
        for role in ROLES:
            with transaction.atomic():
                client = _client_for(world, role)
                send = client.post if case.method == "POST" else client.get
                response = send(url, case.data(world))
                where = f"{case.method} {url}"
                if role in case.allowed:
                    assert response.status_code in (200, 302), f"{role} refused ({response.status_code}) at {where}"
                    if response.status_code == 302:
                        assert "/accounts/" not in response["Location"], f"{role} sent to sign in at {where}"
                elif role == "public" and url.startswith("/api/"):
                    assert response.status_code == 401, f"public got {response.status_code} at {where}"
                elif role == "public":
                    assert response.status_code == 302, f"public got {response.status_code} at {where}"
                    assert response["Location"].startswith(reverse("account_login")), where
                else:
                    assert response.status_code in (403, 404), f"{role} got {response.status_code} at {where}"
                if response.status_code == 200:
                    _assert_no_leak(role, _body(response), where)
                transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_search_shows_only_what_the_role_may_see(world, role):
    client = _client_for(world, role)
    response = client.get(reverse("directory:search"), {"q": "Pointperson"})
    if role == "public":
        assert response.status_code == 302
        return
    body = response.content.decode()
    _assert_no_leak(role, body, "search")
    for marker, may_see in MARKERS.items():
        if role in may_see:
            assert marker in body, f"{role} should find {marker!r}"


def _self_guarded_urls() -> list[str]:
    urls = []
    for name, callback in _patterns(get_resolver()):
        if not callback.__module__.startswith(SELF_GUARDED_VIEW_MODULES) or not name or name == "None":
            continue
        try:
            urls.append(reverse(name))
        except Exception:  # noqa: S112  (URLs that need arguments are covered by allauth's own tests)
            continue
    return urls


@pytest.mark.parametrize("role", ["public", "poc_a", "coord_a"])
def test_library_pages_guard_themselves(world, role):
    """allauth's pages (sign-in, MFA, e-mail, password) and the language switch: no error, no directory data."""
    client = _client_for(world, role)
    account_pages = {"/accounts/mfa/", "/accounts/email/", "/accounts/password/change/"}
    for url in _self_guarded_urls():
        response = client.get(url)
        assert response.status_code < 500, f"{url} failed for {role}"
        if response.status_code == 200:
            _assert_no_leak(role, response.content.decode(), url)
        if role == "public" and url in account_pages:
            assert response.status_code == 302, f"{url} open to the public"
