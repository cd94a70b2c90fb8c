"""Search: substrings in any case and accents, States by name or code, phones by digits, kept current."""

import pytest
from django.urls import reverse

from accounts.principal import principal_for
from directory import search_results
from directory.models import Contact, ContactPhone
from directory.search import normalise, phone_digits_of, refresh_search_text
from directory.services import ContactData, write_contact
from enlace.listing import Total, capped_count
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
from enlace.testing.queries import queries_run


@pytest.fixture
def directory(db):
    return DirectoryFactory(slug="un", states=[state("MEX"), state("DEU")])


@pytest.fixture
def lucia(directory):
    contact = ContactFactory(
        institution=InstitutionFactory(state=state("MEX"), name="Secretaría de Relaciones Exteriores", acronym="SRE"),
        name="Lucía Fernández",
        title="Directora de Ciberseguridad",
        email="lfernandez@sre.mx.example.org",
    )
    ContactPhone.objects.create(contact=contact, number="+525536868000")
    NominationFactory(contact=contact, directory=directory)
    return contact


@pytest.fixture
def jonas(directory):
    contact = ContactFactory(
        institution=InstitutionFactory(state=state("DEU"), name="Auswärtiges Amt"),
        name="Jonas Weber",
        email="jonas.weber@aa.de.example.org",
    )
    NominationFactory(contact=contact, directory=directory)
    return contact


@pytest.fixture
def manager_client(client, directory):
    client.force_login(manager_of(directory))
    return client


def found(client, text: str, **headers) -> set[str]:
    response = client.get(reverse("directory:search"), {"q": text}, **headers)
    assert response.status_code == 200
    return {contact["name"] for contact in response.context["contacts"]}


def test_normalised_text_is_lower_case_without_accents():
    assert normalise("  Lucía  FERNÁNDEZ Çelik ") == "lucia fernandez celik"


def test_a_term_of_digits_and_phone_punctuation_is_a_phone_number_and_words_are_not():
    assert phone_digits_of("+52 (55) 3686-8000") == "525536868000"
    assert phone_digits_of("Lucía") == ""
    assert phone_digits_of("12") == ""


def test_a_name_without_accents_finds_the_name_with_them(manager_client, lucia, jonas):
    assert found(manager_client, "Lucia") == {"Lucía Fernández"}


def test_a_name_with_accents_finds_the_name_without_them(manager_client, lucia, jonas):
    assert found(manager_client, "wéber") == {"Jonas Weber"}


def test_a_part_of_a_word_finds_the_contact(manager_client, lucia, jonas):
    assert found(manager_client, "ernánd") == {"Lucía Fernández"}
    assert found(manager_client, "BERSEGU") == {"Lucía Fernández"}  # the title


def test_the_institution_name_acronym_and_e_mail_address_find_the_contact(manager_client, lucia, jonas):
    for term in ("relaciones exteriores", "SRE", "sre.mx.example", "auswartiges"):
        assert found(manager_client, term), term
    assert found(manager_client, "aa.de.example") == {"Jonas Weber"}


def test_a_state_name_in_the_readers_language_finds_its_contacts(manager_client, lucia, jonas):
    assert found(manager_client, "Alemania", HTTP_ACCEPT_LANGUAGE="es") == {"Jonas Weber"}
    assert found(manager_client, "méxico", HTTP_ACCEPT_LANGUAGE="es") == {"Lucía Fernández"}
    assert found(manager_client, "Germany", HTTP_ACCEPT_LANGUAGE="en") == {"Jonas Weber"}


def test_an_iso_code_finds_the_states_contacts(manager_client, lucia, jonas):
    assert found(manager_client, "deu") == {"Jonas Weber"}
    assert found(manager_client, "MX") == {"Lucía Fernández"}


def test_a_state_search_also_lists_the_states_institutions(manager_client, lucia, jonas):
    response = manager_client.get(reverse("directory:search"), {"q": "Alemania"}, HTTP_ACCEPT_LANGUAGE="es")
    assert [institution["label"] for institution in response.context["institutions"]] == ["Auswärtiges Amt"]


def test_a_phone_number_is_found_by_its_digits_however_it_is_written(manager_client, lucia, jonas):
    for term in ("+52 55 3686 8000", "3686-8000", "(55) 36868000"):
        assert found(manager_client, term) == {"Lucía Fernández"}, term


def test_a_state_name_finds_only_the_contacts_the_reader_may_see(client, lucia, jonas):
    # Kenya takes no part in the directory the two are nominated to.
    ContactFactory(institution=InstitutionFactory(state=state("KEN")), name="Wanjiru Kamau")
    client.force_login(coordinator_of(state("KEN")))
    assert found(client, "Alemania", HTTP_ACCEPT_LANGUAGE="es") == set()
    assert found(client, "DEU") == set()
    assert found(client, "Kenia", HTTP_ACCEPT_LANGUAGE="es") == {"Wanjiru Kamau"}


