import factory

from directory.tests.factories import state
from repository import search
from repository.choices import DocumentKind
from repository.models import Document, DocumentLanguage


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
