"""Users, their roles, and invitations (there is no public sign-up)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.restriction import RestrictedQuerySet


class UserManager(BaseUserManager.from_queryset(RestrictedQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        # Superusers exist for operators only; the product itself grants nothing by this flag.
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractUser):
    """Someone who signs in. Roles come from RoleAssignment rows and from ``contact``."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    username = None
    first_name = None
    last_name = None
    name = models.CharField(pgettext_lazy("person's name", "name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), unique=True)
    # The point-of-contact role: this user *is* that contact of the directory.
    contact = models.OneToOneField(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user_account",
        verbose_name=_("contact record"),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # The interface language the account last read Enlace in (blank: the default, English, or never
    # signed in): e-mails to the account are written in it (mail.languages.account_language).
    language = models.CharField(_("language"), max_length=16, blank=True, default="", choices=settings.LANGUAGES)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    # Raised when the account is deactivated: every session signed in before then stops matching
    # (``get_session_auth_hash``), so reactivating the account does not bring old sessions back.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive")]

    def __str__(self) -> str:
        return self.name or self.email

    def get_session_auth_hash(self) -> str:
        # Generation 0 keeps Django's own hash, so sessions open before this existed stay valid.
        if not self.session_generation:
            return super().get_session_auth_hash()
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "enlace.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name or self.email


class Role(models.TextChoices):
    MANAGER = "manager", _("Directory manager")
    COORDINATOR = "coordinator", _("National coordinator")
    POINT_OF_CONTACT = "poc", _("Point of contact")


class RoleAssignment(models.Model):
    """A manager role over one directory, or a coordinator role over one State."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    directory = models.ForeignKey("directory.Directory", on_delete=models.CASCADE, null=True, blank=True)
    state = models.ForeignKey("directory.State", on_delete=models.CASCADE, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.MANAGER, directory__isnull=False, state__isnull=True)
                | Q(role=Role.COORDINATOR, state__isnull=False, directory__isnull=True),
                name="role_assignment_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "directory"], condition=Q(role=Role.MANAGER), name="role_assignment_unique_manager"
            ),
            models.UniqueConstraint(
                fields=["user", "state"], condition=Q(role=Role.COORDINATOR), name="role_assignment_unique_coordinator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.directory or self.state}"


class InvitationQuerySet(RestrictedQuerySet):
    def pending(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


def invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class Invitation(models.Model):
    """An e-mailed, single-use link that creates an account with one role."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    state = models.ForeignKey("directory.State", on_delete=models.CASCADE, null=True, blank=True)
    directory = models.ForeignKey("directory.Directory", on_delete=models.CASCADE, null=True, blank=True)
    contact = models.ForeignKey("directory.Contact", on_delete=models.CASCADE, null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.MANAGER, directory__isnull=False)
                | Q(role=Role.COORDINATOR, state__isnull=False)
                | Q(role=Role.POINT_OF_CONTACT, state__isnull=False, contact__isnull=False),
                name="invitation_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
