"""How the directory's resources read in the API: States, directories, institutions, contacts, nominations.

Writes go through the same services as the pages (``directory.services``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory import contact_fields
from directory.choices import EmailUsage, PhoneUsage, RoleKind
from directory.models import Contact, Directory, Institution, Nomination, State
from enlace import features
from rest_api.columns import ReadFromColumns


class StateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("In the language of the request (Accept-Language)."))

    class Meta:
        model = State
        fields = ["iso3", "iso2", "name", "english_name", "region", "un_status"]


class DirectorySerializer(serializers.ModelSerializer):
    """A directory; its name and description in the language of the request, and every language written."""

    name = serializers.CharField(
        source="for_reader.name",
        read_only=True,
        help_text=_("In the language of the request (Accept-Language), else English, else the original language."),
    )
    description = serializers.CharField(source="for_reader.description", read_only=True, help_text=_("As the name."))
    names = serializers.SerializerMethodField(help_text=_("Every written name, by language code."))
    descriptions = serializers.SerializerMethodField(help_text=_("Every written description, by language code."))
    roles = serializers.SerializerMethodField()
    participants = serializers.SlugRelatedField(many=True, read_only=True, slug_field="iso3")

    class Meta:
        model = Directory
        fields = [
            "slug",
            "name",
            "description",
            "original_language",
            "names",
            "descriptions",
            "managing_body",
            "roles",
            "participants",
        ]

    def get_fields(self) -> dict:
        # Then the rules the features keep for a directory (its ping test interval, its deadlines).
        fields = super().get_fields()
        for api_field in features.api_fields_for(features.DIRECTORY_API):
            fields[api_field.name] = api_field.field()
        return fields

    def get_names(self, directory: Directory) -> dict[str, str]:
        return directory.texts("name")

    def get_descriptions(self, directory: Directory) -> dict[str, str]:
        return directory.texts("description")

    def get_roles(self, directory: Directory) -> list[str]:
        return [role.kind for role in directory.roles.all()]


class InstitutionSerializer(ReadFromColumns, serializers.ModelSerializer):
    state = serializers.SlugRelatedField(read_only=True, slug_field="iso3")

    list_columns = {
        "code": "code",
        "state": "state__iso3",
        "name": "name",
        "acronym": "acronym",
        "kind": "kind",
        "website": "website",
    }

    class Meta:
        model = Institution
        fields = ["code", "state", "name", "acronym", "kind", "website"]


class EmailSerializer(serializers.Serializer):
    address = serializers.CharField(max_length=254)
    usage = serializers.ChoiceField(choices=EmailUsage.choices, default=EmailUsage.OFFICE)


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=30, help_text=_("International format, e.g. +41 22 917 1234."))
    usage = serializers.ChoiceField(choices=PhoneUsage.choices, default=PhoneUsage.OFFICE)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "09:00",
        "description": "Local time of day in the contact's time zone (hours:minutes, 24-hour), with no offset.",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the contact's own zone: OpenAPI's ``format: time`` would demand an offset."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ContactSerializer(serializers.ModelSerializer):
    """A contact. Writes are checked by the same rules as the contact form; on change, send ``If-Match``."""

    state = serializers.SlugRelatedField(source="institution.state", read_only=True, slug_field="iso3")
    institution = serializers.SlugRelatedField(slug_field="code", queryset=Institution.objects.none())
    emails = EmailSerializer(many=True, required=False)
    phones = PhoneSerializer(many=True, required=False)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=3),
        source="language_codes",
        help_text=_("ISO 639 codes, the preferred first."),
        required=False,
    )
    reachable_24_7 = serializers.BooleanField(source="is_24_7", required=False)
    opens_at = LocalTimeField(allow_null=True, required=False)
    closes_at = LocalTimeField(allow_null=True, required=False)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Contact
        fields = contact_fields.names_in("api")
        read_only_fields = ["pgp_fingerprint", "pgp_expires", "last_verified", "unverified_since", "updated"]

    def __init__(self, *args, institutions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.fields["institution"].queryset = institutions

    def get_url(self, contact: Contact) -> str:
        return reverse("api:contact-detail", args=[contact.code])


class NominationSerializer(ReadFromColumns, serializers.ModelSerializer):
    directory = serializers.SlugRelatedField(slug_field="slug", queryset=Directory.objects.none())
    role = serializers.ChoiceField(choices=RoleKind.choices, source="role.kind")
    state = serializers.SlugRelatedField(read_only=True, slug_field="iso3")
    contact = serializers.SlugRelatedField(slug_field="code", queryset=Contact.objects.none())
    contact_name = serializers.CharField(source="contact.name", read_only=True)

    list_columns = {
        "code": "code",
        "directory": "directory__slug",
        "role": "role__kind",
        "state": "state__iso3",
        "contact": "contact__code",
        "contact_name": "contact__name",
        "status": "status",
        "starts_on": "starts_on",
        "ends_on": "ends_on",
        "source": "source",
        "note_verbale_reference": "note_verbale_reference",
    }

    class Meta:
        model = Nomination
        fields = [
            "code",
            "directory",
            "role",
            "state",
            "contact",
            "contact_name",
            "status",
            "starts_on",
            "ends_on",
            "source",
            "note_verbale_reference",
        ]
        read_only_fields = ["status", "ends_on", "source"]

    def __init__(self, *args, directories=None, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if directories is not None:
            self.fields["directory"].queryset = directories
        if contacts is not None:
            self.fields["contact"].queryset = contacts


class RetireSerializer(serializers.Serializer):
    ends_on = serializers.DateField(
        help_text=_("The day the nomination ends: today or earlier retires it now, a later day on that day.")
    )
