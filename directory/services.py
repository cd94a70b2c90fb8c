"""Business rules for changing the directory. Views and imports call these, nothing else writes."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.principal import Principal
from access.restriction import can
from directory.choices import ContactKind, NominationSource, NominationStatus, RoleKind, WorkingDays
from directory.forms import ContactForm
from directory.models import (
    Contact,
    ContactEmail,
    ContactLanguage,
    ContactPhone,
    Directory,
    DirectoryRole,
    Nomination,
    Participation,
)
from directory.phones import to_e164
from enlace.dates import long_date


def nominable_directory_ids(principal: Principal, state_id: int | None = None) -> frozenset[int]:
    """The directories this principal may nominate a State's contacts into, read from its roles alone (no query).

    A manager nominates any State's contacts into the directories it manages; a national coordinator
    its own State's contacts into the directories its States take part in. Without ``state_id``: for
    any State (a spreadsheet's rows each name theirs). Whether that State takes part in the directory
    is the directory's own fact, which whoever nominates checks besides.
    """
    coordinates = principal.is_coordinator if state_id is None else state_id in principal.coordinated_state_ids
    return principal.managed_directory_ids | (principal.participating_directory_ids if coordinates else frozenset())


def nominable_directories(principal: Principal, contact: Contact):
    """Directories into which this user may nominate this contact (its State must take part)."""
    state_id = contact.institution.state_id
    return Directory.objects.filter(
        pk__in=nominable_directory_ids(principal, state_id), participations__state_id=state_id
    )


@transaction.atomic
def save_contact(form: ContactForm, email_formset, phone_formset, user=None) -> Contact:
    """Save a contact with its addresses, phones, languages and key, all or nothing.

    ``user`` is recorded as the one who entered a new contact.
    """
    contact = form.save(commit=False)
    if contact.pk is None and user is not None:
        contact.created_by = user
    if form.key_info:
        contact.pgp_fingerprint = form.key_info.fingerprint
        contact.pgp_expires = form.key_info.expires
    else:
        contact.pgp_fingerprint = ""
        contact.pgp_expires = None
    contact.save()
    set_languages(contact, form.cleaned_data["languages"])
    for formset in (email_formset, phone_formset):
        formset.instance = contact
        instances = formset.save(commit=False)
        for position, instance in enumerate(instances):
            instance.position = position
            instance.save()
        for removed in formset.deleted_objects:
            removed.delete()
    return contact


def set_languages(contact: Contact, codes: list[str]) -> None:
    current = contact.language_codes
    if current == codes:
        return
    contact.languages.exclude(code__in=codes).delete()
    existing = {language.code: language for language in contact.languages.all()}
    for position, code in enumerate(codes):
        language = existing.get(code) or ContactLanguage(contact=contact, code=code)
        if language.position != position or language.pk is None:
            language.position = position
            language.save()


def nominate(
    *,
    principal: Principal,
    contact: Contact,
    directory: Directory,
    role: DirectoryRole,
    user=None,
    note_verbale_reference: str = "",
    starts_on: date | None = None,
) -> Nomination:
    """Nominate ``contact`` (of its own State) to ``role`` in ``directory``."""
    if not nominable_directories(principal, contact).filter(pk=directory.pk).exists():
        raise PermissionDenied
    if role.directory_id != directory.pk:
        raise ValidationError(_("This role is not used by the chosen directory."), code="wrong_role")
    state_id = contact.institution.state_id
    if not Participation.objects.filter(directory=directory, state_id=state_id).exists():
        raise ValidationError(_("This contact's State does not take part in that directory."), code="not_participant")
    source = NominationSource.NOTE_VERBALE if note_verbale_reference else NominationSource.STATE
    try:
        with transaction.atomic():
            return Nomination.objects.create(
                directory=directory,
                role=role,
                contact=contact,
                state_id=state_id,
                source=source,
                note_verbale_reference=note_verbale_reference,
                starts_on=starts_on or timezone.localdate(),
                created_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            _("This contact already holds an active nomination to this role in this directory."), code="duplicate"
        ) from None


def check_end_date(nomination: Nomination, ends_on: date) -> None:
    if ends_on < nomination.starts_on:
        raise ValidationError(
            {
                "ends_on": _("A nomination cannot end before it started (%(date)s).")
                % {"date": long_date(nomination.starts_on)}
            },
            code="before_start",
        )


def retire(*, principal: Principal, nomination: Nomination, ends_on: date) -> Nomination:
    """Retire a nomination on ``ends_on``: at once if that day has come, else on that day.

    Until a future end date the nomination stays active (it counts, is pinged and is
    exported) and shows when it retires; ``retire_due_nominations`` retires it then.
    """
    if not can(principal, "change", nomination):
        raise PermissionDenied
    if nomination.status == NominationStatus.RETIRED:
        return nomination
    check_end_date(nomination, ends_on)
    nomination.ends_on = ends_on
    if ends_on <= timezone.localdate():
        nomination.status = NominationStatus.RETIRED
    nomination.save(update_fields=["status", "ends_on", "updated"])
    return nomination


def retire_due_nominations(today: date | None = None) -> int:
    """Retire the active nominations whose end date has come; a rerun finds nothing left to do."""
    today = today or timezone.localdate()
    retired = 0
    for nomination in Nomination.objects.active().filter(ends_on__lte=today):
        # Saved one by one (few a day) so each retirement goes to the change log.
        nomination.status = NominationStatus.RETIRED
        nomination.save(update_fields=["status", "updated"])
        retired += 1
    return retired


def reinstate(*, principal: Principal, nomination: Nomination) -> Nomination:
    """Undo a retirement (or cancel a scheduled one): whoever may retire a nomination may reinstate it."""
    if not can(principal, "change", nomination):
        raise PermissionDenied
    if nomination.is_active and nomination.ends_on is None:
        return nomination
    if not Participation.objects.filter(directory_id=nomination.directory_id, state_id=nomination.state_id).exists():
        raise ValidationError(_("This contact's State no longer takes part in that directory."), code="not_participant")
    nomination.status, nomination.ends_on = NominationStatus.ACTIVE, None
    try:
        with transaction.atomic():
            nomination.save(update_fields=["status", "ends_on", "updated"])
    except IntegrityError:
        nomination.refresh_from_db()
        raise ValidationError(
            _(
                "This contact already holds another active nomination to this role in this directory; "
                "retire that one first."
            ),
            code="duplicate",
        ) from None
    return nomination


@transaction.atomic
def save_directory_settings(form) -> Directory:
    """Save a manager's settings form: the directory's rules, its roles and its participating States."""
    directory = form.save()
    kinds = form.cleaned_data["role_kinds"]
    directory.roles.exclude(kind__in=kinds).delete()
    for position, kind in enumerate(kind for kind in RoleKind.values if kind in kinds):
        DirectoryRole.objects.update_or_create(directory=directory, kind=kind, defaults={"position": position})
    states = set(form.cleaned_data["states"])
    directory.participations.exclude(state__in=states).delete()
    present = set(directory.participations.values_list("state_id", flat=True))
    Participation.objects.bulk_create(
        Participation(directory=directory, state=state) for state in states if state.pk not in present
    )
    return directory


def mark_unverified(contact_ids, on: date) -> int:
    """Contacts that did not answer a ping test show as unverified until they next confirm."""
    return Contact.objects.filter(pk__in=contact_ids, unverified_since__isnull=True).update(
        unverified_since=on, updated=timezone.now()
    )


@dataclass
class ContactData:
    """A contact's details as plain values (from the API or an import), checked by the contact form's rules."""

    fields: dict  # ContactForm fields: institution (id), kind, name, title, is_24_7, working_days, ...
    emails: list[tuple[str, str]] | None = None  # (address, usage); None leaves a contact's addresses as they are
    phones: list[tuple[str, str]] | None = None  # (number in any international format, usage)


@transaction.atomic
def write_contact(*, state, data: ContactData, contact: Contact | None = None, user=None) -> Contact:
    """Create (or change) a contact of ``state`` from plain values, all or nothing.

    Raises ValidationError with a message list per field name when anything is wrong; nothing is saved then.
    """
    values = dict(data.fields)
    if contact is None:
        defaults = {"kind": ContactKind.PERSON, "working_days": WorkingDays.MON_FRI, "time_zone": state.time_zone}
        values = {**defaults, **values}
    else:
        current = {
            "institution": contact.institution_id,
            "kind": contact.kind,
            "name": contact.name,
            "title": contact.title,
            "is_24_7": contact.is_24_7,
            "working_days": contact.working_days,
            "opens_at": contact.opens_at,
            "closes_at": contact.closes_at,
            "time_zone": contact.time_zone,
            "pgp_key": contact.pgp_key,
            "languages": ", ".join(contact.language_codes),
        }
        values = {**current, **values}
    values["is_24_7"] = "on" if values.get("is_24_7") else ""
    form = ContactForm(data=values, instance=contact, state=state)
    errors: dict[str, list[str]] = (
        {name: list(messages) for name, messages in form.errors.items()} if not form.is_valid() else {}
    )
    emails = _checked_emails(data.emails, errors) if data.emails is not None else None
    phones = _checked_phones(data.phones, errors) if data.phones is not None else None
    if errors:
        raise ValidationError(errors)
    contact = form.save(commit=False)
    if contact.pk is None and user is not None:
        contact.created_by = user
    if form.key_info:
        contact.pgp_fingerprint, contact.pgp_expires = form.key_info.fingerprint, form.key_info.expires
    elif not contact.pgp_key:
        contact.pgp_fingerprint, contact.pgp_expires = "", None
    contact.save()
    set_languages(contact, form.cleaned_data["languages"])
    if emails is not None:
        contact.emails.all().delete()
        for position, email in enumerate(emails):
            email.contact, email.position = contact, position
            email.save()
    if phones is not None:
        contact.phones.all().delete()
        for position, phone in enumerate(phones):
            phone.contact, phone.position = contact, position
            phone.save()
    return contact


def _checked_emails(pairs: list[tuple[str, str]], errors: dict[str, list[str]]) -> list[ContactEmail]:
    emails = []
    for address, usage in pairs:
        email = ContactEmail(address=address, usage=usage)
        try:
            email.full_clean(exclude=["contact", "position"])
        except ValidationError as error:
            errors.setdefault("emails", []).extend(f"{address}: {message}" for message in error.messages)
        emails.append(email)
    if not emails:
        errors.setdefault("emails", []).append(_("Give at least one e-mail address."))
    return emails


def _checked_phones(pairs: list[tuple[str, str]], errors: dict[str, list[str]]) -> list[ContactPhone]:
    phones = []
    for number, usage in pairs:
        try:
            phone = ContactPhone(number=to_e164(number), usage=usage)
            phone.full_clean(exclude=["contact", "position"])
        except ValidationError as error:
            errors.setdefault("phones", []).extend(f"{number}: {message}" for message in error.messages)
            continue
        phones.append(phone)
    return phones
