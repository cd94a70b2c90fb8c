"""The API's request budget per token, counted in the shared cache at a fixed cost per request."""

import contextlib
import math

from rest_framework import throttling
from rest_framework.settings import api_settings

from enlace import redis_calls


def _nothing(request) -> tuple:
    return ()


class PerTokenThrottle(throttling.SimpleRateThrottle):
    """A request budget per API token (API_RATE_LIMIT); browser sessions are limited per user.

    Two counters per token, this period's and the last one's (a period is the rate's unit: a minute for
    "600/minute"); the requests of the last period count in proportion to the part of it still within
    one period of now (a sliding window, estimated; a request partly counted counts whole). REST
    framework's own throttle keeps a list of every request's time instead, read and rewritten whole on
    every request: its cost grows with the rate, and two processes writing the list at once lose one
    another's requests, where a counter (``incr``, atomic in Redis) does not.

    A view may name cache keys it is about to read (``reads_with_throttle(request)``): they are read with the
    counters, and their values left in ``request.read_with_throttle``.
    """

    scope = "token"

    def get_rate(self) -> str:
        # Read when used, not when the class is defined, so a changed setting takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view) -> str | None:
        if request.auth is not None:
            return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
        if request.user is not None and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"user-{request.user.pk}"}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        period, elapsed = divmod(self.timer(), self.duration)
        current, last = f"{key}:{int(period)}", f"{key}:{int(period) - 1}"
        # What the view will read from the cache anyway (a kept page) comes in the same round trip.
        reads = list(getattr(view, "reads_with_throttle", _nothing)(request))
        # Both periods' counters must outlive the next period, in which this one is "the last".
        counted, (last_count, *read) = redis_calls.count_and_get(
            self.cache, current, timeout=2 * self.duration, keys=[last, *reads]
        )
        request.read_with_throttle = dict(zip(reads, read, strict=True))
        self.last_count = last_count or 0
        self.current_count, self.elapsed = counted - 1, elapsed
        if math.ceil(self.last_count * (1 - elapsed / self.duration)) + self.current_count >= self.num_requests:
            with contextlib.suppress(ValueError):  # a refused request does not use the budget
                self.cache.decr(current)
            return self.throttle_failure()
        return self.throttle_success()

    def throttle_success(self) -> bool:
        return True

    def wait(self) -> float:
        """Seconds until the estimate falls below the budget again (at least one)."""
        remaining = self.duration - self.elapsed
        if self.current_count >= self.num_requests or not self.last_count:
            return max(1.0, remaining)
        # The last period's share shrinks as time passes: it has to shrink by what is over the budget.
        share_left = (self.num_requests - self.current_count - 1) / self.last_count
        return max(1.0, min(remaining, self.duration * (1 - share_left) - self.elapsed))
