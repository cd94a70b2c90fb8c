"""Sign-in addresses: an address is a user's only once proven, and every change goes to the change log.

Every account starts with its address verified (an invitation's link was followed to create it, or an
operator created it), so allauth never lets an unverified address become the primary, sign-in one: a
new address becomes the user's only when the link sent to it is followed (``ACCOUNT_CHANGE_EMAIL``).
"""

from allauth.account.models import EmailAddress
from auditlog.models import LogEntry


def verified_address_for_new_user(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not instance.email:
        return
    EmailAddress.objects.get_or_create(
        user=instance, email=instance.email.lower(), defaults={"verified": True, "primary": True}
    )
    # Someone else's unconfirmed claim on this address (added, never proven) is void now it is taken.
    EmailAddress.objects.filter(email__iexact=instance.email, verified=False).exclude(user=instance).delete()


def log_email_change(sender, request, user, from_email_address, to_email_address, **kwargs) -> None:
    """Record the new sign-in address where the user's State's coordinators and its managers read the log."""
    changes = {"email": [from_email_address.email if from_email_address else "", to_email_address.email]}
    for scope in scopes_of(user):
        LogEntry.objects.log_create(user, action=LogEntry.Action.UPDATE, changes=changes, additional_data=scope)


def scopes_of(user) -> list[dict]:
    """The States (and directories, for a manager) a user's account belongs to, as the change log stamps them."""
    from accounts.models import Role

    scopes = []
    if user.contact_id:
        scopes.append({"state": user.contact.institution.state_id})
    for role, state_id, directory_id in user.role_assignments.values_list("role", "state_id", "directory_id"):
        if role == Role.COORDINATOR:
            scopes.append({"state": state_id})
        elif role == Role.MANAGER:
            scopes.append({"directory": directory_id})
    unique = []
    for scope in scopes:
        if scope not in unique:
            unique.append(scope)
    return unique
