"""How each resource reads in the API. Writes go through the same services as the pages."""

from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.field_mapping import get_field_kwargs

from communications.models import Communication, Deadlines
from directory.choices import EmailUsage, PhoneUsage, RoleKind
from directory.models import Contact, Directory, Institution, Nomination, State
from pings.models import PingRound, PingSchedule
from repository.models import Document


class ReadFromColumns:
    """A serializer whose list pages are read as plain values of the database, without model instances.

    ``list_columns`` names, for each field, the lookup that holds its value (``"directory": "directory__slug"``):
    a list page is then one ``values()`` query, and each value is given as the field gives it (dates and
    times through the field itself; a UUID is left to the JSON encoder, as the field leaves it). Building a
    model instance and running every field per row cost more than the rest of a page together.
    ``api.tests.test_list_pages`` checks that both ways give the same JSON for every such list.
    """

    list_columns: dict[str, str] = {}

    @classmethod
    def rows_as_represented(cls, rows: Iterable[dict]) -> list[dict]:
        plan = cls._column_plan()
        represented = []
        for row in rows:
            item = {}
            for name, lookup, convert in plan:
                value = row[lookup]
                item[name] = value if convert is None or value is None else convert(value)
            represented.append(item)
        return represented

    @classmethod
    def _column_plan(cls) -> list[tuple[str, str, Callable | None]]:
        plan = cls.__dict__.get("_plan")
        if plan is None:
            fields = cls().fields
            temporal = (serializers.DateTimeField, serializers.DateField, serializers.TimeField)
            plan = [
                (name, lookup, fields[name].to_representation if isinstance(fields[name], temporal) else None)
                for name, lookup in cls.list_columns.items()
            ]
            cls._plan = plan
        return plan


class StateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=_("In the language of the request (Accept-Language)."))

    class Meta:
        model = State
        fields = ["iso3", "iso2", "name", "english_name", "region", "un_status"]


class DirectoryRuleField(serializers.IntegerField):
    """A directory's rule kept by a feature (``PingSchedule``, ``Deadlines``): shown as the directory's own field,
    described as the model's field is, the feature's defaults for a directory that has no row yet."""

    def __init__(self, model, name: str):
        self.model, self.name = model, name
        kwargs = get_field_kwargs(name, model._meta.get_field(name))
        kwargs.pop("model_field", None)  # what a ModelSerializer's own fields keep; this one reads through of()
        super().__init__(source="*", **kwargs)

    def get_attribute(self, directory: Directory) -> int:
        return getattr(self.model.of(directory), self.name)


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
    ping_interval_months = DirectoryRuleField(PingSchedule, "ping_interval_months")
    acknowledgement_hours = DirectoryRuleField(Deadlines, "acknowledgement_hours")
    answer_days = DirectoryRuleField(Deadlines, "answer_days")

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
            "ping_interval_months",
            "acknowledgement_hours",
            "answer_days",
        ]

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
        fields = [
            "code",
            "url",
            "state",
            "institution",
            "kind",
            "name",
            "title",
            "emails",
            "phones",
            "languages",
            "reachable_24_7",
            "working_days",
            "opens_at",
            "closes_at",
            "time_zone",
            "pgp_fingerprint",
            "pgp_expires",
            "last_verified",
            "unverified_since",
            "updated",
        ]
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


class PingRoundSerializer(ReadFromColumns, serializers.ModelSerializer):
    directory = serializers.SlugRelatedField(read_only=True, slug_field="slug")

    list_columns = {
        "code": "code",
        "directory": "directory__slug",
        "status": "status",
        "trigger": "trigger",
        "started_at": "started_at",
        "closes_at": "closes_at",
        "closed_at": "closed_at",
        "total": "total",
    }

    class Meta:
        model = PingRound
        fields = ["code", "directory", "status", "trigger", "started_at", "closes_at", "closed_at", "total"]


class StatsSerializer(serializers.Serializer):
    pinged = serializers.IntegerField()
    sent = serializers.IntegerField()
    delivered = serializers.IntegerField()
    within_72h = serializers.IntegerField()
    within_7d = serializers.IntegerField()
    by_close = serializers.IntegerField()
    answered = serializers.IntegerField()
    changes = serializers.IntegerField()
    median_hours = serializers.FloatField(allow_null=True)
    states = serializers.IntegerField()


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    stats = StatsSerializer()


