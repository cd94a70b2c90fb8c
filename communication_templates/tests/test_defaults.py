"""Every directory starts with the four standard templates; installing them again changes nothing."""

from django.core.management import call_command

from communication_templates import services
from communication_templates.defaults import (
    ANSWER,
    INCIDENT_NOTIFICATION,
    REQUEST_FOR_ASSISTANCE,
    REQUEST_FOR_INFORMATION,
)
from communication_templates.fields import FieldType
from communication_templates.models import CommunicationTemplate, TemplateKind, TemplateVersion
from directory.models import Directory
from enlace.testing.factories import DirectoryFactory


def test_a_new_directory_has_the_four_standard_templates(directory):
    templates = CommunicationTemplate.objects.of_directory(directory)
    assert sorted(templates.values_list("key", "kind")) == [
        (ANSWER, TemplateKind.ANSWER),
        (INCIDENT_NOTIFICATION, TemplateKind.INCIDENT_NOTIFICATION),
        (REQUEST_FOR_ASSISTANCE, TemplateKind.REQUEST_FOR_ASSISTANCE),
        (REQUEST_FOR_INFORMATION, TemplateKind.REQUEST_FOR_INFORMATION),
    ]
    assert all(template.versions.count() == 1 for template in templates)


def test_a_directory_made_by_the_command_has_them_too(db):
    call_command("create_directory", slug="new", name="New network", managing_body="Secretariat", verbosity=0)
    assert CommunicationTemplate.objects.of_directory(Directory.objects.get(slug="new")).count() == 4


def test_installing_again_adds_nothing_and_keeps_revisions(directory, incident):
    services.revise_template(
        incident, title={"en": "Our notice"}, fixed_text={}, fields=incident.current_version.definitions
    )
    versions_before = set(TemplateVersion.objects.values_list("pk", flat=True))

    assert services.install_default_templates(directory) == 0

    assert set(TemplateVersion.objects.values_list("pk", flat=True)) == versions_before
    assert CommunicationTemplate.objects.of_directory(directory).count() == 4


def test_installing_restores_only_a_missing_standard_template(directory):
    CommunicationTemplate.objects.filter(directory=directory, key=ANSWER).delete()
    assert services.install_default_templates(directory) == 1
    assert CommunicationTemplate.objects.filter(directory=directory, key=ANSWER).exists()


def test_the_incident_notification_asks_for_utc_times_type_and_sectors_but_not_urgency(incident):
    types = {definition.name: definition.type for definition in incident.current_version.definitions}
    assert types["incident_start"] == types["detected_at"] == FieldType.DATETIME_UTC
    assert types["incident_type"] == FieldType.CHOICE
    assert types["affected_sectors"] == FieldType.MULTIPLE_CHOICE
    assert {"systems_concerned", "technical_indicators", "requested_action"} <= set(types)
    # Urgency and TLP are on the communication's envelope, not in its content.
    assert not {"urgency", "tlp"} & set(types)


def test_every_directory_gets_its_own_copies(directory):
    other = DirectoryFactory()
    mine = CommunicationTemplate.objects.get(directory=directory, key=ANSWER)
    theirs = CommunicationTemplate.objects.get(directory=other, key=ANSWER)
    assert mine.pk != theirs.pk
