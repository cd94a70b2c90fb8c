from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse

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
