"""The page where a signed-in user creates and revokes personal API tokens."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import SIGNED_IN
from access.recent_sign_in import recent_sign_in_required
from api.forms import ApiTokenForm
from api.models import ApiToken
from directory.models import Directory


@recent_sign_in_required
@SIGNED_IN
def tokens(request):
    directories = Directory.objects.restrict(request.principal, "view")
    form = ApiTokenForm(request.POST or None, directories=directories)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = ApiToken.issue(
            user=request.user,
            name=form.cleaned_data["name"],
            access=form.cleaned_data["access"],
            directory=form.cleaned_data["directory"],
            expires_at=form.expires_at,
        )
        form = ApiTokenForm(directories=directories)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user).select_related("directory"),
        },
    )


@require_POST
@SIGNED_IN
def revoke(request, code):
    # Only one's own tokens: another user's token is simply not found.
    token = get_object_or_404(ApiToken, code=code, user=request.user)
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens")
