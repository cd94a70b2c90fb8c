"""The directory's resources through the API: what each role reads, how writes are checked, and pages of
results."""

from django.urls import reverse

from api.models import Access
from api.tests.world import api_client, token_for
from directory.models import Contact
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory


def contact_url(contact) -> str:
    return reverse("api:contact-detail", args=[contact.code])


def test_a_second_coordinator_editing_the_same_contact_gets_412_and_changes_nothing(api_world):
    first = api_client(token_for(api_world.coordinator_mex, access=Access.READ_WRITE))
    second = api_client(token_for(api_world.coordinator_mex_2, access=Access.READ_WRITE))
    first_read, second_read = first.get(contact_url(api_world.desk)), second.get(contact_url(api_world.desk))
    assert first_read["ETag"] == second_read["ETag"]

    saved = first.patch(
        contact_url(api_world.desk),
        {"title": "Jefa de guardia"},
        content_type="application/json",
        headers={"If-Match": first_read["ETag"]},
    )
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] != first_read["ETag"]

    refused = second.patch(
        contact_url(api_world.desk),
        {"title": "Oficial"},
        content_type="application/json",
        headers={"If-Match": second_read["ETag"]},
    )
    assert refused.status_code == 412
    assert refused.json()["detail"].startswith("Someone changed this contact after you read it.")
    assert Contact.objects.get(pk=api_world.desk.pk).title == "Jefa de guardia"


def test_a_change_without_if_match_is_refused_with_428(api_world):
    client = api_client(token_for(api_world.coordinator_mex, access=Access.READ_WRITE))
    response = client.patch(contact_url(api_world.desk), {"title": "X"}, content_type="application/json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_bad_values_are_refused_field_by_field_and_nothing_changes(api_world):
    client = api_client(token_for(api_world.coordinator_mex, access=Access.READ_WRITE))
    etag = client.get(contact_url(api_world.desk))["ETag"]
    response = client.patch(
        contact_url(api_world.desk),
        {"phones": [{"number": "+52 55"}], "languages": ["xx"], "title": "Nueva"},
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["languages"] == ["“xx” is not an ISO 639 language code (for example en, es, fr, ar)."]
    assert errors["phones"][0].startswith("+52 55: Enter a valid phone number")
    assert Contact.objects.get(pk=api_world.desk.pk).title == "Officer"


def test_a_coordinator_creates_a_contact_of_its_state(api_world):
    client = api_client(token_for(api_world.coordinator_mex, access=Access.READ_WRITE))
    institution = api_world.desk.institution
    response = client.post(
        reverse("api:contact-list"),
        {
            "institution": str(institution.code),
            "name": "Ana Torres",
            "emails": [{"address": "ana@csirt.mx.example.org"}],
            "phones": [{"number": "+52 55 1111 2222", "usage": "mobile"}],
            "languages": ["es", "en"],
            "time_zone": "America/Mexico_City",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["phones"] == [{"number": "+525511112222", "usage": "mobile"}]
    assert Contact.objects.get(name="Ana Torres").language_codes == ["es", "en"]


def test_a_contact_of_another_state_can_be_read_but_not_changed(api_world):
    client = api_client(token_for(api_world.coordinator_mex, access=Access.READ_WRITE))
    etag = client.get(contact_url(api_world.argentine))["ETag"]
    response = client.patch(
        contact_url(api_world.argentine), {"title": "X"}, content_type="application/json", headers={"If-Match": etag}
    )
    assert response.status_code == 403


def test_an_outsider_does_not_learn_that_a_contact_exists(api_world):
    from enlace.testing.factories import point_of_contact

    client = api_client(token_for(point_of_contact(api_world.kenyan)))
    assert client.get(contact_url(api_world.desk)).status_code == 404
    names = [row["name"] for row in client.get(reverse("api:contact-list")).json()["results"]]
    assert names == ["Wanjiru Otieno"]


def test_lists_come_in_pages_with_a_cursor(api_world):
    institution = InstitutionFactory(state=api_world.desk.institution.state)
    for _number in range(5):
        NominationFactory(directory=api_world.directory, contact=ContactFactory(institution=institution))
    client = api_client(token_for(api_world.manager))
    seen, url = [], reverse("api:nomination-list") + f"?page_size=3&directory={api_world.directory.slug}"
    while url:
        page = client.get(url).json()
        assert len(page["results"]) <= 3
        seen += [row["code"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 7


def test_lists_run_the_same_number_of_queries_for_few_and_many_rows(api_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client(token_for(api_world.manager))
    client.get(reverse("api:state-list"))  # the token's first use writes its "last used" time

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = {url: queries(url) for url in (reverse("api:contact-list"), reverse("api:nomination-list"))}
    institution = InstitutionFactory(state=api_world.desk.institution.state)
    for _number in range(6):
        NominationFactory(directory=api_world.directory, contact=ContactFactory(institution=institution))
    assert {url: queries(url) for url in few} == few
