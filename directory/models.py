"""The points-of-contact directory: States, directories, institutions, contacts, nominations.

A contact is one record however many directories it serves in: the State
nominates the same contact to a role in each directory (States are encouraged to
nominate the same points of contact to several), so a correction made once shows everywhere.
"""

import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.restriction import RestrictedQuerySet
from directory import names, search, time_zones
from directory.choices import (
    ContactKind,
    EmailUsage,
    InstitutionKind,
    NominationSource,
    NominationStatus,
    PhoneUsage,
    Region,
    RoleKind,
    UNStatus,
    WorkingDays,
)
from enlace import alphabetical
from enlace.model_fields import account_field
from enlace.translated_texts import WrittenInLanguages, original_language_field, translations_field
from mail import openpgp

# A contact not confirmed for this long is "stale" on the manager's list. A contact never confirmed is
# "not yet verified", and stale only once it has missed a ping test or been in the directory this long.
STALE_AFTER = timedelta(days=365)


def stale_contacts(prefix: str = "") -> Q:
    """The one definition of a stale contact, as a filter (``prefix`` reaches the contact from another model)."""
    today = timezone.localdate()
    threshold_day = today - STALE_AFTER
    entered_long_ago = timezone.now() - STALE_AFTER
    return Q(**{f"{prefix}last_verified__lt": threshold_day}) | (
        Q(**{f"{prefix}last_verified__isnull": True})
        & (Q(**{f"{prefix}unverified_since__isnull": False}) | Q(**{f"{prefix}created__lt": entered_long_ago}))
    )


def parse_reminder_days(text: str) -> list[int]:
    return sorted({int(part) for part in text.replace(" ", "").split(",") if part})


def validate_reminder_days(text: str) -> None:
    try:
        days = parse_reminder_days(text)
    except ValueError:
        raise ValidationError(_("Give whole numbers of days separated by commas, e.g. 3,7.")) from None
    if any(day < 1 for day in days):
        raise ValidationError(_("Reminders are sent at least one day after the first message."))


class Timestamped(models.Model):
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class StateQuerySet(models.QuerySet):
    def un_members(self) -> "StateQuerySet":
        return self.filter(un_status=UNStatus.MEMBER)


