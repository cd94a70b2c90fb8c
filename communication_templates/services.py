"""Business rules for templates: the standard set, adding a template, revising one. Views call these.

Versions are only ever added, numbered 1, 2, 3... per template; a revision
with nothing changed adds none. The sending side reads
``template.current_version`` when a communication is written and keeps a
foreign key to that exact version.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from access.principal import Principal
from access.restriction import can
from communication_templates import defaults
from communication_templates.fields import (
    MAX_FIXED_TEXT,
    MAX_TITLE,
    FieldDefinition,
    LocalText,
    SchemaError,
    dump_fields,
    parse_local_text,
)
from communication_templates.models import CommunicationTemplate, TemplateKind, TemplateVersion
from directory.models import Directory


class StaleRevision(Exception):
    """The template was revised by someone else since the editor was opened."""

    def __init__(self, current: TemplateVersion):
        super().__init__(f"The template is now at version {current.number}.")
        self.current = current


def install_default_templates(directory: Directory) -> int:
    """Give ``directory`` the standard templates it lacks (idempotent); returns how many were added."""
    with transaction.atomic():
        return defaults.install_defaults(directory.pk, CommunicationTemplate, TemplateVersion)


def _content(title: LocalText, fixed_text: LocalText, fields: Sequence[FieldDefinition]) -> dict:
    if not fields:
        raise ValidationError(_("A template needs at least one field."), code="no_fields")
    try:
        return {
            "title": dict(parse_local_text(title, what="The title", required=True, max_length=MAX_TITLE)),
            "fixed_text": dict(
                parse_local_text(fixed_text, what="The fixed text", required=False, max_length=MAX_FIXED_TEXT)
            ),
            "fields": dump_fields(fields),
        }
    except SchemaError as error:
        raise ValidationError(str(error), code="invalid") from None


def _check_may_change(principal: Principal | None, directory: Directory) -> None:
    if principal is not None and not can(principal, "change", directory):
        raise PermissionDenied


def create_template(
    *,
    directory: Directory,
    kind: TemplateKind | str,
    key: str,
    title: LocalText,
    fixed_text: LocalText,
    fields: Sequence[FieldDefinition],
    user=None,
    principal: Principal | None = None,
) -> CommunicationTemplate:
    """Add a template to ``directory`` with its first version. ``principal`` (if given) must manage it."""
    _check_may_change(principal, directory)
    content = _content(title, fixed_text, fields)
    try:
        with transaction.atomic():
            template = CommunicationTemplate.objects.create(directory=directory, kind=kind, key=key)
            TemplateVersion.objects.create(template=template, number=1, created_by=user, **content)
    except IntegrityError:
        raise ValidationError(
            _("This directory already has a template with the key “%(key)s”.") % {"key": key}, code="duplicate_key"
        ) from None
    return template


def revise_template(
    template: CommunicationTemplate,
    *,
    title: LocalText,
    fixed_text: LocalText,
    fields: Sequence[FieldDefinition],
    user=None,
    based_on: int | None = None,
    principal: Principal | None = None,
) -> tuple[TemplateVersion, bool]:
    """Write the next version of ``template``; returns it and whether it is new.

    Nothing changed: the current version is returned and no version is added.
    ``based_on`` is the version number the editor started from: if someone has
    revised the template since, ``StaleRevision`` is raised rather than
    overwriting their work. ``principal`` (if given) must manage the directory.
    """
    _check_may_change(principal, template.directory)
    content = _content(title, fixed_text, fields)
    with transaction.atomic():
        # Lock the template row so that two revisions cannot take the same number.
        CommunicationTemplate.objects.select_for_update().filter(pk=template.pk).first()
        current = TemplateVersion.objects.filter(template=template).order_by("-number").first()
        if current is not None and based_on is not None and current.number != based_on:
            raise StaleRevision(current)
        if current is not None and all(getattr(current, name) == value for name, value in content.items()):
            return current, False
        number = (TemplateVersion.objects.filter(template=template).aggregate(top=Max("number"))["top"] or 0) + 1
        version = TemplateVersion.objects.create(template=template, number=number, created_by=user, **content)
        template.save(update_fields=["updated"])
    return version, True


def set_active(template: CommunicationTemplate, active: bool, *, principal: Principal | None = None) -> None:
    """Offer the template to senders again, or retire it (its versions stay)."""
    _check_may_change(principal, template.directory)
    if template.is_active != active:
        template.is_active = active
        template.save(update_fields=["is_active", "updated"])
