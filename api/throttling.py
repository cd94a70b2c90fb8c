from rest_framework import throttling
from rest_framework.settings import api_settings


class PerTokenThrottle(throttling.SimpleRateThrottle):
    """A request budget per API token (API_RATE_LIMIT); browser sessions are limited per user."""

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
