"""One contact, many nominations: nominating, retiring, finding, and the manager's stale list."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from directory.choices import NominationSource, NominationStatus, RoleKind
from directory.models import Contact, Nomination
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    NominationFactory,
    coordinator_of,
    manager_of,
    point_of_contact,
    state,
)


@pytest.fixture
def mexico(db):
    return state("MEX")


@pytest.fixture
def global_directory(mexico):
    return DirectoryFactory(slug="un", name="UN Global PoC Directory", states=[mexico, state("KEN")])


@pytest.fixture
def regional_directory(mexico):
    return DirectoryFactory(slug="oas", name="OAS cyber CBM network", states=[mexico, state("ARG")])


@pytest.fixture
def contact(mexico):
    return ContactFactory(
        institution=InstitutionFactory(state=mexico, name="Secretaría de Relaciones Exteriores"),
        name="Ximena Valdivieso",
        email="ximena.valdivieso@sre.mx.example.org",
    )


def nominate(client, contact, directory, kind=RoleKind.DIPLOMATIC, **extra):
    return client.post(
        reverse("directory:contact_nominate", args=[contact.code]),
        {"directory": directory.pk, "role": directory.roles.get(kind=kind).pk, **extra},
    )


def test_coordinator_nominates_one_contact_to_two_directories(
    client, mexico, contact, global_directory, regional_directory
):
    client.force_login(coordinator_of(mexico))
    nominate(client, contact, global_directory)
    nominate(client, contact, regional_directory, kind=RoleKind.TECHNICAL)
    nominations = Nomination.objects.filter(contact=contact).order_by("directory__slug")
    assert [(n.directory.slug, n.role.kind, n.state) for n in nominations] == [
        ("oas", RoleKind.TECHNICAL, mexico),
        ("un", RoleKind.DIPLOMATIC, mexico),
    ]
    assert all(n.source == NominationSource.STATE for n in nominations)


def test_the_contact_is_found_by_search_in_both_directories(
    client, mexico, contact, global_directory, regional_directory
):
    NominationFactory(contact=contact, directory=global_directory)
    NominationFactory(contact=contact, directory=regional_directory)
    # A point of contact of Kenya shares only the global directory; one of Argentina only the regional one.
    for other_state, directory in ((state("KEN"), global_directory), (state("ARG"), regional_directory)):
        reader = point_of_contact(ContactFactory(institution=InstitutionFactory(state=other_state)))
        client.force_login(reader)
        found = client.get(reverse("directory:search"), {"q": "valdivieso"}).content.decode()
        assert "Ximena Valdivieso" in found
        listed = client.get(reverse("directory:detail", args=[directory.slug])).content.decode()
        assert "ximena.valdivieso@sre.mx.example.org" in listed


def test_search_matches_institution_and_email_address(client, mexico, contact, global_directory):
    NominationFactory(contact=contact, directory=global_directory)
    client.force_login(coordinator_of(mexico))
    for text in ("Relaciones Exteriores", "sre.mx.example"):
        assert "Ximena Valdivieso" in client.get(reverse("directory:search"), {"q": text}).content.decode()


def test_a_manager_enters_a_nomination_from_a_note_verbale(client, contact, global_directory):
    manager = manager_of(global_directory)
    # The manager entered the contact from the note verbale (a State's other contacts are not its to see).
    Contact.objects.filter(pk=contact.pk).update(created_by=manager)
    client.force_login(manager)
    nominate(client, contact, global_directory, note_verbale_reference="NV/2026/117")
    nomination = Nomination.objects.get(contact=contact)
    assert nomination.source == NominationSource.NOTE_VERBALE
    assert nomination.note_verbale_reference == "NV/2026/117"


def test_a_coordinator_cannot_nominate_into_a_directory_its_state_is_not_part_of(client, mexico, contact):
    elsewhere = DirectoryFactory(slug="arf", states=[state("IDN")])
    client.force_login(coordinator_of(mexico))
    response = nominate(client, contact, elsewhere)
    assert response.status_code in (200, 404)
    assert not Nomination.objects.filter(contact=contact).exists()


def test_a_second_active_nomination_to_the_same_role_is_refused_with_a_message(
    client, mexico, contact, global_directory
):
    client.force_login(coordinator_of(mexico))
    nominate(client, contact, global_directory)
    response = nominate(client, contact, global_directory)
    assert "already holds an active nomination" in response.content.decode()
    assert Nomination.objects.filter(contact=contact).count() == 1


def test_the_database_refuses_two_active_nominations_to_one_role(contact, global_directory):
    NominationFactory(contact=contact, directory=global_directory)
    with pytest.raises(IntegrityError):
        NominationFactory(contact=contact, directory=global_directory)


def test_retiring_a_nomination_keeps_it_with_its_end_date(client, mexico, contact, global_directory):
    nomination = NominationFactory(contact=contact, directory=global_directory)
    client.force_login(coordinator_of(mexico))
    today = timezone.localdate()
    client.post(reverse("directory:nomination_retire", args=[nomination.code]), {"ends_on": today.isoformat()})
    nomination.refresh_from_db()
    assert (nomination.status, nomination.ends_on) == (NominationStatus.RETIRED, today)
    listed = client.get(reverse("directory:detail", args=[global_directory.slug])).content.decode()
    assert "Ximena Valdivieso" not in listed


def test_a_coordinator_of_another_state_cannot_retire_a_nomination(client, contact, global_directory):
    nomination = NominationFactory(contact=contact, directory=global_directory)
    client.force_login(coordinator_of(state("KEN")))
    response = client.post(
        reverse("directory:nomination_retire", args=[nomination.code]), {"ends_on": timezone.localdate()}
    )
    assert response.status_code == 403  # it may read the nomination (shared directory), not change it
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACTIVE


def test_manager_list_highlights_contacts_not_verified_for_a_year(client, mexico, global_directory):
    institution = InstitutionFactory(state=mexico)
    today = timezone.localdate()
    fresh = ContactFactory(institution=institution, name="Fresh Contact", last_verified=today - timedelta(days=30))
    stale = ContactFactory(institution=institution, name="Stale Contact", last_verified=today - timedelta(days=400))
    never = ContactFactory(institution=institution, name="Never Verified")
    Contact.objects.filter(pk=never.pk).update(created=timezone.now() - timedelta(days=400))
    for contact in (fresh, stale, never):
        NominationFactory(contact=contact, directory=global_directory)
    client.force_login(manager_of(global_directory))
    url = reverse("directory:manager_nominations", args=[global_directory.slug])
    page = client.get(url).content.decode()
    rows = {
        name: page.split(name)[0].rsplit("<tr", 1)[1] for name in ("Fresh Contact", "Stale Contact", "Never Verified")
    }
    # Bootstrap paints table cells over the row's own background: the row carries its table-warning class.
    assert 'class="stale table-warning"' in rows["Stale Contact"]
    assert 'class="stale table-warning"' in rows["Never Verified"]
    assert "stale" not in rows["Fresh Contact"]
    only_stale = client.get(url, {"status": "stale"}).content.decode()
    assert "Stale Contact" in only_stale
    assert "Fresh Contact" not in only_stale


def test_a_new_contact_is_not_yet_verified_not_stale(client, mexico, global_directory):
    new = ContactFactory(institution=InstitutionFactory(state=mexico), name="Brand New")
    NominationFactory(contact=new, directory=global_directory)
    client.force_login(manager_of(global_directory))
    page = client.get(new.get_absolute_url()).content.decode()
    assert "Not yet verified" in page
    assert "Stale" not in page
    assert not Nomination.objects.filter(directory=global_directory).stale().exists()


def test_a_new_contact_that_missed_a_ping_test_is_stale(mexico, global_directory):
    new = ContactFactory(institution=InstitutionFactory(state=mexico), unverified_since=timezone.localdate())
    NominationFactory(contact=new, directory=global_directory)
    assert new.is_stale
    assert Nomination.objects.filter(directory=global_directory).stale().count() == 1


def test_directory_page_filters_by_state_role_language_and_24_7(client, mexico, global_directory):
    kenya = state("KEN")
    mx = ContactFactory(institution=InstitutionFactory(state=mexico), name="Mexican Desk", languages=["es"])
    ke = ContactFactory(institution=InstitutionFactory(state=kenya), name="Kenyan Desk", languages=["sw", "en"])
    ke.is_24_7 = True
    ke.save()
    NominationFactory(contact=mx, directory=global_directory)
    NominationFactory(contact=ke, directory=global_directory, role=global_directory.roles.get(kind=RoleKind.TECHNICAL))
    client.force_login(manager_of(global_directory))
    url = reverse("directory:detail", args=[global_directory.slug])
    cases = [
        ({"state": "KEN"}, "Kenyan Desk", "Mexican Desk"),
        ({"role": RoleKind.DIPLOMATIC}, "Mexican Desk", "Kenyan Desk"),
        ({"language": "sw"}, "Kenyan Desk", "Mexican Desk"),
        ({"is_24_7": "on"}, "Kenyan Desk", "Mexican Desk"),
    ]
    for query, shown, hidden in cases:
        page = client.get(url, query).content.decode()
        assert shown in page, query
        assert hidden not in page, query


def test_directory_page_query_count_does_not_grow_with_the_number_of_states(
    client, global_directory, django_assert_max_num_queries
):
    client.force_login(manager_of(global_directory))
    url = reverse("directory:detail", args=[global_directory.slug])

    def add_states(codes):
        for iso3 in codes:
            member = state(iso3)
            global_directory.participations.get_or_create(state=member)
            NominationFactory(
                contact=ContactFactory(institution=InstitutionFactory(state=member)), directory=global_directory
            )

    add_states(["MEX", "KEN"])
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    add_states(["ARG", "IDN", "EST", "FJI", "FRA", "JPN"])
    with django_assert_max_num_queries(25) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_public_page_shows_participants_and_counts_but_no_contact_data(client, contact, global_directory):
    NominationFactory(contact=contact, directory=global_directory)
    page = client.get(reverse("directory:public", args=[global_directory.slug])).content.decode()
    assert "Mexico" in page
    assert "Kenya" in page
    assert "Ximena Valdivieso" not in page
    assert "sre.mx.example.org" not in page


def test_state_names_are_shown_in_the_readers_language(client, global_directory):
    page = client.get(reverse("directory:public", args=[global_directory.slug]), HTTP_ACCEPT_LANGUAGE="es").content
    assert "México" in page.decode()


@pytest.mark.parametrize(
    ("url_name", "args", "query"),
    [
        ("directory:manager_nominations", ["un"], {}),
        ("directory:state_manage", ["MEX"], {}),
        ("directory:search", [], {"q": "Person"}),
        ("directory:public", ["un"], {}),
    ],
)
def test_list_pages_run_the_same_queries_for_2_or_12_rows(
    client, mexico, global_directory, django_assert_max_num_queries, url_name, args, query
):
    client.force_login(manager_of(global_directory))
    url = reverse(url_name, args=args)

    def add_contacts(count):
        for _ in range(count):
            NominationFactory(
                contact=ContactFactory(institution=InstitutionFactory(state=mexico)), directory=global_directory
            )

    add_contacts(2)
    with django_assert_max_num_queries(30) as few:
        client.get(url, query)
    add_contacts(10)
    with django_assert_max_num_queries(30) as many:
        client.get(url, query)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_in_russian_institutions_have_a_title_and_contacts_a_name(client, contact):
    client.force_login(coordinator_of(contact.institution.state))
    page = client.get(reverse("directory:state_manage", args=["MEX"]), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<thead><tr><th scope="col">Название</th><th scope="col">Тип</th>' in page
    assert '<thead><tr><th scope="col">Имя</th><th scope="col">Учреждение</th>' in page
