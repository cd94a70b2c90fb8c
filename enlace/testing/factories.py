"""Factories for what the shared world does not hold: States (from the reference data), directories,
institutions, contacts, nominations, users in their roles and policy documents, made with factory_boy."""

import factory
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import Role, RoleAssignment, User
from directory.choices import ContactKind, InstitutionKind, RoleKind
from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    Directory,
    DirectoryRole,
    Institution,
    Nomination,
    Participation,
    State,
)
from directory.reference_data import load_states
from repository import search
from repository.choices import DocumentKind
from repository.models import Document, DocumentLanguage


def state(iso3: str) -> State:
    """A UN State from the reference data (reloaded if a transactional test emptied the table)."""
    found = State.objects.filter(iso3=iso3).first()
    if found is None:
        load_states()
        found = State.objects.get(iso3=iso3)
    return found


class DirectoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directory
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"directory-{n}")
    name = factory.Sequence(lambda n: f"Directory {n}")
    managing_body = "Secretariat"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for position, kind in enumerate(extracted or [RoleKind.DIPLOMATIC, RoleKind.TECHNICAL]):
            DirectoryRole.objects.create(directory=self, kind=kind, position=position)

    @factory.post_generation
    def states(self, create, extracted, **kwargs):
        for member in extracted or []:
            Participation.objects.create(directory=self, state=member)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    state = factory.LazyFunction(lambda: state("MEX"))
    name = factory.Sequence(lambda n: f"Institution {n}")
    kind = InstitutionKind.CSIRT


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    kind = ContactKind.PERSON
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    title = "Officer"

    @factory.post_generation
    def email(self, create, extracted, **kwargs):
        address = extracted or f"contact{self.pk}@{self.institution.state.iso2.lower()}.example.org"
        ContactEmail.objects.create(contact=self, address=address)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        for position, code in enumerate(extracted or ["en"]):
            ContactLanguage.objects.create(contact=self, code=code, position=position)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    contact = factory.SubFactory(ContactFactory)
    directory = factory.SubFactory(DirectoryFactory)
    state = factory.LazyAttribute(lambda nomination: nomination.contact.institution.state)
    role = factory.LazyAttribute(lambda nomination: nomination.directory.roles.get(kind=RoleKind.DIPLOMATIC))


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


class DocumentFactory(factory.django.DjangoModelFactory):
    """A policy document with a reference link; ``languages=["es", "en"]`` sets its languages (main first)."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    state = factory.LazyFunction(lambda: state("MEX"))
    name = factory.Sequence(lambda n: f"Policy document {n}")
    description = "A national policy on cybersecurity."
    kind = DocumentKind.NATIONAL_STRATEGY
    reference_url = "https://example.org/policy.pdf"
    search_config = factory.LazyAttribute(lambda document: search.config_for("en"))

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        codes = extracted or ["en"]
        for position, code in enumerate(codes):
            DocumentLanguage.objects.create(document=self, code=code, position=position)
        if codes[0] != "en":
            Document.objects.filter(pk=self.pk).update(search_config=search.config_for(codes[0]))
