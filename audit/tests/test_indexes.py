"""The change log's table carries the indexes its readers use, and no others: every entry written pays for each."""

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import connection

from enlace.testing.factories import InstitutionFactory, UserFactory, state


def _indexes() -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, LogEntry._meta.db_table)
    return {
        name: details["columns"]
        for name, details in constraints.items()
        if details["index"] and not details["primary_key"] and not details["unique"]
    }


def test_the_log_is_indexed_for_its_pages_order_and_filters_only(db):
    expected = {"audit_entry_time", "audit_entry_kind_time", "audit_entry_actor_time", "audit_entry_action_time"}
    if connection.vendor == "postgresql":
        expected |= {"audit_entry_state_time", "audit_entry_contact_time"}  # keys of the entry's additional data
    assert set(_indexes()) == expected


def test_deleting_a_user_keeps_their_entries_without_an_actor(db):
    user = UserFactory()
    with set_actor(user):
        institution = InstitutionFactory(state=state("MEX"))
    user.delete()
    entry = LogEntry.objects.get_for_object(institution).get()
    assert entry.actor_id is None
    assert entry.action == LogEntry.Action.CREATE