class RoundResultsSerializer(serializers.Serializer):
    """A round's results over the pings the caller may see (a coordinator: its own State's)."""

    total = StatsSerializer()
    by_role = GroupSerializer(many=True)
    by_region = GroupSerializer(many=True)
    by_state = GroupSerializer(many=True)


class DocumentSerializer(serializers.ModelSerializer):
    """A policy or legislation document (OAS CBM 1); ``file`` is where its upload can be downloaded."""

    state = serializers.SlugRelatedField(read_only=True, slug_field="iso3")
    institutions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    superseded_by = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)
    languages = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "code",
            "state",
            "name",
            "description",
            "institutions",
            "kind",
            "entry_into_force",
            "reference_url",
            "file",
            "languages",
            "status",
            "superseded_by",
            "visibility",
            "reviewed_on",
            "updated",
        ]

    def get_languages(self, document: Document) -> list[str]:
        return [language.code for language in document.languages.all()]

    def get_file(self, document: Document) -> str | None:
        return reverse("repository:file", args=[document.code]) if document.file else None


class MeasureStatusSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="measure.number")
    status = serializers.CharField()
    derived = serializers.BooleanField(help_text=_("Worked out from Enlace's own data rather than reported."))
    as_of = serializers.DateField(allow_null=True)


class StateMeasuresSerializer(serializers.Serializer):
    state = serializers.CharField(source="state.iso3")
    implemented = serializers.IntegerField()
    measures = MeasureStatusSerializer(many=True, source="cells")


class MeasureSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField(
        source="for_reader.text",
        help_text=_("In the language of the request (Accept-Language), else English, else the original language."),
    )
    original_language = serializers.CharField()
    texts = serializers.SerializerMethodField(help_text=_("Every written text, by language code."))
    text_en = serializers.SerializerMethodField(help_text=_("The text for an English reader (kept for older clients)."))
    text_es = serializers.SerializerMethodField(help_text=_("The text for a Spanish reader (kept for older clients)."))

    def get_texts(self, measure) -> dict[str, str]:
        return measure.texts("text")

    def get_text_en(self, measure) -> str:
        return measure.localized("text", "en")

    def get_text_es(self, measure) -> str:
        return measure.localized("text", "es")


class CbmStatusSerializer(serializers.Serializer):
    """Every participating State's status on every confidence-building measure of the directory."""

    directory = serializers.CharField(source="directory.slug")
    measures = MeasureSerializer(many=True)
    states = StateMeasuresSerializer(many=True, source="rows")


class CommunicationSerializer(ReadFromColumns, serializers.ModelSerializer):
    """A communication's envelope: parties, template and version, label, deadlines and status; never its content."""

    directory = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    template = serializers.CharField(source="template_version.template.key", read_only=True)
    template_kind = serializers.CharField(source="template_version.template.kind", read_only=True)
    template_version = serializers.IntegerField(source="template_version.number", read_only=True)
    sender_state = serializers.SlugRelatedField(read_only=True, slug_field="iso3")
    recipient_state = serializers.SlugRelatedField(read_only=True, slug_field="iso3")
    in_reply_to = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)

    list_columns = {
        "code": "code",
        "directory": "directory__slug",
        "template": "template_version__template__key",
        "template_kind": "template_version__template__kind",
        "template_version": "template_version__number",
        "in_reply_to": "in_reply_to__code",
        "sender_state": "sender_state__iso3",
        "recipient_state": "recipient_state__iso3",
        "audience": "audience",
        "tlp": "tlp",
        "urgency": "urgency",
        "is_exercise": "is_exercise",
        "language": "language",
        "status": "status",
        "sent_at": "sent_at",
        "acknowledge_by": "acknowledge_by",
        "answer_by": "answer_by",
        "acknowledged_at": "acknowledged_at",
        "answered_at": "answered_at",
        "escalation_level": "escalation_level",
    }

    class Meta:
        model = Communication
        fields = [
            "code",
            "directory",
            "template",
            "template_kind",
            "template_version",
            "in_reply_to",
            "sender_state",
            "recipient_state",
            "audience",
            "tlp",
            "urgency",
            "is_exercise",
            "language",
            "status",
            "sent_at",
            "acknowledge_by",
            "answer_by",
            "acknowledged_at",
            "answered_at",
            "escalation_level",
        ]
