"""View-level rules: who may open a page at all.

Every view declares one guard (``@guard(...)`` on a function, ``guard = ...`` on
a class); AccessMiddleware refuses any view that declares none, so a new URL
cannot be reachable by accident. Which *rows* a page shows is decided by the
object rules in ``access.restriction``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from access.principal import Principal


@dataclass(frozen=True)
class Guard:
    name: str
    test: Callable[[Principal], bool]
    # Signed-out visitors refused by a guard are sent to sign in rather than shown 403.
    wants_sign_in: bool = True

    def allows(self, principal: Principal) -> bool:
        return self.test(principal)

    def __call__(self, view):
        """Use a guard as a decorator on a function view."""
        view.guard = self
        return view


PUBLIC = Guard("public", lambda principal: True, wants_sign_in=False)
SIGNED_IN = Guard("signed in", lambda principal: principal.is_authenticated)
MANAGER = Guard("directory manager", lambda principal: principal.is_manager)
COORDINATOR = Guard("national coordinator", lambda principal: principal.is_coordinator)
MANAGER_OR_COORDINATOR = Guard(
    "directory manager or national coordinator", lambda principal: principal.is_manager or principal.is_coordinator
)
POINT_OF_CONTACT = Guard("point of contact", lambda principal: principal.is_point_of_contact)
# Those who act for a State: its points of contact and national coordinators (communications).
STATE_MEMBER = Guard(
    "point of contact or national coordinator",
    lambda principal: principal.is_point_of_contact or principal.is_coordinator,
)


def guard_of(view_func) -> Guard | None:
    guard = getattr(view_func, "guard", None)
    for attribute in ("view_class", "cls"):  # Django's class-based views; REST framework's views and viewsets
        if guard is None and hasattr(view_func, attribute):
            guard = getattr(getattr(view_func, attribute), "guard", None)
    return guard
