"""A change-log entry reads in the reader's language: the fields by their names, the choices by their labels."""

from auditlog.models import LogEntry
from django.utils import translation

from audit.changes import Change, action_label, changes_of
from directory.choices import InstitutionKind
from enlace.testing.factories import InstitutionFactory, state


def test_a_change_names_its_field_and_its_choices_in_the_readers_language(db):
    institution = InstitutionFactory(state=state("MEX"), name="Agencia Digital", kind=InstitutionKind.CSIRT)
    institution.kind = InstitutionKind.POLICE
    institution.save()
    entry = LogEntry.objects.get_for_object(institution).filter(action=LogEntry.Action.UPDATE).get()
    with translation.override("fr"):
        assert changes_of(entry) == [
            Change("Type", "CSIRT/CERT national", "Police ou autre service de détection et de répression")
        ]
        assert action_label(entry) == "Modification"


def test_a_new_record_shows_what_was_written_without_its_bookkeeping(db):
    institution = InstitutionFactory(state=state("MEX"), name="Agencia Digital", acronym="")
    entry = LogEntry.objects.get_for_object(institution).filter(action=LogEntry.Action.CREATE).get()
    changes = {change.field: change for change in changes_of(entry)}
    assert not {"Id", "ID", "Created", "Updated"} & set(changes)
    assert changes["Name"] == Change("Name", "—", "Agencia Digital")
    assert all("None" not in (change.before, change.after) for change in changes.values())
