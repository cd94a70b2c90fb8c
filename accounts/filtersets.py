"""The filters of a State's list of user accounts (django-filter), read from the URL: role, active or not."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role, User

ACTIVE, DEACTIVATED = "active", "deactivated"


class UserFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        empty_label=_("Any role"),
        choices=[
            (Role.COORDINATOR, Role.COORDINATOR.label),
            (Role.POINT_OF_CONTACT, Role.POINT_OF_CONTACT.label),
        ],
        method="with_role",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("Active and deactivated"),
        choices=[
            (ACTIVE, pgettext_lazy("account status", "Active")),
            (DEACTIVATED, _("Deactivated")),
        ],
        method="with_status",
    )

    class Meta:
        model = User
        fields = ["role", "status"]

    def with_role(self, users: QuerySet, name: str, value: str) -> QuerySet:
        # As the list shows it: an account with a contact record is a point of contact, otherwise a coordinator.
        if value == Role.POINT_OF_CONTACT:
            return users.filter(contact__isnull=False)
        return users.filter(contact__isnull=True)

    def with_status(self, users: QuerySet, name: str, value: str) -> QuerySet:
        return users.filter(is_active=value == ACTIVE)

    def filtered(self, users: QuerySet) -> QuerySet:
        """The accounts the filters select; an address with an invalid value filters nothing (the form shows its
        error)."""
        if not self.is_valid():
            return users
        return self.filter_queryset(users)