class State(models.Model):
    """A UN Member or observer State. Its name is shown in the reader's language, as the UN writes it."""

    iso3 = models.CharField(_("ISO 3166-1 alpha-3 code"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, unique=True)
    english_name = models.CharField(_("English name"), max_length=100)  # the UN English short name
    un_status = models.CharField(_("UN status"), max_length=10, choices=UNStatus.choices)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices, db_index=True)

    objects = StateQuerySet.as_manager()

    class Meta:
        ordering = ["english_name"]
        verbose_name = _("State")
        verbose_name_plural = _("States")
        constraints = [
            models.CheckConstraint(condition=Q(iso3__regex=r"^[A-Z]{3}$"), name="state_iso3_upper_alpha3"),
            models.CheckConstraint(condition=Q(iso2__regex=r"^[A-Z]{2}$"), name="state_iso2_upper_alpha2"),
        ]
        # Every order an API list offers has an index on (field, id) that its cursor pages walk (api.pagination).
        indexes = [models.Index(fields=["english_name", "id"], name="state_english_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return names.state_name(self.iso2, self.english_name)

    @property
    def time_zone(self) -> str:
        """The usual time zone of the State (its capital's): the default for its new contacts and accounts."""
        return time_zones.default_time_zone(self.iso2)


def sorted_by_name(states) -> list[State]:
    """States sorted by their name in the reader's language, in its alphabetical order (the database only knows
    English, and sorts by code point)."""
    return sorted(states, key=lambda state: names.state_sort_key(state.iso2, state.name))


class DirectoryQuerySet(RestrictedQuerySet):
    def named(self, text: str) -> "DirectoryQuerySet":
        """Directories with this name in any language, case and accents aside (directories are few: read in Python).

        No two directories share a name in any language, so that readers of every language tell them apart.
        """
        wanted = search.normalise(text)
        ids = [
            pk
            for pk, name, translations in self.values_list("pk", "name", "name_translations")
            if wanted in {search.normalise(each) for each in [name, *(translations or {}).values()]}
        ]
        return self.filter(pk__in=ids)

    def sorted_by_name_for_reader(self) -> list["Directory"]:
        """The directories in the alphabetical order of their names in the reader's language."""
        return sorted(self, key=lambda directory: alphabetical.sort_key(directory.for_reader.name))


class Directory(WrittenInLanguages, Timestamped):
    """One network of points of contact, run by a manager (a secretariat) with its own rules.

    Its name and description are written in its original language (the columns, which order and
    keep names unique) and may be translated into the other interface languages; readers see
    ``for_reader.name`` and ``for_reader.description`` (``enlace.translated_texts.pick``).
    """

    translated_fields = ("name", "description")

    slug = models.SlugField(_("short name in addresses"), max_length=40, unique=True)
    name = models.CharField(pgettext_lazy("name of a thing", "name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    original_language = original_language_field()
    name_translations = translations_field()
    description_translations = translations_field()
    managing_body = models.CharField(
        _("managed by"), max_length=200, help_text=_("The secretariat that runs the directory.")
    )
    participants = models.ManyToManyField(
        State, through="Participation", related_name="directories", verbose_name=_("participating States")
    )
    is_listed_publicly = models.BooleanField(
        _("listed on the public pages"), default=True, help_text=_("Signed-out visitors see that it exists.")
    )
    publishes_participants = models.BooleanField(_("publishes its participating States"), default=True)
    publishes_counts = models.BooleanField(_("publishes how many contacts each State nominated"), default=True)

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("directory")
        verbose_name_plural = _("directories")
        indexes = [models.Index(fields=["created", "id"], name="directory_created")]

    def __str__(self) -> str:
        return str(self.for_reader.name)

    def get_absolute_url(self) -> str:
        return reverse("directory:detail", args=[self.slug])

    def get_additional_data(self) -> dict:
        """Scope of this record's change-log entries (read by the audit rules)."""
        return {"directory": self.pk}


class Participation(Timestamped):
    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="participations")
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="participations")
    joined_on = models.DateField(_("joined on"), default=date.today)

    class Meta:
        verbose_name = _("participation")
        constraints = [
            models.UniqueConstraint(fields=["directory", "state"], name="participation_unique_state_per_directory")
        ]

    def get_additional_data(self) -> dict:
        return {"directory": self.directory_id, "state": self.state_id}


class DirectoryRole(models.Model):
    """A PoC role a directory uses (each directory chooses its own, at least one)."""

    directory = models.ForeignKey(Directory, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        ordering = ["directory", "position"]
        verbose_name = _("PoC role")
        constraints = [models.UniqueConstraint(fields=["directory", "kind"], name="directory_role_unique_kind")]

    def __str__(self) -> str:
        # The label straight from the enumeration: get_kind_display() rebuilds a dict of every choice on each call.
        try:
            return str(RoleKind(self.kind).label)
        except ValueError:
            return self.kind


class InstitutionQuerySet(RestrictedQuerySet):
    def search(self, text: str) -> "InstitutionQuerySet":
        """Institutions whose name or acronym contains the text (any case or accents), or of a State it names."""
        return self.filter(search.institution_matches(text))


class Institution(Timestamped):
    """A national entity of a State: ministry of foreign affairs, national CSIRT, police..."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="institutions", verbose_name=_("State"))
    name = models.CharField(pgettext_lazy("name of a thing", "name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstitutionKind.choices)
    website = models.URLField(_("website"), blank=True)
    # Name and acronym, normalised for search (directory.search); indexed for substrings on PostgreSQL.
    search_text = models.TextField(default="", editable=False)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(Lower("name"), "state", name="institution_unique_name_per_state"),
        ]
        indexes = [
            models.Index(fields=["created", "id"], name="institution_created"),
            models.Index(fields=["name", "id"], name="institution_name"),
        ]

    def __str__(self) -> str:
        return self.label(self.name, self.acronym)

    def save(self, *args, **kwargs) -> None:
        self.search_text = search.institution_search_text(self.name, self.acronym)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "acronym"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        return {"state": self.state_id}

    @staticmethod
    def label(name: str, acronym: str) -> str:
        """How an institution is named on a page: its name, then its acronym in brackets if it has one."""
        return f"{name} ({acronym})" if acronym else name


class ContactQuerySet(RestrictedQuerySet):
    def search(self, text: str) -> "ContactQuerySet":
        """Contacts whose name, title, institution or an e-mail address contains the text (any case or accents),
        whose phone numbers contain its digits, or of a State it names (see directory.search)."""
        return self.filter(search.contact_matches(text))

    def with_details(self) -> "ContactQuerySet":
        return self.select_related("institution__state").prefetch_related("emails", "phones", "languages")

    def for_search_results(self) -> "models.QuerySet":
        """What a line of search results shows (name, institution, State, the first e-mail address and the last
        verification) as plain values, in one query: a page of lines is read on every keystroke of a live search,
        and building a contact, its institution and its State as model instances cost more than the query."""
        first_email = ContactEmail.objects.filter(contact=models.OuterRef("pk")).order_by("position", "id")
        return self.values(
            "code",
            "name",
            "last_verified",
            "institution__name",
            "institution__acronym",
            "institution__state__iso2",
            "institution__state__english_name",
            first_email=models.Subquery(first_email.values("address")[:1]),
        )


def verified_order(prefix: str = "") -> Coalesce:
    """A contact's last verification as a sort key: never verified sorts as the oldest, on every database."""
    return Coalesce(F(f"{prefix}last_verified"), Value(date.min), output_field=models.DateField())


class Contact(Timestamped):
    """A person, or a functional entity such as a CSIRT duty desk, of an institution."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("institution")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ContactKind.choices, default=ContactKind.PERSON)
    name = models.CharField(pgettext_lazy("contact's name, a person or a desk", "name"), max_length=200)
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    is_24_7 = models.BooleanField(_("reachable 24/7"), default=False)
    working_days = models.CharField(
        _("working days"), max_length=10, choices=WorkingDays.choices, default=WorkingDays.MON_FRI
    )
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    pgp_key = models.TextField(_("OpenPGP public key"), blank=True)
    pgp_fingerprint = models.CharField(_("OpenPGP fingerprint"), max_length=64, blank=True)
    pgp_expires = models.DateTimeField(_("OpenPGP key expires"), null=True, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    # Set when the contact did not answer a ping test; cleared by its next confirmation.
    unverified_since = models.DateField(_("unverified since"), null=True, blank=True)
    # Who entered the record: a manager sees a contact it entered (from a note verbale) before nominating it.
    created_by = account_field(_("added by"), editable=False)
    # Name, title, e-mail addresses, institution name and acronym, normalised for search, and the digits of the
    # phone numbers: written by directory.search (on save, or with the row by the import), indexed for
    # substrings on PostgreSQL.
    search_text = models.TextField(default="", editable=False)
    phone_digits = models.TextField(default="", editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True) | Q(opens_at__lt=models.F("closes_at")),
                name="contact_opens_before_closing",
            ),
            models.CheckConstraint(
                condition=(Q(pgp_key="") & Q(pgp_fingerprint="")) | (~Q(pgp_key="") & ~Q(pgp_fingerprint="")),
                name="contact_pgp_key_has_fingerprint",
            ),
        ]
        indexes = [
            models.Index(fields=["last_verified"], name="contact_last_verified"),
            # The directory page's sorts by name and by last verified (never verified first) read these in order;
            # search results are in name order too, so a search for a common word stops at the page's last row.
            models.Index(fields=["name", "id"], name="contact_name"),
            models.Index(verified_order(), F("name"), F("id"), name="contact_verified_name"),
            # The API's cursor pages (api.pagination): newest first by default, or in order of last change.
            models.Index(fields=["created", "id"], name="contact_created"),
            models.Index(fields=["updated", "id"], name="contact_updated"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:contact", args=[self.code])

    @property
    def state(self) -> State:
        return self.institution.state

    def get_additional_data(self) -> dict:
        return {"state": self.institution.state_id, "contact": str(self.code)}

    @property
    def is_stale(self) -> bool:
        """Not confirmed for over a year; never confirmed only once it missed a ping test or is a year old."""
        if self.last_verified is not None:
            return self.last_verified < timezone.localdate() - STALE_AFTER
        if self.unverified_since is not None:
            return True
        return self.created is not None and self.created < timezone.now() - STALE_AFTER

    def mark_verified(self, on: date) -> None:
        """A ping confirmation (or the manager recording one) proves the contact current."""
        self.last_verified = on
        self.unverified_since = None
        self.save(update_fields=["last_verified", "unverified_since", "updated"])

    @property
    def pgp_key_expired(self) -> bool:
        return openpgp.key_expired(self.pgp_expires)

    def encryption_key(self) -> str:
        """The key Enlace encrypts to for this contact, or "" when there is none it can use (``openpgp.usable_key``)."""
        # The code is read only if a refusal is logged: a list of contacts may have loaded only their keys.
        owner = lazy(lambda: f"contact {self.code}", str)()
        return openpgp.usable_key(self.pgp_key, self.pgp_expires, owner=owner)

    @property
    def language_codes(self) -> list[str]:
        return [language.code for language in self.languages.all()]


class ContactEmail(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(_("e-mail address"))
    usage = models.CharField(_("usage"), max_length=10, choices=EmailUsage.choices, default=EmailUsage.OFFICE)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("e-mail address")
        constraints = [
            models.UniqueConstraint("contact", Lower("address"), name="contact_email_unique_per_contact"),
        ]
        indexes = [models.Index(Lower("address"), name="contact_email_address")]

    def __str__(self) -> str:
        return self.address

    def get_additional_data(self) -> dict:
        return self.contact.get_additional_data()


class ContactPhone(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(
        _("phone number"), max_length=16, help_text=_("International format, e.g. +41 22 917 1234")
    )
    usage = models.CharField(_("usage"), max_length=10, choices=PhoneUsage.choices, default=PhoneUsage.OFFICE)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("phone number")
        constraints = [
            # E.164: a plus sign, then up to 15 digits, the first not zero.
            models.CheckConstraint(condition=Q(number__regex=r"^\+[1-9][0-9]{3,14}$"), name="contact_phone_e164"),
            models.UniqueConstraint(fields=["contact", "number", "usage"], name="contact_phone_unique"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_additional_data(self) -> dict:
        return self.contact.get_additional_data()


class ListedLanguage(models.Model):
    """One language (ISO 639) of a record's ordered list of languages: the first (lowest position) comes first.

    A contact's operating languages and a document's languages are such lists: each declares its record's key,
    then ``code, position = ListedLanguage.columns()`` (after the key, so the columns keep their order in the
    change log's entries), and gives its table the rules of ``language_list_rules``.
    """

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return names.language_name(self.code)

    @staticmethod
    def columns() -> tuple[models.CharField, models.PositiveSmallIntegerField]:
        return (
            models.CharField(_("language (ISO 639)"), max_length=3),
            models.PositiveSmallIntegerField(_("position in the list"), default=0),
        )


def language_list_rules(record: str, prefix: str) -> tuple[list, list]:
    """A list's ``Meta`` constraints and indexes: a language once per record, a two- or three-letter code, and
    the code indexed (which records work in a language)."""
    constraints = [
        models.UniqueConstraint(fields=[record, "code"], name=f"{prefix}_unique"),
        models.CheckConstraint(condition=Q(code__regex=r"^[a-z]{2,3}$"), name=f"{prefix}_iso639"),
    ]
    return constraints, [models.Index(fields=["code"], name=f"{prefix}_code")]


class ContactLanguage(ListedLanguage):
    """An operating language of a contact; the first (lowest position) is the preferred one."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="languages")
    code, position = ListedLanguage.columns()

    class Meta(ListedLanguage.Meta):
        verbose_name = _("operating language")
        constraints, indexes = language_list_rules("contact", "contact_language")

    @classmethod
    def codes_in_use(cls) -> list[str]:
        """Every language code some contact works in, read from the code index.

        A skip scan (each step the next code above the last) costs a few index probes
        per distinct code instead of reading one row per contact: a few dozen
        languages among 100,000 contacts.
        """
        with connection.cursor() as cursor:
            cursor.execute(
                """WITH RECURSIVE used(code) AS (
                    SELECT MIN(code) FROM directory_contactlanguage
                    UNION ALL
                    SELECT (SELECT MIN(code) FROM directory_contactlanguage WHERE code > used.code)
                    FROM used WHERE used.code IS NOT NULL
                ) SELECT code FROM used WHERE code IS NOT NULL"""
            )
            return [code for (code,) in cursor.fetchall()]

    def get_additional_data(self) -> dict:
        return self.contact.get_additional_data()


class NominationQuerySet(RestrictedQuerySet):
    def active(self) -> "NominationQuerySet":
        return self.filter(status=NominationStatus.ACTIVE)

    def stale(self) -> "NominationQuerySet":
        """Active nominations whose contact is stale (``Contact.is_stale``)."""
        return self.active().filter(stale_contacts("contact__"))

    def with_details(self) -> "NominationQuerySet":
        return self.select_related("directory", "role", "state", "contact__institution").prefetch_related(
            "contact__emails", "contact__phones", "contact__languages"
        )


class Nomination(Timestamped):
    """A State's designation of a contact to a role in a directory."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    directory = models.ForeignKey(
        Directory, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("directory")
    )
    role = models.ForeignKey(
        DirectoryRole, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("role")
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("contact")
    )
    # The nominating State; always the contact's own State (see services.nominate).
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("State"))
    status = models.CharField(
        _("status"), max_length=10, choices=NominationStatus.choices, default=NominationStatus.ACTIVE
    )
    starts_on = models.DateField(_("nominated on"), default=date.today)
    # On a retired nomination, the day it ended; on an active one, the day it is to be retired
    # (``tasks.retire_due_nominations`` retires it then).
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=NominationSource.choices, default=NominationSource.STATE
    )
    note_verbale_reference = models.CharField(_("note verbale reference"), max_length=100, blank=True)
    created_by = account_field(_("added by"))

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["directory", "state", "role__position"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["directory", "role", "contact"],
                condition=Q(status=NominationStatus.ACTIVE),
                name="nomination_one_active_per_role",
            ),
            models.CheckConstraint(
                condition=~Q(source=NominationSource.NOTE_VERBALE) | ~Q(note_verbale_reference=""),
                name="nomination_note_verbale_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(status=NominationStatus.ACTIVE) | Q(status=NominationStatus.RETIRED, ends_on__isnull=False),
                name="nomination_retired_has_end_date",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="nomination_ends_after_start",
            ),
        ]
        indexes = [
            # The directory page counts a directory's active nominations per State from this index alone.
            models.Index(fields=["directory", "status", "state"], name="nomination_directory_state"),
            models.Index(fields=["state", "status"], name="nomination_state_status"),
            # The API's cursor pages (api.pagination): newest first by default, or by the day a nomination starts.
            models.Index(fields=["created", "id"], name="nomination_created"),
            models.Index(fields=["starts_on", "id"], name="nomination_starts_on"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} – {self.role} – {self.directory}"

    @property
    def is_active(self) -> bool:
        return self.status == NominationStatus.ACTIVE

    @property
    def retires_on(self) -> date | None:
        """The day an active nomination is scheduled to be retired, if any."""
        return self.ends_on if self.is_active else None

    def get_additional_data(self) -> dict:
        return {"directory": self.directory_id, "state": self.state_id, "contact": str(self.contact.code)}
