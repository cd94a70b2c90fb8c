"""Invitations and account supervision: each State's coordinator supervises its points of contact's credentials."""

from django.contrib.auth.models import update_last_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from access.principal import Principal
from access.restriction import can
from accounts.models import Invitation, Role, RoleAssignment, User
from accounts.signals import user_deactivated
from enlace.translated_texts import reader_language
from mail.languages import recipient_language
from mail.services import queue_email
from tokens.links import hash_token, issue_token


def invite(
    *,
    principal: Principal,
    inviter: User,
    email: str,
    role: str,
    state=None,
    directory=None,
    contact=None,
    language: str | None = None,
) -> Invitation:
    """Create an invitation and queue its e-mail; refuses what the inviter may not grant."""
    email = email.strip().lower()
    token = issue_token()
    invitation = Invitation(
        email=email,
        role=role,
        state=state,
        directory=directory,
        contact=contact,
        token_hash=token.digest,
        invited_by=inviter,
    )
    if not _may_grant(principal, invitation):
        raise PermissionDenied
    _send_invitation(invitation, token.token, inviter_name=str(inviter), language=language)
    return invitation


def invite_manager(*, directory, email: str, language: str = "en") -> tuple[Invitation, str]:
    """An operator's invitation of a directory's manager (from the command line, no signed-in inviter).

    Returns the invitation and its link path, which the operator may also hand over in person.
    """
    token = issue_token()
    invitation = Invitation(
        email=email.strip().lower(), role=Role.MANAGER, directory=directory, token_hash=token.digest
    )
    _send_invitation(invitation, token.token, inviter_name=directory.managing_body, language=language)
    return invitation, reverse("accounts:accept_invitation", args=[token.token])


def _send_invitation(invitation: Invitation, token: str, *, inviter_name: str, language: str | None) -> None:
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("Someone already has an account with this e-mail address."), code="exists")
    if invitation.contact is not None and User.objects.filter(contact=invitation.contact).exists():
        raise ValidationError(_("This contact already has an account."), code="contact_has_account")
    with transaction.atomic():
        invitation.save()
        queue_email(
            to=invitation.email,
            template="accounts/email/invitation",
            context={
                "invitation": invitation,
                "inviter": inviter_name,
                "link": reverse("accounts:accept_invitation", args=[token]),
            },
            language=_invitation_language(invitation, language),
            purpose="invitation",
            sensitive=True,
        )


def _invitation_language(invitation: Invitation, language: str | None) -> str:
    """A point of contact's invitation follows the rule of every e-mail to a contact (its operating languages);
    a coordinator or manager, of whom nothing is on record yet, reads it in the language the inviter chose, or
    the one the inviter reads Enlace in."""
    if invitation.contact is not None:
        return recipient_language(invitation.contact.language_codes)
    return reader_language(language)


def _may_grant(principal: Principal, invitation: Invitation) -> bool:
    if invitation.role == Role.POINT_OF_CONTACT:
        if invitation.contact is None or invitation.contact.institution.state_id != invitation.state_id:
            return False
        return invitation.state_id in principal.administered_state_ids
    if invitation.role == Role.COORDINATOR:
        return invitation.state_id in principal.managed_state_ids
    return False


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation for this token, or None (unknown, used, revoked or expired alike)."""
    invitation = Invitation.objects.pending().filter(token_hash=hash_token(token)).first()
    return invitation


def accept_invitation(invitation: Invitation, *, name: str, password: str) -> User:
    """Create the invited account; ValidationError if the invitation can no longer be used."""
    if _account_exists_for(invitation):
        # Another invitation for this address or contact was accepted first: this one is spent.
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(revoked_at=timezone.now())
        raise ValidationError(_("This invitation can no longer be used."), code="superseded")
    try:
        with transaction.atomic():
            return _create_invited_account(invitation, name=name, password=password)
    except IntegrityError:
        # Two invitations for the same address or contact were accepted at the same moment.
        raise ValidationError(_("This invitation can no longer be used."), code="superseded") from None


def _account_exists_for(invitation: Invitation) -> bool:
    if User.objects.filter(email__iexact=invitation.email).exists():
        return True
    return invitation.contact_id is not None and User.objects.filter(contact_id=invitation.contact_id).exists()


def _time_zone_of(invitation: Invitation) -> str:
    """A new account starts in its contact's time zone, else its State's; a manager's in UTC."""
    if invitation.contact is not None and invitation.contact.time_zone != "UTC":
        return invitation.contact.time_zone
    return invitation.state.time_zone if invitation.state is not None else "UTC"


def _create_invited_account(invitation: Invitation, *, name: str, password: str) -> User:
    now = timezone.now()
    # Claim the invitation first, so two submissions cannot both create an account.
    claimed = Invitation.objects.pending().filter(pk=invitation.pk).update(accepted_at=now)
    if claimed != 1:
        raise ValidationError(_("This invitation has already been used."), code="used")
    user = User.objects.create_user(invitation.email, password, name=name, time_zone=_time_zone_of(invitation))
    if invitation.role == Role.POINT_OF_CONTACT:
        user.contact = invitation.contact
        user.save(update_fields=["contact"])
    elif invitation.role == Role.COORDINATOR:
        RoleAssignment.objects.create(user=user, role=Role.COORDINATOR, state=invitation.state)
    elif invitation.role == Role.MANAGER:
        RoleAssignment.objects.create(user=user, role=Role.MANAGER, directory=invitation.directory)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_user=user)
    # Other pending invitations for this address, or for this contact, could only fail now: withdraw them.
    spent = Q(email__iexact=invitation.email)
    if invitation.contact_id is not None:
        spent |= Q(contact_id=invitation.contact_id)
    Invitation.objects.pending().filter(spent).exclude(pk=invitation.pk).update(revoked_at=now)
    update_last_login(None, user)
    return user


def set_active(*, principal: Principal, user: User, active: bool) -> None:
    """Deactivating ends the account's sessions and its API tokens for good: reactivating revives neither."""
    if not can(principal, "manage", user):
        raise PermissionDenied
    with transaction.atomic():
        user.is_active = active
        fields = ["is_active", "updated"]
        if not active:
            # Open sessions stop working on their next request (their hash no longer matches), and
            # stay dead if the account is reactivated; the user signs in again.
            user.session_generation += 1
            fields.append("session_generation")
        user.save(update_fields=fields)
        if not active:
            user_deactivated.send(sender=User, user=user)


def revoke_invitation(*, principal: Principal, invitation: Invitation) -> None:
    if not can(principal, "manage", invitation):
        raise PermissionDenied
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(revoked_at=timezone.now())


def coordinators_of(state_id: int):
    """Active accounts of a State's national coordinators (who get its e-mail digests)."""
    return User.objects.filter(
        is_active=True, role_assignments__role=Role.COORDINATOR, role_assignments__state_id=state_id
    )


def managers_of(directory_id: int):
    """Active accounts of a directory's managers."""
    return User.objects.filter(
        is_active=True, role_assignments__role=Role.MANAGER, role_assignments__directory_id=directory_id
    )
