from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef
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
            and not has_second_factor(request.user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user) -> bool:
    # A user read with ``second_factor_of`` (an API token's, with the token) already knows the answer.
    known = getattr(user, "has_second_factor", None)
    if known is not None:
        return known
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def second_factor_of(user_lookup: str) -> Exists:
    """Whether the user at ``user_lookup`` has a second factor, to read in the same query as the user."""
    return Exists(Authenticator.objects.filter(user=OuterRef(user_lookup), type__in=SECOND_FACTORS))
