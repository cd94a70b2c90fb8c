"""Full-text search with the database's own index (FTS5 on SQLite, tsvector on PostgreSQL), with filters."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enlace.testing.factories import DocumentFactory, state
from repository.choices import DocumentKind, DocumentStatus
from repository.models import Document
from repository.tests.conftest import strategy_pdf


@pytest.fixture
def library(db):
    spanish = DocumentFactory(
        name="Estrategia Nacional de Ciberseguridad",
        description="Protección de las infraestructuras críticas y cooperación internacional.",
        languages=["es"],
        entry_into_force=date(2024, 3, 1),
    )
    english = DocumentFactory(
        state=state("ARG"),
        name="Cybercrime Act",
        description="Offences against the confidentiality of computer data; the naïve résumé of café owners.",
        kind=DocumentKind.LAW,
        languages=["en", "es"],
        entry_into_force=date(2019, 6, 1),
        status=DocumentStatus.DRAFT,
    )
    return spanish, english


def found(text: str) -> set[str]:
    return set(Document.objects.search(text).values_list("name", flat=True))


def test_spanish_words_with_accents_find_the_spanish_document(library):
    assert found("protección") == {"Estrategia Nacional de Ciberseguridad"}
    assert found("infraestructuras críticas") == {"Estrategia Nacional de Ciberseguridad"}


def test_spanish_words_typed_without_accents_find_it_too(library):
    assert found("proteccion critica") == {"Estrategia Nacional de Ciberseguridad"}


def test_a_singular_finds_the_plural(library):
    assert found("infraestructura") == {"Estrategia Nacional de Ciberseguridad"}


def test_english_words_with_accents_find_the_english_document(library):
    assert found("naïve résumé") == {"Cybercrime Act"}
    assert found("naive cafe") == {"Cybercrime Act"}
    assert found("confidentiality") == {"Cybercrime Act"}


def test_every_word_must_match(library):
    assert found("protección cybercrime") == set()


def test_search_syntax_typed_by_a_user_is_ignored(library):
    assert found('"Cybercrime*"^ (: -') == {"Cybercrime Act"}


def test_nothing_but_punctuation_matches_nothing(library):
    assert Document.objects.search("!!!").count() == 0


def test_a_word_from_inside_an_uploaded_pdf_finds_the_document(
    client, network, media, django_capture_on_commit_callbacks
):
    client.force_login(network.coordinator_mex)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("repository:create", args=["MEX"]),
            {
                "name": "Estrategia",
                "description": "Documento marco.",
                "kind": "national_strategy",
                "language": "es",
                "status": "in_force",
                "visibility": "public",
                "upload": SimpleUploadedFile("e.pdf", strategy_pdf()),
            },
        )
    assert found("diplomacia digital") == {"Estrategia"}


def test_the_list_filters_by_state_type_year_language_and_status(client, network, library):
    client.force_login(network.manager)
    url = reverse("repository:documents", args=["oas"])

    def names(**query) -> set[str]:
        response = client.get(url, query)
        return {document.name for document in response.context["documents"]}

    assert names() == {"Estrategia Nacional de Ciberseguridad", "Cybercrime Act"}
    assert names(state="ARG") == {"Cybercrime Act"}
    assert names(kind="law") == {"Cybercrime Act"}
    assert names(year="2024") == {"Estrategia Nacional de Ciberseguridad"}
    assert names(language="en") == {"Cybercrime Act"}
    assert names(language="es") == {"Estrategia Nacional de Ciberseguridad", "Cybercrime Act"}
    assert names(status="draft") == {"Cybercrime Act"}
    assert names(q="cooperación", status="in_force") == {"Estrategia Nacional de Ciberseguridad"}


def test_a_word_in_the_name_ranks_before_the_same_word_in_a_file(db):
    DocumentFactory(name="Plan de respuesta", description="Plan general.", languages=["es"])
    DocumentFactory(name="Ley de Ciberseguridad", description="Incluye un capítulo sobre la ciberseguridad.")
    DocumentFactory(name="Estrategia", description="Otra cosa.", languages=["es"])
    Document.objects.filter(name="Estrategia").update(text="La ciberseguridad del país, en el anexo.")
    assert list(Document.objects.search("ciberseguridad").values_list("name", flat=True)) == [
        "Ley de Ciberseguridad",
        "Estrategia",
    ]


def test_htmx_gets_only_the_results_and_the_page_works_without_it(client, library):
    url = reverse("repository:public", args=["oas"])
    from enlace.testing.factories import DirectoryFactory

    DirectoryFactory(slug="oas", states=[state("MEX"), state("ARG")])
    partial = client.get(url, {"q": "protección"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="document-results"')
    assert "Estrategia Nacional de Ciberseguridad" in partial and "<html" not in partial
    whole = client.get(url, {"q": "protección"}).content.decode()
    assert "<html" in whole and "Estrategia Nacional de Ciberseguridad" in whole
