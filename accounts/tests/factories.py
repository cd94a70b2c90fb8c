import factory
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import Role, RoleAssignment, User

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@enlace.test")
    name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        self.save()


def enrol_totp(user: User) -> str:
    """Give the user TOTP and recovery codes; returns the TOTP secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def manager_of(directory, **fields) -> User:
    user = UserFactory(**fields)
    RoleAssignment.objects.create(user=user, role=Role.MANAGER, directory=directory)
    enrol_totp(user)
    return user


def coordinator_of(state, **fields) -> User:
    user = UserFactory(**fields)
    RoleAssignment.objects.create(user=user, role=Role.COORDINATOR, state=state)
    enrol_totp(user)
    return user


def point_of_contact(contact, **fields) -> User:
    return UserFactory(contact=contact, **fields)