def search_queries(client, text: str) -> int:
    with queries_run() as queries:
        assert client.get(reverse("directory:search"), {"q": text}).status_code == 200
    return len(queries)


def test_the_search_page_runs_the_same_queries_for_one_result_and_for_thirty(manager_client, directory, lucia):
    # The first request settles the session's own writes; the first search reads the States (once per process).
    manager_client.get(reverse("directory:search"), {"q": "Lucía"})
    one = search_queries(manager_client, "Lucía")
    state_term = search_queries(manager_client, "México")
    for number in range(30):
        contact = ContactFactory(institution=lucia.institution, name=f"Lucía {number}")
        ContactPhone.objects.create(contact=contact, number=f"+5255368680{number:02d}")
        NominationFactory(contact=contact, directory=directory)
    assert len(manager_client.get(reverse("directory:search"), {"q": "Lucía"}).context["contacts"]) == 31
    assert search_queries(manager_client, "Lucía") == one
    assert search_queries(manager_client, "México") == state_term


def add_matching_contacts(directory, institution, count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        contact = ContactFactory(institution=institution, name=f"Camila Torres {number}")
        NominationFactory(contact=contact, directory=directory)


def test_the_search_page_runs_six_queries_for_n_and_for_3n_contacts_found(
    manager_client, directory, lucia, monkeypatch
):
    # The session, the user, the reader's roles (one statement), the capped total, the contacts, the institutions
    # (a full first page: one that the results do not fill is its own total, see test_search_page).
    monkeypatch.setattr(search_results, "PER_PAGE", 5)
    # The States are reference data, read once per process, not on every search.
    manager_client.get(reverse("directory:search"), {"q": "Camila"})  # settles the session and the States
    add_matching_contacts(directory, lucia.institution, 10)
    assert search_queries(manager_client, "Camila") == 6
    add_matching_contacts(directory, lucia.institution, 20, start=10)
    assert search_queries(manager_client, "Camila") == 6


def test_a_term_naming_a_state_runs_one_query_more_for_n_and_for_3n_contacts(
    manager_client, directory, lucia, monkeypatch
):
    # The named States' institutions are read first, so that the database can use the index on them.
    monkeypatch.setattr(search_results, "PER_PAGE", 5)
    manager_client.get(reverse("directory:search"), {"q": "México"})
    add_matching_contacts(directory, lucia.institution, 10)
    assert search_queries(manager_client, "México") == 7
    add_matching_contacts(directory, lucia.institution, 20, start=10)
    assert search_queries(manager_client, "México") == 7


def test_editing_a_contacts_addresses_and_phones_updates_what_finds_it(manager_client, lucia):
    write_contact(
        state=state("MEX"),
        contact=lucia,
        data=ContactData(fields={}, emails=[("lucia@csirt.mx.example.org", "office")], phones=[]),
    )
    assert found(manager_client, "csirt.mx") == {"Lucía Fernández"}
    assert found(manager_client, "lfernandez") == set()
    assert found(manager_client, "36868000") == set()


def test_renaming_a_contact_or_its_institution_updates_what_finds_it(manager_client, lucia):
    lucia.name = "Lucía Ramírez"
    lucia.save()
    assert found(manager_client, "ramirez") == {"Lucía Ramírez"}
    institution = lucia.institution
    institution.name = "Cancillería"
    institution.save()
    assert found(manager_client, "cancilleria") == {"Lucía Ramírez"}
    assert found(manager_client, "relaciones") == set()


def test_a_confirmation_does_not_rewrite_the_search_text(lucia):
    with queries_run() as queries:
        lucia.mark_verified(lucia.created.date())
    statements = [query["sql"] for query in queries]
    assert not [sql for sql in statements if "directory_contactemail" in sql or "directory_contactphone" in sql]
    assert len([sql for sql in statements if sql.startswith("UPDATE")]) == 1


def test_refreshing_rows_written_in_bulk_makes_them_searchable(manager_client, lucia):
    Contact.objects.filter(pk=lucia.pk).update(search_text="", phone_digits="")
    assert found(manager_client, "Lucía") == set()
    refresh_search_text([lucia.pk])
    assert found(manager_client, "Lucía") == {"Lucía Fernández"}
    assert found(manager_client, "36868000") == {"Lucía Fernández"}


# --- Only what the reader may see, on every page of results ---

HIDDEN, SHOWN = "Aarón Oculto", "Zoe Visible"


@pytest.fixture
def crowd(directory):
    """One Mexican institution's contacts that the same terms find: 55 never shared with the directory, whose
    names sort first, and 55 nominated to it. A search that checked the reader's rights only on the first
    candidates in name order would find nothing it may show on its first page."""
    institution = InstitutionFactory(state=state("MEX"), name="Centro Común de Respuesta", acronym="CCR")
    for number in range(55):
        ContactFactory(institution=institution, name=f"{HIDDEN} {number:02d}")
    for number in range(55):
        NominationFactory(
            contact=ContactFactory(institution=institution, name=f"{SHOWN} {number:02d}"), directory=directory
        )
    return institution


def readers(directory, jonas) -> dict:
    return {
        # Shared with the directory only: the 55 nominated.
        "manager": (manager_of(directory), {SHOWN}),
        # A point of contact of another participating State reads the directory's active nominations.
        "poc of Germany": (point_of_contact(jonas), {SHOWN}),
        # Mexico's coordinator sees every Mexican contact.
        "coordinator of Mexico": (coordinator_of(state("MEX")), {SHOWN, HIDDEN}),
        # Another directory's manager: none of them.
        "manager of another directory": (manager_of(DirectoryFactory(slug="oas", states=[state("MEX")])), set()),
    }


TERMS = ["común de resp", "CCR", "México", "MEX", "Oculto", "visible"]


def contacts_found(principal, term: str):
    """The contacts the term finds that the reader may see, as the search page restricts them (row by row)."""
    return Contact.objects.restrict(principal, "view", row_by_row=True).search(term)


def page_of_names(principal, term: str, start: int) -> list[str]:
    """One page of 50 results in name order, as the database returns it (LIMIT 50 OFFSET start)."""
    found = contacts_found(principal, term).order_by("name", "pk")[start : start + 50]
    return list(found.values_list("name", flat=True))


def test_every_page_of_every_search_holds_only_contacts_the_reader_may_see(directory, crowd, jonas):
    for reader, (user, may_see) in readers(directory, jonas).items():
        principal = principal_for(user)
        for term in TERMS:
            expected = sorted(
                name
                for name in Contact.objects.filter(institution=crowd).values_list("name", flat=True)
                if name.rsplit(" ", 1)[0] in may_see and term_finds(term, name)
            )
            every_page = [name for start in (0, 50, 100) for name in page_of_names(principal, term, start)]
            assert every_page == expected, (reader, term)


def term_finds(term: str, name: str) -> bool:
    """Which of the crowd a term finds, by what the term names (the institution, Mexico, or a name)."""
    words = normalise(term)
    return words not in ("oculto", "visible") or words in normalise(name)


@pytest.mark.parametrize("term", TERMS)
def test_the_first_page_is_filled_with_contacts_the_manager_may_see(client, directory, crowd, term):
    client.force_login(manager_of(directory))
    names = found_in_order(client, term)
    assert not [name for name in names if name.startswith(HIDDEN)], term
    if term != "Oculto":
        assert names[:50] == [f"{SHOWN} {number:02d}" for number in range(50)], term


def found_in_order(client, term: str) -> list[str]:
    response = client.get(reverse("directory:search"), {"q": term})
    assert response.status_code == 200
    return [contact["name"] for contact in response.context["contacts"]]


def test_a_total_counts_only_what_the_reader_may_see_and_stops_past_its_limit(directory, crowd):
    found = contacts_found(principal_for(manager_of(directory)), "CCR")
    assert capped_count(found, 100) == Total(55)  # the 55 hidden ones are not counted
    assert capped_count(found, 55) == Total(55)
    assert capped_count(found, 50) == Total(50, more=True)  # "more than 50"


def test_a_line_of_results_shows_what_people_wrote_as_text_never_as_markup(manager_client, directory):
    contact = ContactFactory(
        institution=InstitutionFactory(state=state("MEX"), name='CERT "MX" & <b>co</b>', acronym=""),
        name="<script>alert('Lucía')</script>",
        email="a&b@sre.mx.example.org",
    )
    NominationFactory(contact=contact, directory=directory)
    page = manager_client.get(reverse("directory:search"), {"q": "alert"}).content.decode()
    assert "<script>alert" not in page and "<b>co</b>" not in page
    assert "&lt;script&gt;alert(&#x27;Lucía&#x27;)&lt;/script&gt;</a>" in page
    assert "<td>CERT &quot;MX&quot; &amp; &lt;b&gt;co&lt;/b&gt;</td>" in page
    assert '<bdi dir="ltr">a&amp;b@sre.mx.example.org</bdi>' in page
