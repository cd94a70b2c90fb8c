"""Contacts an import writes in bulk are found by search like any other."""

from directory.models import Contact, Institution
from import_export.tests.test_spreadsheet_import import csv_file, row, run


def test_imported_contacts_are_found_by_name_address_phone_and_institution(network):
    run(
        network, csv_file(row(name="Ana Torrés", institution="Centro Nacional de Respuesta", phones="+52 55 1111 2222"))
    )
    contact = Contact.objects.get(name="Ana Torrés")
    for term in ("torres", "ana@cert.mx", "centro nacional"):
        assert Contact.objects.search(term).filter(pk=contact.pk).exists(), term
    assert Contact.objects.search("1111 2222").filter(pk=contact.pk).exists()
    assert Institution.objects.search("respuesta").filter(name="Centro Nacional de Respuesta").exists()


def test_a_contact_changed_by_an_import_is_found_by_its_new_address(network):
    run(network, csv_file(row()))
    run(network, csv_file(row(emails="ana.torres@cert.mx.example.org")), user=network.coordinator_mex)
    assert Contact.objects.search("ana.torres@").filter(name="Ana Torres").exists()
