"""Signed-out visitors' public pages, served from the cache.

A directory's public pages (its States, its CBM dashboard, its public
documents) are the same for every signed-out visitor reading the same
language, and the pages most read by people who are not members. They are
rendered once per directory, language and address (query string included),
kept in the configured cache (Redis in production, each process's memory
otherwise) and served from it without a database query.

What makes a page per visitor is put back on each serve: the page is rendered
with markers where the CSRF token and the CSP nonce go, and each response gets
the visitor's own (so its cookie and its Content-Security-Policy header match
the page). A page is not cached when the visitor may see more than the public
(a session or an API token), has messages waiting, or the view set a cookie.

Invalidation: every save or delete of a model a public page shows bumps one
generation number that is part of every key, right away and again once the
transaction commits (so no request caches what a rolled-back or not yet
committed change left behind). One generation for all directories rather than
one each: a document or a CBM status concerns every directory its State takes
part in, and working that out would cost the writer queries; changes are rare
next to reads. Bulk writes send no signals: they call ``changed()`` themselves,
and entries expire after ``PUBLIC_PAGE_CACHE_SECONDS`` in any case.
"""

import functools
import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

GENERATION_KEY = "public-page:generation"
# Markers rendered in place of the per-response values (letters only: unchanged by escaping).
CSRF_MARK = "PublicPageCsrfTokenMark"
NONCE_MARK = "PublicPageCspNonceMark"
_RENDERING = "_public_page_rendering"


def cached_public_page(view: Callable) -> Callable:
    """Serve ``view`` (a public page of the directory ``slug``) from the cache to signed-out visitors."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, slug, *args, **kwargs)
        key = _key(request, slug)
        entry = cache.get(key)
        if entry is None:
            setattr(request, _RENDERING, True)
            response = view(request, slug, *args, **kwargs)
            setattr(request, _RENDERING, False)
            if not _cacheable_response(request, response):
                return _personalised(request, response.status_code, dict(response.items()), response.content)
            entry = (response.status_code, dict(response.items()), response.content)
            cache.set(key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return _personalised(request, *entry)

    return wrapper


def markers(request: HttpRequest) -> dict:
    """Context processor: markers for the per-response values while a public page renders for the cache."""
    if getattr(request, _RENDERING, False):
        return {"csrf_token": CSRF_MARK, "csp_nonce": NONCE_MARK}
    return {}


def changed(**_signal_arguments) -> None:
    """Something a public page shows changed: every cached public page is stale."""
    _bump()
    transaction.on_commit(_bump)


def watch(models_shown: Iterable[type[models.Model]]) -> None:
    """Invalidate the public pages whenever a row of one of ``models_shown`` is saved or deleted."""
    for model in models_shown:
        post_save.connect(changed, sender=model, dispatch_uid=f"public-page-{model._meta.label}-save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"public-page-{model._meta.label}-delete")


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def _cacheable_request(request: HttpRequest) -> bool:
    """A signed-out visitor (no session, no API token) with no message waiting, reading (GET or HEAD)."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    """A whole page that set no cookie and stored nothing in a session (reading the empty one is fine)."""
    session = getattr(request, "session", None)
    return (
        response.status_code in (200, 404)
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
    )


def _key(request: HttpRequest, slug: str) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    htmx = "htmx" if request.headers.get("HX-Request") == "true" else "page"
    return f"public-page:{generation}:{slug}:{translation.get_language()}:{htmx}:{address}"


def _personalised(request: HttpRequest, status: int, headers: dict, content: bytes) -> HttpResponse:
    """The page with this visitor's CSRF token and this response's CSP nonce where the markers are."""
    if CSRF_MARK.encode() in content:
        content = content.replace(CSRF_MARK.encode(), get_token(request).encode())
    if NONCE_MARK.encode() in content:
        content = content.replace(NONCE_MARK.encode(), str(request._csp_nonce).encode())
    response = HttpResponse(content, status=status)
    for name, value in headers.items():
        if name.lower() != "content-length":
            response[name] = value
    return response
