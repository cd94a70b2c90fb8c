"""A State's user accounts as a list: sort columns, a page at a time (its filters: ``accounts.filtersets``).

A State has at most a few thousand accounts (its coordinators and points of contact), so pages are
numbered and counted exactly (``Paginator``). Every order ends with the account's id, so that no
account appears on two pages.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import InvitationQuerySet
from enlace.listing import SortColumn, Sorting

PER_PAGE = 50

SORTING = Sorting(
    columns=(
        SortColumn("name", pgettext_lazy("person's name", "Name")),
        SortColumn("email", _("E-mail")),
        SortColumn("role", _("Role")),
        SortColumn("last_login", _("Last sign-in")),
    ),
    default="name",
)


def _ordering(key: str, descending: bool) -> list:
    """The ORDER BY of a sort column; ties are broken by name, address and id so that pages never overlap."""
    if key == "role":
        # Coordinators before points of contact, as the role column reads.
        role = Case(When(contact__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
        fields = [role, F("name"), F("email")]
    elif key == "email":
        fields = [F("email")]
    elif key == "last_login":
        fields = [F("last_login"), F("name"), F("email")]
    else:
        fields = [F("name"), F("email")]
    ordering = [field.desc() if descending else field.asc() for field in [*fields, F("pk")]]
    if key == "last_login":
        # Never signed in counts as the longest ago.
        ordering[0] = F("last_login").desc(nulls_last=True) if descending else F("last_login").asc(nulls_first=True)
    return ordering


def page_of_users(users: QuerySet, sort: str, descending: bool, number) -> Page:
    """The requested page of accounts (the last one if past the end, the first if not a number)."""
    return Paginator(users.order_by(*_ordering(sort, descending)), PER_PAGE).get_page(number)


def page_of_invitations(invitations: InvitationQuerySet, number) -> Page:
    """A page of pending invitations, the first to expire first."""
    return Paginator(invitations.order_by("expires_at", "pk"), PER_PAGE).get_page(number)
