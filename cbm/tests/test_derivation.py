"""Where Enlace's data answers, a State's CBM status is derived from it, never typed."""

from datetime import date

from cbm.choices import ImplementationStatus
from cbm.services import dashboard
from directory import services as directory_services
from directory.choices import InstitutionKind, RoleKind
from enlace.testing.factories import ContactFactory, DocumentFactory, InstitutionFactory, NominationFactory
from repository.choices import DocumentStatus

IMPLEMENTED, IN_PROGRESS, NOT_STARTED = (
    ImplementationStatus.IMPLEMENTED,
    ImplementationStatus.IN_PROGRESS,
    ImplementationStatus.NOT_STARTED,
)


def status(catalogue, state, number: int) -> str:
    board = dashboard(catalogue.directory, catalogue)
    row = next(row for row in board.rows if row.state == state)
    return row.cells[number - 1].status


def test_the_catalogue_holds_the_six_oas_measures_in_spanish_and_english(network, catalogue):
    measures = list(catalogue.measures.all())
    assert [measure.number for measure in measures] == [1, 2, 3, 4, 5, 6]
    assert measures[1].original_language == "es"
    assert measures[1].text.startswith("Identificar un punto de contacto nacional a nivel político")
    assert measures[1].texts("text")["en"].startswith("Identify a national point of contact at the political level")


def test_a_political_level_nomination_implements_cbm_2_and_retiring_it_undoes_it(network, catalogue):
    assert status(catalogue, network.mexico, 2) == NOT_STARTED
    nomination = NominationFactory(
        directory=network.oas,
        contact=ContactFactory(institution=InstitutionFactory(state=network.mexico)),
        role=network.oas.roles.get(kind=RoleKind.POLITICAL),
    )
    assert status(catalogue, network.mexico, 2) == IMPLEMENTED
    assert status(catalogue, network.argentina, 2) == NOT_STARTED

    from accounts.principal import principal_for

    directory_services.retire(principal=principal_for(network.manager), nomination=nomination, ends_on=date.today())
    assert status(catalogue, network.mexico, 2) == NOT_STARTED


def test_a_nomination_to_another_directory_does_not_count(network, catalogue):
    from enlace.testing.factories import DirectoryFactory

    elsewhere = DirectoryFactory(states=[network.mexico], roles=[RoleKind.POLITICAL])
    NominationFactory(
        directory=elsewhere,
        contact=ContactFactory(institution=InstitutionFactory(state=network.mexico)),
        role=elsewhere.roles.get(kind=RoleKind.POLITICAL),
    )
    assert status(catalogue, network.mexico, 2) == NOT_STARTED


def test_a_political_level_contact_at_the_foreign_ministry_does_not_implement_cbm_3(network, catalogue):
    ministry = InstitutionFactory(state=network.argentina, kind=InstitutionKind.FOREIGN_AFFAIRS)
    NominationFactory(
        directory=network.oas,
        contact=ContactFactory(institution=ministry),
        role=network.oas.roles.get(kind=RoleKind.POLITICAL),
    )
    assert status(catalogue, network.argentina, 2) == IMPLEMENTED
    assert status(catalogue, network.argentina, 3) == NOT_STARTED


def test_the_foreign_affairs_role_implements_cbm_3(network, catalogue):
    NominationFactory(
        directory=network.oas,
        contact=ContactFactory(institution=InstitutionFactory(state=network.mexico)),
        role=network.oas.roles.get(kind=RoleKind.FOREIGN_AFFAIRS),
    )
    assert status(catalogue, network.mexico, 3) == IMPLEMENTED


def test_a_policy_document_in_force_implements_cbm_1_a_draft_starts_it(network, catalogue):
    assert status(catalogue, network.mexico, 1) == NOT_STARTED
    draft = DocumentFactory(state=network.mexico, status=DocumentStatus.DRAFT)
    assert status(catalogue, network.mexico, 1) == IN_PROGRESS
    draft.status = DocumentStatus.IN_FORCE
    draft.save()
    assert status(catalogue, network.mexico, 1) == IMPLEMENTED


def test_a_superseded_document_alone_does_not_count(network, catalogue):
    newer = DocumentFactory(state=network.argentina, status=DocumentStatus.DRAFT)
    DocumentFactory(state=network.argentina, status=DocumentStatus.SUPERSEDED, superseded_by=newer)
    assert status(catalogue, network.argentina, 1) == IN_PROGRESS


def test_installing_the_catalogue_twice_changes_nothing(network, catalogue):
    from cbm.services import install_oas_catalogue

    install_oas_catalogue(network.oas)
    assert catalogue.measures.count() == 6
