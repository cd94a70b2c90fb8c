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
            # Read with the user's roles (access.principal), not by a query of its own on every page.
            and not principal.has_second_factor
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
