"""The REST API, version 1: thin faces over the same querysets, rules and services as the pages.

Every view declares a guard (``access``) and reads rows through ``.restrict()``;
a token's scope (read-only, one directory) narrows what the user may do.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from access.guards import PUBLIC, SIGNED_IN
from access.principal import PUBLIC as PUBLIC_PRINCIPAL
from access.principal import Principal
from access.restriction import can
from api import documentation, serializers
from api.filters import CommunicationFilter, ContactFilter, DocumentFilter, InstitutionFilter, NominationFilter
from api.list_cache import CachedPages
from cbm import services as cbm_services
from communications.models import Communication
from directory import services
from directory.models import Contact, Directory, DirectoryRole, Institution, Nomination, State
from pings import results
from pings.models import Ping, PingRound
from repository.models import Document


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"


def _validation_error(error: ValidationError) -> exceptions.ValidationError:
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError({name: messages for name, messages in error.message_dict.items()})
    return exceptions.ValidationError({"detail": error.messages})


class RestrictedViewSet(viewsets.GenericViewSet):
    """Rows of ``model`` the caller may see, through the one permission layer."""

    guard = SIGNED_IN
    model = None
    # The lookup from a row to its directory, so a token limited to one directory reads that directory's
    # rows only, whatever else the user's State-wide role would show (a coordinator sees the ping rounds
    # of every directory its State takes part in). None: the rows belong to no directory.
    directory_lookup: str | None = None

    @property
    def principal(self) -> Principal:
        # Schema generation runs the views without a request of the site (no principal): it sees no rows.
        return getattr(self.request, "principal", PUBLIC_PRINCIPAL)

    def get_queryset(self):
        return self.within_token_scope(self.model.objects.restrict(self.principal, "view"))

    def within_token_scope(self, queryset):
        scope = self.principal.directory_scope
        if scope is None or self.directory_lookup is None:
            return queryset
        return queryset.filter(**{self.directory_lookup: scope})


class ListFromColumns(mixins.ListModelMixin):
    """A list whose pages are read as plain values of the serializer's ``list_columns`` (``ReadFromColumns``)."""

    def list(self, request, *args, **kwargs):
        serializer_class = self.get_serializer_class()
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginator.paginate_values(queryset, request, self, list(serializer_class.list_columns.values()))
        return self.get_paginated_response(serializer_class.rows_as_represented(rows))


class Schema(SpectacularAPIView):
    guard = PUBLIC


@PUBLIC
def docs(request):
    """The API's reference, listed from its OpenAPI schema in the site's layout (a page like any other)."""
    return render(request, "api/docs.html", {"reference": documentation.reference()})


class StateViewSet(viewsets.ReadOnlyModelViewSet):
    """The UN Member and Observer States (public reference data)."""

    guard = SIGNED_IN
    queryset = State.objects.all()
    serializer_class = serializers.StateSerializer
    lookup_field = "iso3"
    ordering = ["iso3"]
    ordering_fields = ["iso3", "english_name"]
    filterset_fields = ["region", "un_status"]


class DirectoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """Directories the caller reads (manages, or its State takes part in)."""

    serializer_class = serializers.DirectorySerializer
    lookup_field = "slug"
    ordering_fields = ["name", "created"]

    model = Directory
    directory_lookup = "pk"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            # The rules the features keep (ping test interval, deadlines) come in the same row.
            .select_related("ping_schedule", "deadlines")
            .prefetch_related(Prefetch("roles", queryset=DirectoryRole.objects.order_by("position")), "participants")
        )


class InstitutionViewSet(CachedPages, ListFromColumns, mixins.RetrieveModelMixin, RestrictedViewSet):
    serializer_class = serializers.InstitutionSerializer
    lookup_field = "code"
    filterset_class = InstitutionFilter
    ordering_fields = ["name", "created"]

    model = Institution

    def get_queryset(self):
        return super().get_queryset().select_related("state")


class ContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    RestrictedViewSet,
):
    """Contacts the caller may see. Change one with PATCH and the ``If-Match`` header of the ETag you read."""

    serializer_class = serializers.ContactSerializer
    lookup_field = "code"
    filterset_class = ContactFilter
    ordering_fields = ["name", "created", "updated"]

    model = Contact

    def get_queryset(self):
        return super().get_queryset().with_details()

    def get_serializer(self, *args, **kwargs):
        institutions = Institution.objects.restrict(self.principal, "change")
        return super().get_serializer(*args, institutions=institutions, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        contact = self.get_object()
        response = Response(self.get_serializer(contact).data)
        response["ETag"] = etag(contact)
        return response

    @extend_schema(parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)])
    def update(self, request, *args, **kwargs):
        contact = self.get_object()
        if not can(self.principal, "change", contact):
            raise exceptions.PermissionDenied(_("You may read this contact but not change it."))
        expected = request.headers.get("If-Match")
        if not expected:
            raise PreconditionRequired(
                _("Send the ETag of the contact as you read it in an If-Match header, so no one's change is lost.")
            )
        if expected != etag(contact):
            raise PreconditionFailed(
                _(
                    "Someone changed this contact after you read it. Read it again (GET) and apply your change "
                    "to the new version."
                )
            )
        serializer = self.get_serializer(contact, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        contact = self._write(serializer, contact.institution.state, contact)
        response = Response(self.get_serializer(contact).data)
        response["ETag"] = etag(contact)
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        institution = serializer.validated_data["institution"]
        contact = self._write(serializer, institution.state, None)
        response = Response(self.get_serializer(contact).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag(contact)
        return response

    def _write(self, serializer, state: State, contact: Contact | None) -> Contact:
        fields = dict(serializer.validated_data)
        emails, phones = fields.pop("emails", None), fields.pop("phones", None)
        if "institution" in fields:
            fields["institution"] = fields["institution"].pk
        if "language_codes" in fields:
            fields["languages"] = ", ".join(fields.pop("language_codes"))
        data = services.ContactData(fields=fields, emails=_pairs(emails, "address"), phones=_pairs(phones, "number"))
        try:
            written = services.write_contact(state=state, contact=contact, data=data, user=self.request.user)
        except ValidationError as error:
            raise _validation_error(error) from None
        return self.get_queryset().get(pk=written.pk)


def _pairs(items: list[dict] | None, value: str) -> list[tuple[str, str]] | None:
    """(value, usage) pairs of e-mails or phones; None (not sent) leaves the contact's as they are."""
    if items is None:
        return None
    return [(item[value], item.get("usage", "office")) for item in items]


def etag(contact: Contact) -> str:
    """Changes whenever the contact is saved (its ``updated`` time)."""
    return f'"{contact.code}-{int(contact.updated.timestamp() * 1_000_000)}"'


class NominationViewSet(
    CachedPages, ListFromColumns, mixins.RetrieveModelMixin, mixins.CreateModelMixin, RestrictedViewSet
):
    serializer_class = serializers.NominationSerializer
    lookup_field = "code"
    filterset_class = NominationFilter
    ordering_fields = ["created", "starts_on"]

    model = Nomination
    directory_lookup = "directory_id"

    def get_queryset(self):
        # Only nominations of directories the caller reads: their ids are the principal's own (no subquery),
        # so PostgreSQL walks the list's order index and stops after a page.
        return (
            super()
            .get_queryset()
            .filter(directory_id__in=self.principal.readable_directory_ids)
            .select_related("directory", "role", "state", "contact")
        )

    def get_serializer(self, *args, **kwargs):
        principal = self.principal
        return super().get_serializer(
            *args,
            directories=Directory.objects.restrict(principal, "view"),
            contacts=Contact.objects.restrict(principal, "change"),
            **kwargs,
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        directory = data["directory"]
        role = directory.roles.filter(kind=data["role"]["kind"]).first()
        if role is None:
            raise exceptions.ValidationError({"role": [_("This directory has no such role.")]})
        try:
            nomination = services.nominate(
                principal=self.principal,
                contact=data["contact"],
                directory=directory,
                role=role,
                user=request.user,
                note_verbale_reference=data.get("note_verbale_reference", ""),
                starts_on=data.get("starts_on"),
            )
        except PermissionDenied:
            raise exceptions.PermissionDenied(_("You may not nominate this contact to this directory.")) from None
        except ValidationError as error:
            raise _validation_error(error) from None
        return Response(self.get_serializer(nomination).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.RetireSerializer, responses=serializers.NominationSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request, code=None):
        """End a nomination (its history stays)."""
        nomination = self.get_object()
        serializer = serializers.RetireSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            nomination = services.retire(
                principal=self.principal, nomination=nomination, ends_on=serializer.validated_data["ends_on"]
            )
        except PermissionDenied:
            raise exceptions.PermissionDenied(_("You may read this nomination but not retire it.")) from None
        except ValidationError as error:
            raise _validation_error(error) from None
        return Response(self.get_serializer(nomination).data)


class PingRoundViewSet(ListFromColumns, mixins.RetrieveModelMixin, RestrictedViewSet):
    """Ping test rounds the caller may see (managers of the directory, coordinators of its States)."""

    serializer_class = serializers.PingRoundSerializer
    lookup_field = "code"
    ordering_fields = ["started_at", "created"]

    model = PingRound
    directory_lookup = "directory_id"

    def get_queryset(self):
        return super().get_queryset().select_related("directory")

    @extend_schema(responses=serializers.RoundResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, code=None):
        """The round's figures over the pings the caller may see, by role, region and State."""
        ping_round = self.get_object()
        pings = Ping.objects.restrict(self.principal, "view")
        role_kinds = results.role_kinds_of(ping_round.directory)
        breakdown = results.results([ping_round], pings, role_kinds, with_states=True).rounds[0].breakdown
        return Response(serializers.RoundResultsSerializer(breakdown).data)


class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RestrictedViewSet):
    """Policy and legislation documents the caller may read (public ones, and those its directories share)."""

    serializer_class = serializers.DocumentSerializer
    lookup_field = "code"
    filterset_class = DocumentFilter
    ordering_fields = ["name", "entry_into_force", "created", "updated"]
    model = Document

    def get_queryset(self):
        return super().get_queryset().with_details()


class CommunicationViewSet(ListFromColumns, mixins.RetrieveModelMixin, RestrictedViewSet):
    """Envelopes of the communications the caller's State sent or received: never their content.

    Directory managers see none (they read the anonymised statistics on the site).
    """

    serializer_class = serializers.CommunicationSerializer
    lookup_field = "code"
    filterset_class = CommunicationFilter
    ordering = ["-sent_at"]
    ordering_fields = ["sent_at", "acknowledge_by", "answer_by"]
    model = Communication
    directory_lookup = "directory_id"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            # A token limited to one directory reads only that directory's communications.
            .filter(directory__in=Directory.objects.restrict(self.principal, "view"))
            .select_related("directory", "template_version__template", "sender_state", "recipient_state", "in_reply_to")
        )


class CbmStatusViewSet(RestrictedViewSet):
    """The confidence-building measures of a directory and each participating State's status."""

    model = Directory
    directory_lookup = "pk"
    lookup_field = "slug"
    serializer_class = serializers.CbmStatusSerializer
    pagination_class = None

    @extend_schema(responses=serializers.CbmStatusSerializer)
    def retrieve(self, request, slug=None):
        directory = self.get_object()
        catalogue = cbm_services.catalogue_of(directory)
        if catalogue is None:
            raise exceptions.NotFound(_("This directory has no catalogue of confidence-building measures."))
        return Response(serializers.CbmStatusSerializer(cbm_services.dashboard(directory, catalogue)).data)
