"""The directory's part of the REST API: States, directories, institutions, contacts and nominations.

Thin faces over the same querysets, rules and services as the pages.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from access.guards import SIGNED_IN
from access.restriction import can
from directory import services
from directory.api import serializers
from directory.filtersets import ContactFilter, InstitutionFilter, NominationFilter
from directory.models import Contact, Directory, DirectoryRole, Institution, Nomination, State
from enlace import features
from rest_api.errors import PreconditionFailed, PreconditionRequired, validation_error
from rest_api.list_cache import CachedPages
from rest_api.viewsets import ListFromColumns, RestrictedViewSet


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
            .select_related(*features.api_relations_for(features.DIRECTORY_API))
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
            raise validation_error(error) from None
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
            raise validation_error(error) from None
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
            raise validation_error(error) from None
        return Response(self.get_serializer(nomination).data)
