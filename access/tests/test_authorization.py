"""Every URL, every role: who may open it, and what no page may show to the wrong role.

The access table is the specification; each app writes its own rows in its ``tests/access_table.py``
(``access.tests.access_cases`` gathers them). A URL added to the project without a row, or a view without a
declared guard, fails ``test_every_url_is_in_the_access_table``.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from access.guards import guard_of
from access.middleware import SELF_GUARDED_VIEW_MODULES
from access.tests.access_cases import A_B_MEMBERS, ROLES, access_table
from enlace.testing.world import EXCHANGE_A_B, ONLY_D3_A, SECRET_C, UNNOMINATED_A, World

# Who may see text that only appears with these contacts.
MARKERS = {
    SECRET_C: frozenset({"poc_c", "coord_c", "manager_d2"}),
    # A contact never nominated to D1 is not D1's manager's to see, although its State takes part in D1.
    UNNOMINATED_A: frozenset({"poc_a", "coord_a"}),
    ONLY_D3_A: frozenset({"poc_a", "coord_a"}),
}
# Markers no search finds, but no page may show to the wrong role.
PAGE_MARKERS = {**MARKERS, EXCHANGE_A_B: A_B_MEMBERS}


# Every installed app writes its own rows (``<app>/tests/access_table.py``).
ACCESS_TABLE = access_table()


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
