"""Signing in by e-mail address: only by an address the account has proven it owns; the signed-in user
read back on every request by one statement written out once."""

import functools
from typing import TYPE_CHECKING

from allauth.account import app_settings
from allauth.account.app_settings import LoginMethod
from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection

from enlace.model_rows import ModelColumns

if TYPE_CHECKING:
    from accounts.models import User


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

    def get_user(self, user_id):
        """The signed-in user of a session, if it may still sign in (as Django's own backend answers)."""
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def user_by_id(user_id) -> "User | None":
    """The user with this id (as a session stores it), or None.

    Every signed-in request reads its user: built by the ORM, the query cost about half a millisecond of
    Python, more than the database's own time. The instance is the one the ORM would build."""
    columns, sql = _user_statement()
    try:
        pk = columns.model._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    return None if row is None else columns.instance(row)


@functools.cache
def _user_statement() -> tuple[ModelColumns, str]:
    model = get_user_model()
    quote = connection.ops.quote_name
    columns = ModelColumns(model, "account")
    # Only names from the model's metadata go into the text; the id is a parameter.
    sql = (
        f"SELECT {columns.select()} FROM {quote(model._meta.db_table)} {quote(columns.alias)} "  # noqa: S608
        f"WHERE {quote(columns.alias)}.{quote(model._meta.pk.column)} = %s"
    )
    return columns, sql


def _owns(user, email: str) -> bool:
    if (user.email or "").lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()
