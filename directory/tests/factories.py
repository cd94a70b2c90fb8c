import factory

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
