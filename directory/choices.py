from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UNStatus(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Observer State")


class Region(models.TextChoices):
    """UN M49 regions, used to group States in lists and statistics."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    OCEANIA = "oceania", _("Oceania")


class RoleKind(models.TextChoices):
    DIPLOMATIC = "diplomatic", _("Diplomatic")
    TECHNICAL = "technical", _("Technical")
    POLITICAL = "political", _("Political level")
    FOREIGN_AFFAIRS = "foreign_affairs", _("Ministry of foreign affairs")
    LAW_ENFORCEMENT = "law_enforcement", _("Law enforcement (24/7)")


class InstitutionKind(models.TextChoices):
    FOREIGN_AFFAIRS = "foreign_affairs", _("Ministry of foreign affairs")
    CSIRT = "csirt", _("National CSIRT / CERT")
    MINISTRY = "ministry", _("Other ministry or agency")
    POLICE = "police", _("Police or law enforcement")
    REGULATOR = "regulator", _("Regulator")
    DEFENCE = "defence", _("Defence")
    OTHER = "other", _("Other")


class ContactKind(models.TextChoices):
    PERSON = "person", _("Person")
    FUNCTIONAL = "functional", _("Functional entity (e.g. a duty desk)")


class EmailUsage(models.TextChoices):
    OFFICE = "office", _("Office")
    DUTY = "duty", _("24/7 duty")
    OTHER = "other", _("Other")


class PhoneUsage(models.TextChoices):
    OFFICE = "office", _("Office")
    MOBILE = "mobile", _("Mobile")
    EMERGENCY = "emergency", _("24/7 emergency")
    FAX = "fax", _("Fax")


class WorkingDays(models.TextChoices):
    MON_FRI = "mon-fri", _("Monday to Friday")
    SUN_THU = "sun-thu", _("Sunday to Thursday")
    MON_SAT = "mon-sat", _("Monday to Saturday")
    EVERY_DAY = "every-day", _("Every day")


class NominationStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("nomination status", "Active")
    RETIRED = "retired", pgettext_lazy("nomination status", "Retired")


class NominationSource(models.TextChoices):
    STATE = "state", _("Entered by the State")
    NOTE_VERBALE = "note_verbale", _("Entered by the manager from a note verbale")
