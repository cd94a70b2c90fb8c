"""Keep the contacts' search columns (directory.search) current when what they are made of is saved."""

from directory import search

# The fields of a contact and of an institution its search text is made of.
_CONTACT_FIELDS = {"name", "title", "institution", "institution_id"}
_INSTITUTION_FIELDS = {"name", "acronym"}


def _touches(update_fields, fields: set[str]) -> bool:
    # A save of other fields only (a ping confirmation's last_verified) leaves the search text as it is.
    return update_fields is None or bool(fields & set(update_fields))


def contact_saved(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if not raw and _touches(update_fields, _CONTACT_FIELDS):
        search.refresh_search_text([instance.pk])


def contact_part_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        search.refresh_search_text([instance.contact_id])


def institution_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs) -> None:
    if not raw and not created and _touches(update_fields, _INSTITUTION_FIELDS):
        search.refresh_institution_contacts(instance.pk)
