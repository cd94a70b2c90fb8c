"""Signing in by API token: ``Authorization: Bearer enl_...`` on the API's addresses only.

Runs after Django's session middleware and before ``access.middleware``, so the
one permission layer sees the token's user (narrowed to the token's directory)
like any signed-in user. A token is never accepted on a page: pages keep
session sign-in, with its CSRF protection and two-factor authentication.
"""

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, token_for_secret


class ApiTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header or not request.path.startswith(settings.API_PREFIX):
            return self.get_response(request)
        kind, _space, secret = header.partition(" ")
        if kind.lower() != "bearer" or not secret.strip():
            return _refused(_("Send the token as “Authorization: Bearer <token>”."))
        # One indexed query (the secret's SHA-256 is fast enough to compute on every request): the token and its
        # user. Whether the user has a second factor is read with its roles (accounts.principal).
        token = token_for_secret(secret.strip())
        now = timezone.now()
        if token is None or not token.user.is_active:
            return _refused(_("This token is not valid."))
        if token.revoked_at is not None:
            return _refused(_("This token was revoked."))
        if token.expires_at <= now:
            return _refused(_("This token has expired."))
        if token.last_used_at is None or now - token.last_used_at > settings.API_TOKEN_USE_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request.user = token.user
        request.api_token = token
        request._dont_enforce_csrf_checks = True  # no cookie is involved: nothing for CSRF to protect
        return self.get_response(request)


def _refused(message: str) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
