"""Signing in by e-mail address: only by an address the account has proven it owns."""

from allauth.account import app_settings
from allauth.account.app_settings import LoginMethod
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress


class VerifiedAddressBackend(AuthenticationBackend):
    """allauth's backend, except that an address added but never confirmed signs no one in.

    allauth also tries the accounts that merely listed the address (unverified); here only the account
    whose address it is (its sign-in address, or a verified one) may sign in with it.
    """

    def _authenticate_by_email(self, email: str, password: str):
        if not email or LoginMethod.EMAIL not in app_settings.LOGIN_METHODS:
            return None
        for user in filter_users_by_email(email, prefer_verified=True, for_login=True):
            if _owns(user, email) and self._check_password(user, password):
                return user
        return None


def _owns(user, email: str) -> bool:
    if (user.email or "").lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
