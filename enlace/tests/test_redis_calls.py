"""Reads and counts in one round trip give what Django's own cache calls give, on Redis and in memory."""

import pytest
from django.core.cache import cache

from enlace import redis_calls


@pytest.fixture(params=["memory", "redis"])
def either_cache(request):
    if request.param == "redis":
        request.getfixturevalue("shared_cache")
    return request.param


def test_values_written_by_the_cache_are_read_back_in_order(either_cache):
    cache.set("page", (3, b'{"results":[]}'))
    cache.set("generation", 3)
    assert redis_calls.get_many(cache, ["generation", "missing", "page"]) == [3, None, (3, b'{"results":[]}')]


def test_a_counter_counts_from_one_and_the_cache_reads_it(either_cache):
    cache.set("period:1", 7)
    assert redis_calls.count(cache, "period:2", timeout=60, also_get="period:1") == (1, 7)
    assert redis_calls.count(cache, "period:2", timeout=60, also_get="nothing") == (2, None)
    assert cache.get("period:2") == 2
    cache.decr("period:2")
    assert redis_calls.count(cache, "period:2", timeout=60, also_get="period:1") == (2, 7)


def test_on_redis_the_calls_go_through_one_kept_client(shared_cache):
    redis_calls.get_many(cache, ["a"])
    client = redis_calls._client(cache)
    redis_calls.count(cache, "b", timeout=60, also_get="a")
    assert client is not None and redis_calls._client(cache) is client


def test_a_counter_counts_and_the_keys_asked_for_are_read_with_it_in_order(either_cache):
    cache.set("generation", 4)
    cache.set("page", (4, b"[]"))
    assert redis_calls.count_and_get(cache, "period:2", timeout=60, keys=["page", "missing", "generation"]) == (
        1,
        [(4, b"[]"), None, 4],
    )
    assert redis_calls.count_and_get(cache, "period:2", timeout=60, keys=[]) == (2, [])
