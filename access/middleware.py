import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from access.guards import guard_of
from access.principal import principal_of

logger = logging.getLogger(__name__)

# Views of well-kept libraries that guard themselves (sign-in, MFA set-up,
# language switch). Any other view without a guard is refused.
SELF_GUARDED_VIEW_MODULES = ("allauth.", "django.views.i18n", "django.views.static")


class AccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.principal = SimpleLazyObject(lambda: _principal(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        guard = guard_of(view_func)
        if guard is None:
            module = getattr(view_func, "__module__", "") or ""
            if module.startswith(SELF_GUARDED_VIEW_MODULES):
                return None
            logger.error("View %s.%s declares no access guard; refused.", module, view_func.__name__)
            raise PermissionDenied("This page declares no access rule.")
        principal = request.principal
        if guard.allows(principal):
            return None
        if request.path.startswith(settings.API_PREFIX):
            # A program gets a status and a reason, not a sign-in page.
            if not principal.is_authenticated:
                return JsonResponse({"detail": _("Sign in, or send an API token.")}, status=401)
            return JsonResponse({"detail": _("You may not use this address.")}, status=403)
        if not principal.is_authenticated and guard.wants_sign_in:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        raise PermissionDenied


def _principal(request):
    """The request's user's rights; an API token limited to one directory narrows them to it."""
    token = getattr(request, "api_token", None)
    if token is None:
        return principal_of(request.user)
    # The token's statement read its user's roles too (api.models.token_for_secret).
    role_rows = token.role_rows if token.user is request.user else None
    return principal_of(request.user, directory_id=token.directory_id, role_rows=role_rows)
