"""A template is revised by adding a version; a version never changes once written."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.principal import principal_for
from communication_templates import services
from communication_templates.fields import FieldDefinition, FieldType
from communication_templates.models import CommunicationTemplate, ImmutableVersionError, TemplateVersion
from enlace.testing.factories import DirectoryFactory, manager_of

SUMMARY = FieldDefinition(name="summary", type=FieldType.LONG_TEXT, label={"en": "Summary"}, required=True)


def test_a_revision_adds_the_next_version_and_leaves_the_old_one_as_it_was(incident, manager):
    first = incident.current_version
    stored_before = (first.title, first.fixed_text, first.fields)
    fields = [*first.definitions, SUMMARY]

    version, created = services.revise_template(
        incident, title={"en": "Incident notice"}, fixed_text=first.fixed_text, fields=fields, user=manager
    )

    assert created
    assert version.number == 2
    assert version.created_by == manager
    assert [definition.name for definition in version.definitions][-1] == "summary"
    first.refresh_from_db()
    assert (first.title, first.fixed_text, first.fields) == stored_before
    assert CommunicationTemplate.objects.with_versions().get(pk=incident.pk).current_version == version


def test_a_revision_that_changes_nothing_adds_no_version(incident):
    first = incident.current_version
    version, created = services.revise_template(
        incident, title=first.title, fixed_text=first.fixed_text, fields=first.definitions
    )
    assert not created
    assert version == first
    assert incident.versions.count() == 1


def test_a_revision_based_on_an_older_version_is_refused(incident):
    first = incident.current_version
    services.revise_template(incident, title={"en": "Changed"}, fixed_text={}, fields=first.definitions)
    with pytest.raises(services.StaleRevision) as refused:
        services.revise_template(
            incident, title={"en": "Mine"}, fixed_text={}, fields=first.definitions, based_on=first.number
        )
    assert refused.value.current.number == 2
    assert incident.versions.count() == 2


def test_a_written_version_cannot_be_saved_again(incident):
    version = incident.current_version
    version.title = {"en": "Rewritten"}
    with pytest.raises(ImmutableVersionError):
        version.save()


def test_the_database_refuses_two_versions_with_one_number(incident):
    version = incident.current_version
    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateVersion.objects.create(template=incident, number=version.number, title={"en": "Copy"}, fields=[])


def test_a_template_needs_at_least_one_field(directory):
    with pytest.raises(ValidationError, match="at least one field"):
        services.create_template(
            directory=directory, kind="other", key="empty", title={"en": "Empty"}, fixed_text={}, fields=[]
        )


def test_a_key_is_unique_in_its_directory(directory):
    with pytest.raises(ValidationError, match="already has a template with the key"):
        services.create_template(
            directory=directory, kind="answer", key="answer", title={"en": "Answer"}, fixed_text={}, fields=[SUMMARY]
        )


def test_only_a_manager_of_the_directory_may_revise_through_the_service(incident):
    other_manager = manager_of(DirectoryFactory())
    with pytest.raises(PermissionDenied):
        services.revise_template(
            incident,
            title={"en": "Taken over"},
            fixed_text={},
            fields=[SUMMARY],
            principal=principal_for(other_manager),
        )
    assert incident.versions.count() == 1


def test_current_versions_are_the_newest_of_each_template(incident, directory):
    services.revise_template(incident, title={"en": "Second"}, fixed_text={}, fields=[SUMMARY])
    current = TemplateVersion.objects.filter(template__directory=directory).current()
    assert sorted(current.values_list("template__key", "number")) == [
        ("answer", 1),
        ("incident-notification", 2),
        ("request-for-assistance", 1),
        ("request-for-information", 1),
    ]
