"""The Redis cache keeps one client per connection pool, and reads and writes what Django's own does."""

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache


def test_every_call_goes_through_one_kept_client(shared_cache):
    first = cache._cache.get_client(write=True)

    cache.set("kept-client", "value")

    assert cache.get("kept-client") == "value"
    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client(write=False) is first  # one server: reads go to the same pool


def test_entries_are_the_same_as_djangos_own_cache_makes(shared_cache, settings):
    djangos = DjangoRedisCache(settings.REDIS_URL, {"KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"]})

    djangos.set("written-by-django", {"a": 1})
    cache.set("written-by-enlace", [1, 2])

    assert cache.get("written-by-django") == {"a": 1}
    assert djangos.get("written-by-enlace") == [1, 2]
