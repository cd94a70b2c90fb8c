"""Coordinators maintain their State's documents: status, successor, review."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from enlace.testing.factories import DocumentFactory
from repository.choices import DocumentStatus
from repository.models import REVIEW_INTERVAL, Document


def _form(**overrides) -> dict:
    data = {
        "name": "Ley de Ciberseguridad",
        "description": "La ley.",
        "kind": "law",
        "language": "es",
        "other_languages": ["en"],
        "status": "in_force",
        "visibility": "public",
        "reference_url": "https://example.org/ley",
    }
    data.update(overrides)
    return data


def test_a_coordinator_adds_a_document_with_its_languages_and_institutions(client, network):
    from enlace.testing.factories import InstitutionFactory

    ministry = InstitutionFactory(state=network.mexico, name="Secretaría de Relaciones Exteriores")
    client.force_login(network.coordinator_mex)
    response = client.post(reverse("repository:create", args=["MEX"]), _form(institutions=[ministry.pk]))
    document = Document.objects.get()
    assert response.status_code == 302
    assert (document.state, document.language_codes, list(document.institutions.all())) == (
        network.mexico,
        ["es", "en"],
        [ministry],
    )
    assert document.search_config == "enlace_spanish"
    assert document.created_by == network.coordinator_mex


def test_another_states_institution_cannot_be_named_responsible(client, network):
    from enlace.testing.factories import InstitutionFactory

    foreign = InstitutionFactory(state=network.kenya)
    client.force_login(network.coordinator_mex)
    response = client.post(reverse("repository:create", args=["MEX"]), _form(institutions=[foreign.pk]))
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_a_superseded_document_names_its_successor(client, network):
    old = DocumentFactory(state=network.mexico, name="Ley de 2010")
    client.force_login(network.coordinator_mex)
    url = reverse("repository:edit", args=[old.code])
    response = client.post(url, _form(name="Ley de 2010", status="superseded"))
    assert "Say which document superseded this one." in response.content.decode()
    new = DocumentFactory(state=network.mexico, name="Ley de 2025")
    client.post(url, _form(name="Ley de 2010", status="superseded", superseded_by=new.pk))
    old.refresh_from_db()
    assert (old.status, old.superseded_by) == (DocumentStatus.SUPERSEDED, new)


def test_marking_a_document_reviewed_moves_its_next_reminder_a_year_on(client, network):
    document = DocumentFactory(state=network.mexico, reviewed_on=timezone.localdate() - timedelta(days=400))
    client.force_login(network.coordinator_mex)
    client.post(reverse("repository:reviewed", args=[document.code]))
    document.refresh_from_db()
    assert document.reviewed_on == timezone.localdate()
    assert document.next_review_reminder == timezone.localdate() + REVIEW_INTERVAL


def test_saving_a_document_is_in_the_states_change_log(client, network):
    from auditlog.models import LogEntry

    client.force_login(network.coordinator_mex)
    client.post(reverse("repository:create", args=["MEX"]), _form())
    entry = LogEntry.objects.get(content_type__model="document")
    assert entry.additional_data == {"state": network.mexico.pk}
    assert "Ley de Ciberseguridad" in client.get(reverse("audit:change_log")).content.decode()


def test_documents_list_newest_in_force_first_and_undated_drafts_last(network):
    from datetime import date

    DocumentFactory(state=network.mexico, name="Borrador", status=DocumentStatus.DRAFT)
    DocumentFactory(state=network.mexico, name="Ley 2019", entry_into_force=date(2019, 1, 1))
    DocumentFactory(state=network.mexico, name="Ley 2024", entry_into_force=date(2024, 1, 1))
    assert list(Document.objects.values_list("name", flat=True)) == ["Ley 2024", "Ley 2019", "Borrador"]
