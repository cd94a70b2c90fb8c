"""Personal API tokens: what a script presents instead of a password.

A user creates a token in the interface and sees it once; Enlace keeps only its
SHA-256 hash (``tokens.links.hash_token``), a short prefix to recognise it by,
its scope (read-only or read-write; one directory or all the user may see) and
its expiry. A request made with it has the user's own rights, narrowed to that
scope, never more.
"""

import functools
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.principal import read_role_rows, role_rows_column, role_rows_parameters
from directory.models import Directory
from enlace.model_rows import ModelColumns
from enlace.prepared_statements import prepared_cursor
from tokens.links import issue_token

TOKEN_PREFIX = "enl_"  # noqa: S105 (a marker that tells tokens apart in logs and scanners, not a secret)


class Access(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now: datetime | None = None) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        pgettext_lazy("name of a thing", "name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the script using it."),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # The token's first characters, shown to tell tokens apart (never enough to use one).
    prefix = models.CharField(max_length=12)
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, default=Access.READ)
    directory = models.ForeignKey(
        Directory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("directory"),
        help_text=_("Leave empty for every directory you may see."),
    )
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        constraints = [
            models.CheckConstraint(condition=Q(access__in=Access.values), name="api_token_known_access"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created")), name="api_token_expires_after_creation"
            ),
        ]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_read_only(self) -> bool:
        return self.access == Access.READ

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def issue(
        cls, *, user, name: str, access: str, directory: Directory | None, expires_at: datetime
    ) -> tuple["ApiToken", str]:
        """Create a token; returns it with the secret, which is shown once and never stored."""
        issued = issue_token()
        secret = TOKEN_PREFIX + issued.token
        token = cls.objects.create(
            user=user,
            name=name,
            token_hash=hash_secret(secret),
            prefix=secret[:12],
            access=access,
            directory=directory,
            expires_at=expires_at,
        )
        return token, secret


def token_for_secret(secret: str) -> ApiToken | None:
    """The token whose secret this is, with its user, in one statement (every API request starts here).

    The same statement reads the user's roles for the permission layer (``token.role_rows``, see
    ``accounts.principal.principal_for``): an API request needs no other query to know who asks.
    """
    from django.db import connection

    token_columns, user_columns, sql = _token_statement(connection.vendor)
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, {"token_hash": hash_secret(secret), **role_rows_parameters()})
        row = cursor.fetchone()
    if row is None:
        return None
    *row, role_rows = row
    token = token_columns.instance(row[: len(token_columns)])
    ApiToken.user.field.set_cached_value(token, user_columns.instance(row[len(token_columns) :]))
    token.role_rows = read_role_rows(role_rows)
    return token


@functools.cache
def _token_statement(vendor: str) -> tuple[ModelColumns, ModelColumns, str]:
    from django.contrib.auth import get_user_model
    from django.db import connection

    quote = connection.ops.quote_name
    user_model = get_user_model()
    token, user = ModelColumns(ApiToken, "token"), ModelColumns(user_model, "account")
    roles = role_rows_column(
        vendor,
        user_id=f"{quote(user.alias)}.{quote(user_model._meta.pk.column)}",
        contact_id=f"{quote(user.alias)}.{quote(user_model._meta.get_field('contact').column)}",
    )
    # Only names from the models' metadata go into the text; the secret's hash is a parameter.
    sql = (
        f"SELECT {token.select()}, {user.select()}, {roles} "  # noqa: S608
        f"FROM {quote(ApiToken._meta.db_table)} {quote(token.alias)} "
        f"JOIN {quote(user_model._meta.db_table)} {quote(user.alias)} "
        f"ON {quote(user.alias)}.{quote(user_model._meta.pk.column)} = "
        f"{quote(token.alias)}.{quote(ApiToken.user.field.column)} "
        f"WHERE {quote(token.alias)}.{quote(ApiToken.token_hash.field.column)} = %(token_hash)s"
    )
    return token, user, sql


def hash_secret(secret: str) -> str:
    from tokens.links import hash_token

    return hash_token(secret)


def revoke_tokens_of(sender, *, user, **kwargs) -> int:
    """Revoke every token of a deactivated account: reactivating it must not bring them back."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
