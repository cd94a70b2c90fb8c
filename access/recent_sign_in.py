"""The most sensitive actions ask the person to confirm it is them when they signed in too long ago.

A view declares it with ``@recent_sign_in_required`` (beside its guard). Whoever signed in, or confirmed
their password or second factor, less than ``REAUTHENTICATION_MINUTES`` ago goes straight through; anyone
else is sent to allauth's confirmation page and then back to the page. A form sent after the confirmation
lapsed is not replayed: the person comes back to the form, fresh, and sends it again knowingly.
"""

import time
from functools import wraps
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext as _

# When this session signed in, and when it last served a request (accounts.middleware.IdleSessionMiddleware).
SIGNED_IN_AT = "enlace:signed_in_at"
LAST_SEEN_AT = "enlace:last_seen_at"


def record_sign_in(sender, request, user, **kwargs) -> None:
    """Receiver of ``user_logged_in``: the sign-in is the first confirmation, and starts the session's clock."""
    if request is not None and hasattr(request, "session"):
        # Both at once, so the pages that follow a sign-in write nothing more to the session.
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = time.time()


def last_confirmed_at(request) -> float:
    """When the person last proved it is them in this session: its sign-in, or a later confirmation."""
    times = [request.session.get(SIGNED_IN_AT, 0.0)]
    # allauth notes each password or second factor given in this session, with its time.
    times += [record.get("at", 0.0) for record in get_authentication_records(request, request.user)]
    return max(times)


def confirmed_recently(request) -> bool:
    return time.time() - last_confirmed_at(request) < settings.REAUTHENTICATION_MINUTES * 60


def recent_sign_in_required(view):
    """Refuse ``view`` to a person who has not signed in or confirmed it is them recently (see the module)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and not confirmed_recently(request):
            messages.info(request, _("For your security, confirm it is you before you continue."))
            # A GET comes back as it was; a form comes back empty rather than being sent again unseen.
            next_url = request.get_full_path() if request.method == "GET" else request.path
            # What the person's own sign-in asks for first (their password; or their second factor without one).
            methods = get_adapter().get_reauthentication_methods(request.user)
            confirm_url = methods[0]["url"] if methods else resolve_url(settings.LOGIN_URL)
            return redirect(f"{confirm_url}?{urlencode({'next': next_url})}")
        return view(request, *args, **kwargs)

    wrapper.requires_recent_sign_in = True
    return wrapper
