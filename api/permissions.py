"""What a token's scope allows on top of the user's own rights (which ``access`` decides)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions


class WithinTokenScope(permissions.BasePermission):
    message = _("This token is read-only: it cannot change anything.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        if token is None or request.method in permissions.SAFE_METHODS:
            return True
        return not token.is_read_only
