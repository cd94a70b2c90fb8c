"""Importing another directory's exchange file: everything or nothing, every problem named."""

import json

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.principal import principal_for
from accounts.tests.helpers import signed_in
from directory.models import Contact, ContactEmail, Institution, Nomination
from enlace.testing.factories import DirectoryFactory, state
from import_export.importing import ImportRefused, import_records, read_exchange
from import_export.tests.test_export import download


def exchange_document(*nominations) -> bytes:
    return json.dumps(
        {
            "format": "enlace-directory-exchange",
            "version": 1,
            "directory": {"name": "OAS CICTE Network"},
            "nominations": list(nominations),
        }
    ).encode()


def nomination(state="MEX", role="technical", name="Ana Torres", email="ana@cert.mx.example.org", **contact):
    return {
        "state": state,
        "role": role,
        "nominated_on": "2026-03-01",
        "contact": {
            "name": name,
            "institution": {"name": "CERT-MX", "kind": "csirt"},
            "emails": [{"address": email}],
            "phones": [{"number": "+525511112222"}],
            "languages": ["es", "en"],
            **contact,
        },
    }


def run(network, document: bytes, *, apply=True):
    records, _problems = read_exchange(document)
    return import_records(
        records,
        directory=network.directory,
        principal=principal_for(network.manager),
        user=network.manager,
        apply=apply,
    )


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(network):
    before = (Contact.objects.count(), Nomination.objects.count(), Institution.objects.count())
    report = run(
        network,
        exchange_document(nomination(), nomination(name="Other", email="LQ@SRE.MX.EXAMPLE.ORG", role="technical")),
        apply=False,
    )
    assert [outcome.action for outcome in report.outcomes] == ["created", "linked"]
    assert not report.applied
    assert (Contact.objects.count(), Nomination.objects.count(), Institution.objects.count()) == before


def test_a_contact_with_a_known_email_is_linked_not_created_again(network):
    report = run(
        network, exchange_document(nomination(name="Lucía Q.", email="LQ@sre.mx.example.org", role="technical"))
    )
    assert [outcome.action for outcome in report.outcomes] == ["linked"]
    assert Contact.objects.filter(name__startswith="Lucía").count() == 1
    assert Nomination.objects.active().filter(contact=network.diplomat, role__kind="technical").exists()


def test_a_new_contact_is_created_with_its_institution_addresses_phones_and_languages(network):
    report = run(network, exchange_document(nomination()))
    assert report.applied and len(report.created) == 1
    contact = Contact.objects.get(name="Ana Torres")
    assert contact.institution.name == "CERT-MX"
    assert contact.institution.state.iso3 == "MEX"
    assert contact.language_codes == ["es", "en"]
    assert list(contact.phones.values_list("number", flat=True)) == ["+525511112222"]
    assert Nomination.objects.get(contact=contact).starts_on.isoformat() == "2026-03-01"


def test_states_outside_the_directory_and_existing_nominations_are_skipped_with_a_reason(network):
    report = run(
        network,
        exchange_document(
            nomination(state="EST", name="Kadri", email="kadri@cert.ee.example.org"),
            nomination(role="diplomatic", name="Lucía", email="lq@sre.mx.example.org"),
        ),
    )
    assert [(outcome.action, outcome.reason) for outcome in report.outcomes] == [
        ("skipped", "Estonia does not take part in this directory."),
        ("unchanged", "Already nominated to this role."),
    ]


def test_an_unknown_state_code_refuses_the_whole_file(network):
    with pytest.raises(ImportRefused) as refused:
        run(network, exchange_document(nomination(), nomination(state="XYZ", email="x@example.org")))
    assert [str(problem) for problem in refused.value.problems] == [
        "nominations[1], state: “XYZ” is not a known State code (ISO 3166-1 alpha-3)."
    ]
    assert not Contact.objects.filter(name="Ana Torres").exists()


def test_every_bad_record_is_named_and_nothing_is_written(network):
    document = exchange_document(
        nomination(),
        nomination(name="Bad phone", email="bp@example.org", phones=[{"number": "+5255"}]),
        nomination(name="Bad language", email="bl@example.org", languages=["xx"]),
    )
    with pytest.raises(ImportRefused) as refused:
        run(network, document)
    messages = [str(problem) for problem in refused.value.problems]
    assert messages[0].startswith("nominations[1], phones: +5255: Enter a valid phone number")
    assert (
        messages[1] == "nominations[2], languages: “xx” is not an ISO 639 language code (for example en, es, fr, ar)."
    )
    assert len(messages) == 2
    assert not Contact.objects.filter(name="Ana Torres").exists()
    assert not Institution.objects.filter(name="CERT-MX").exists()


