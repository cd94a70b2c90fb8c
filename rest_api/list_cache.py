"""Pages of the API's directory lists kept in the shared cache, for the caller that read them, until the
directory's data changes.

Scripts that keep a national copy of the directory ask for the same pages again and again, and almost
always find them unchanged. A page once built is kept under a key made of everything it depends on: the
caller (its token, or its user for a browser session) and its rights as the permission layer resolved them
on this request, the address asked for (host, path and query: filters, ordering, cursor, page size), and
the language. The token and the caller's rights are still read from the database on every request, so a
revoked token or a withdrawn role stops working at once; only the page itself is reused.

A page stays valid while the data public pages show has not changed: any save or delete of a directory
record (and an applied import) bumps the generation ``enlace.page_cache`` keeps, and a page kept under an
older generation is never served. Pages are kept only in a cache every web process shares (Redis, when
``REDIS_URL`` is set): with each process's own memory, one process would not learn of another's writes.
``API_LIST_CACHE_SECONDS`` bounds how long a page is kept (0 turns the cache off).
"""

import dataclasses
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from rest_framework.request import Request

from access.principal import Principal
from enlace import page_cache, redis_calls


def enabled() -> bool:
    return bool(settings.REDIS_URL) and settings.API_LIST_CACHE_SECONDS > 0


class CachedPages:
    """For list views of directory records (``enlace.page_cache`` watches what they show): a page is built
    once per caller, rights, address and language, then served from the cache until the data changes."""

    def reads_with_throttle(self, request: Request) -> list[str]:
        """The cache keys this request's page is read from (``api.throttling``: in its round trip)."""
        if self.action != "list" or not _kept(request):
            return []
        return [page_cache.GENERATION_KEY, self._page_key(request)]

    def list(self, request: Request, *args, **kwargs) -> HttpResponse:
        if not _kept(request):
            return super().list(request, *args, **kwargs)
        media_type = request.accepted_media_type  # "application/json", or with "; indent=4"
        key = self._page_key(request)
        read = getattr(request, "read_with_throttle", {})
        if key in read:
            generation, kept = read[page_cache.GENERATION_KEY], read[key]
        else:
            generation, kept = redis_calls.get_many(cache, [page_cache.GENERATION_KEY, key])
        generation = generation or 0
        if kept is not None and kept[0] == generation:
            return HttpResponse(kept[1], content_type=media_type)
        response = super().list(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        # Kept as the bytes sent (reading them back costs nothing, where the rows' values cost unpickling), and
        # sent as kept, so a page is rendered once.
        body = request.accepted_renderer.render(response.data, media_type, self.get_renderer_context())
        cache.set(key, (generation, body), settings.API_LIST_CACHE_SECONDS)
        return HttpResponse(body, content_type=media_type)

    def _page_key(self, request: Request) -> str:
        # Worked out once per request: the throttle asks for it, then the list.
        key = getattr(request, "_kept_page_key", None)
        if key is None:
            key = request._kept_page_key = _key(request, self.principal, self.basename, request.accepted_media_type)
        return key


def _kept(request: Request) -> bool:
    return enabled() and request.method == "GET" and request.accepted_renderer.format == "json"


_PRINCIPAL_FIELDS = dataclasses.fields(Principal)


def _key(request: Request, principal: Principal, list_name: str, media_type: str) -> str:
    token = getattr(request._request, "api_token", None)
    caller = f"token-{token.pk}" if token is not None else f"user-{principal.user_id}"
    values = (getattr(principal, field.name) for field in _PRINCIPAL_FIELDS)
    rights = [sorted(value) if isinstance(value, frozenset) else value for value in values]
    digest = hashlib.sha256(f"{rights!r} {media_type} {request.build_absolute_uri()}".encode()).hexdigest()[:40]
    return f"api-list:{list_name}:{caller}:{translation.get_language()}:{digest}"
