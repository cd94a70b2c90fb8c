import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from access.recent_sign_in import LAST_SEEN_AT, SIGNED_IN_AT

# The idle clock is renewed at most once a minute, so that a page costs no session write.
RENEW_AFTER_SECONDS = 60

# While enrolling, a user must still reach the MFA pages, sign out and switch language.
EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/")


class RequireMultiFactorMiddleware:
    """Managers and coordinators must enrol a second factor before they use Enlace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        principal = getattr(request, "principal", None)
        if (
            principal is not None
            and request.user.is_authenticated
            and not request.path.startswith(EXEMPT_PREFIXES)
            and principal.requires_mfa
            # Read with the user's roles (accounts.principal), not by a query of its own on every page.
            and not principal.has_second_factor
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class RememberLanguageMiddleware:
    """Keep the language a signed-in person reads Enlace in, so that its e-mails come in it too.

    Nothing is written while it reads the language already kept (or English with none kept), so a
    page costs no query for it. API clients are left out: their Accept-Language is a program's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated:
            language = getattr(request, "LANGUAGE_CODE", "")
            if language != (user.language or settings.LANGUAGE_CODE):
                get_user_model().objects.filter(pk=user.pk).update(language=language)
                user.language = language
        return self.get_response(request)


class IdleSessionMiddleware:
    """End a session left unused for ``SESSION_IDLE_MINUTES``, or older than ``SESSION_MAX_HOURS``.

    Each request renews the idle clock. The person who comes back is told why, signs in again and returns to
    the page they asked for (a form's page, empty: what was typed before is not sent again unseen).
    API tokens have no session and are left to their own expiry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "api_token", None) is None and request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
            if now - last_seen_at >= settings.SESSION_IDLE_MINUTES * 60:
                return self._sign_in_again(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity. Sign in again to continue.")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
            if now - signed_in_at >= settings.SESSION_MAX_HOURS * 60 * 60:
                return self._sign_in_again(
                    request,
                    _("You were signed out because you signed in more than %(hours)s hours ago. Sign in again.")
                    % {"hours": settings.SESSION_MAX_HOURS},
                )
            if now - last_seen_at >= RENEW_AFTER_SECONDS:
                session[LAST_SEEN_AT] = now
        return self.get_response(request)

    def _sign_in_again(self, request, message: str) -> HttpResponse:
        back_to = _page_to_return_to(request)
        logout(request)
        messages.info(request, message)
        if request.headers.get("HX-Request"):
            # An htmx request would otherwise swap the sign-in page into a fragment: send the whole page there.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = redirect_to_login(back_to)["Location"]
            return response
        return redirect_to_login(back_to)


def _page_to_return_to(request) -> str:
    if request.headers.get("HX-Request"):
        # The page that holds the fragment, as htmx reports it (only its path: never another site).
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        return (current.path + (f"?{current.query}" if current.query else "")) or "/"
    return request.get_full_path() if request.method == "GET" else request.path