def test_an_email_of_another_states_contact_is_refused(network):
    with pytest.raises(ImportRefused) as refused:
        run(network, exchange_document(nomination(email=network.kenyan.emails.first().address)))
    assert str(refused.value) == "nominations[0], emails: This e-mail address cannot be used in this import."


def test_a_file_that_breaks_the_schema_is_refused_with_the_place_of_each_error(network):
    broken = nomination()
    del broken["contact"]["emails"]
    with pytest.raises(ImportRefused) as refused:
        run(network, exchange_document(broken))
    assert [str(problem) for problem in refused.value.problems] == [
        "nominations[0].contact: 'emails' is a required property"
    ]


def test_a_file_that_is_not_json_or_not_utf8_is_refused_clearly(network):
    with pytest.raises(ImportRefused, match="not JSON"):
        read_exchange(b"state,role\nMEX,technical\n")
    with pytest.raises(ImportRefused, match="not UTF-8"):
        read_exchange('{"name": "Agencia de Ciberseguridad"}'.encode("latin-1").replace(b"A", b"\xc1"))


def test_the_manager_sees_the_dry_run_report_on_the_import_page(network):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("oas.json", exchange_document(nomination()), content_type="application/json")
    response = signed_in(network.manager).post(
        reverse("import_export:import", args=["un"]), {"file": upload}, follow=True
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dry run: nothing was written" in body
    assert '<li class="list-inline-item" data-action="created">Created: 1</li>' in body
    assert not Contact.objects.filter(name="Ana Torres").exists()


def test_the_import_page_lists_the_problems_of_a_refused_file(network):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("oas.json", exchange_document(nomination(state="XYZ")), content_type="application/json")
    response = signed_in(network.manager).post(
        reverse("import_export:import", args=["un"]), {"file": upload, "apply": "on"}, follow=True
    )
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()


def test_a_directory_exported_and_imported_into_an_empty_database_exports_to_the_same_file(network):
    exported = download(network.manager, network.directory, "json")
    # Empty the directory's data, as a second Enlace would be.
    User.objects.filter(contact__isnull=False).delete()
    Nomination.objects.all().delete()
    ContactEmail.objects.all().delete()
    Contact.objects.all().delete()
    Institution.objects.all().delete()
    assert not Contact.objects.exists()

    report = run(network, exported)
    assert len(report.created) == 3 and len(report.linked) == 1
    assert download(network.manager, network.directory, "json") == exported


def test_a_second_enlace_imports_into_a_directory_of_another_name(network):
    exported = download(network.manager, network.directory, "json")
    # A second installation has none of the first one's contacts: the file brings them.
    Nomination.objects.all().delete()
    Contact.objects.all().delete()
    target = DirectoryFactory(slug="oas-copy", name="OAS", states=[state("MEX")])
    from enlace.testing.factories import manager_of

    manager = manager_of(target)
    records, _problems = read_exchange(exported)
    report = import_records(records, directory=target, principal=principal_for(manager), user=manager, apply=True)
    assert [outcome.action for outcome in report.outcomes] == ["skipped", "created", "created", "linked"]
    assert Nomination.objects.filter(directory=target).count() == 3


def test_a_manager_cannot_link_contacts_never_shared_with_its_directory_and_learns_nothing_of_them(network):
    exported = download(network.manager, network.directory, "json")
    target = DirectoryFactory(slug="oas-copy", name="OAS", states=[state("MEX")])
    from enlace.testing.factories import manager_of

    manager = manager_of(target)
    records, _problems = read_exchange(exported)
    with pytest.raises(ImportRefused) as refused:
        import_records(records, directory=target, principal=principal_for(manager), user=manager, apply=True)
    message = str(refused.value)
    assert "This e-mail address cannot be used in this import." in message
    assert "Mesa de Guardia" not in message and "CSIRT" not in message
    assert not Nomination.objects.filter(directory=target).exists()
