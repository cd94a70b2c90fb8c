"""Several reads or counts in one round trip to Redis, for the calls every API request makes.

On an API request answered from the cache, the throttle's counters and the page read were a third of
the request: here they are pipelined, through the client the cache keeps (``enlace.redis_cache``). Keys
and values are made exactly as Django's cache makes them (its key function and serializer), so both
read and write the same entries.

For a cache that is not Redis (each process's memory, the embedded default), the same results come from
the cache's own calls.
"""

from collections.abc import Sequence

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCacheClient


def get_many(cache: BaseCache, keys: Sequence[str]) -> list:
    """The values of ``keys`` in order (None where missing), in one round trip."""
    client = _client(cache)
    if client is None:
        found = cache.get_many(keys)
        return [found.get(key) for key in keys]
    raw = client.mget([cache.make_and_validate_key(key) for key in keys])
    loads = cache._cache._serializer.loads
    return [None if value is None else loads(value) for value in raw]


def count(cache: BaseCache, key: str, *, timeout: int, also_get: str) -> tuple[int, int | None]:
    """Add one to the counter ``key`` (kept ``timeout`` seconds) and read ``also_get``: (the count, its value)."""
    counted, (other,) = count_and_get(cache, key, timeout=timeout, keys=[also_get])
    return counted, other


def count_and_get(cache: BaseCache, key: str, *, timeout: int, keys: Sequence[str]) -> tuple[int, list]:
    """Add one to the counter ``key`` (kept ``timeout`` seconds) and read ``keys``: (the count, their values in
    order, None where missing), in one round trip."""
    client = _client(cache)
    if client is None:
        if cache.add(key, 1, timeout=timeout):
            counted = 1
        else:
            try:
                counted = cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.set(key, 1, timeout=timeout)
                counted = 1
        found = cache.get_many(keys)
        return counted, [found.get(read) for read in keys]
    counter = cache.make_and_validate_key(key)
    pipeline = client.pipeline(transaction=False)
    pipeline.incr(counter).expire(counter, timeout).mget([cache.make_and_validate_key(read) for read in keys])
    counted, _expiry_set, raw = pipeline.execute()
    loads = cache._cache._serializer.loads
    return counted, [None if value is None else loads(value) for value in raw]


def _client(cache: BaseCache):
    """The Redis client of this cache, or None for another kind of cache."""
    # Through ``django.core.cache.cache`` (a proxy to this thread's cache) as well as a cache itself.
    if not isinstance(getattr(cache, "_cache", None), RedisCacheClient):
        return None
    return cache._cache.get_client(write=True)
