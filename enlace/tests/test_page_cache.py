"""Signed-out visitors' public pages come from the cache until what they show changes."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cbm.choices import Derivation, ImplementationStatus
from cbm.services import install_oas_catalogue, report
from directory.models import Participation
from enlace.page_cache import CSRF_MARK, NONCE_MARK
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    DocumentFactory,
    InstitutionFactory,
    NominationFactory,
    manager_of,
    state,
)

PUBLIC_PAGES = ["directory:public", "cbm:public", "cbm:public_csv", "repository:public"]


@pytest.fixture
def directory(db):
    mexico, argentina = state("MEX"), state("ARG")
    directory = DirectoryFactory(slug="oas", states=[mexico, argentina])
    install_oas_catalogue(directory)
    for member in (mexico, argentina):
        DocumentFactory(state=member, name=f"Estrategia {member.iso3}")
        NominationFactory(directory=directory, contact=ContactFactory(institution=InstitutionFactory(state=member)))
    return directory


def page(url_name: str, client: Client | None = None, **headers) -> str:
    return (client or Client()).get(reverse(url_name, args=["oas"]), headers=headers).content.decode()


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_a_second_visit_is_served_without_a_query(directory, url_name, django_assert_num_queries):
    first = page(url_name)
    with django_assert_num_queries(0):
        second = page(url_name)
    assert second.count("Mexico") == first.count("Mexico") > 0


def test_a_state_joining_shows_on_the_next_visit(directory):
    assert "Kenya" not in page("directory:public")
    Participation.objects.create(directory=directory, state=state("KEN"))
    assert "Kenya" in page("directory:public")


def test_a_document_published_shows_on_the_next_visit(directory):
    assert "Política de Prueba" not in page("repository:public")
    DocumentFactory(state=state("ARG"), name="Política de Prueba")
    assert "Política de Prueba" in page("repository:public")


def test_a_cbm_status_change_shows_on_the_next_visit(directory):
    before = page("cbm:public_csv")
    measure = directory.cbm_catalogue.measures.filter(derivation=Derivation.NONE).first()
    report(measure, state("MEX"), status=ImplementationStatus.IMPLEMENTED, evidence="Decree", as_of=date(2026, 1, 5))
    assert page("cbm:public_csv") != before


def test_language_variants_do_not_mix(directory, django_assert_num_queries):
    assert "México" in page("directory:public", accept_language="es")
    assert "Mexico" in page("directory:public", accept_language="en")
    with django_assert_num_queries(0):
        assert "México" in page("directory:public", accept_language="es")
        assert "México" not in page("directory:public", accept_language="en")


def test_signed_in_visitors_are_not_served_from_the_cache(directory, django_assert_max_num_queries):
    page("directory:public")
    client = Client()
    client.force_login(manager_of(directory))
    with django_assert_max_num_queries(50) as queries:
        body = page("directory:public", client)
    assert queries.captured_queries
    assert "Sign out" in body


def test_each_visitor_gets_its_own_csrf_token_and_csp_nonce(directory):
    page("directory:public")
    responses = [Client().get(reverse("directory:public", args=["oas"])) for _ in range(2)]
    nonces = [response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0] for response in responses]
    for response, nonce in zip(responses, nonces, strict=True):
        body = response.content.decode()
        assert CSRF_MARK not in body and NONCE_MARK not in body
        assert f'nonce="{nonce}"' in body
        assert response.cookies["csrftoken"].value
    assert nonces[0] != nonces[1]
