"""The access table's vocabulary: the roles of the test world (``enlace.testing.world``), the sets of them a row
allows, a ``Case``, and the table itself, gathered from every installed app's ``tests/access_table.py``.

Each app writes its own rows (``ROWS = {"app:url_name": [Case(...), ...]}``), so that a new app adds its pages'
rows without editing the access tests; ``test_every_url_is_in_the_access_table`` still fails for a URL no app
wrote a row for.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from enlace.app_modules import each_app_module
from enlace.testing.world import World

ROLES = ("public", "poc_a", "poc_b", "poc_c", "coord_a", "coord_c", "manager_d1", "manager_d2")
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"public"}
STATE_A_ADMINS = frozenset({"coord_a", "manager_d1"})
# Everyone who reads directory D1: its manager, and the PoCs and coordinators of its States.
D1_READERS = frozenset({"poc_a", "poc_b", "coord_a", "manager_d1"})
# Those who act for a State (communications): points of contact and coordinators, never managers as such.
STATE_MEMBERS = frozenset({"poc_a", "poc_b", "poc_c", "coord_a", "coord_c"})
# The two States of the A→B communication; no manager, no third State.
A_B_MEMBERS = frozenset({"poc_a", "poc_b", "coord_a"})
# A TLP:AMBER communication from A (sent by A's PoC) to B's technical PoCs, of whom B's PoC is not one.
AMBER_SENDERS = frozenset({"poc_a", "coord_a"})


@dataclass(frozen=True)
class Case:
    allowed: frozenset[str]
    kwargs: Callable[[World], dict] = lambda world: {}
    method: str = "GET"
    data: Callable[[World], dict] = lambda world: {}
    query: str = ""
    note: str = field(default="", compare=False)


def template_form() -> dict:
    """A template editor submission with one short text field (a new template or a revision)."""
    return {
        "title_en": "Status report",
        "fields-TOTAL_FORMS": "1",
        "fields-INITIAL_FORMS": "0",
        "fields-0-type": "short_text",
        "fields-0-label_en": "Summary",
        "fields-0-ORDER": "1",
    }


def access_table() -> dict[str, list[Case]]:
    """Every installed app's rows, in the order of ``INSTALLED_APPS``; a URL name two apps claim is an error."""
    table: dict[str, list[Case]] = {}
    # The libraries' apps are not among them: their pages guard themselves (test_library_pages_guard_themselves).
    for module in each_app_module("tests.access_table"):
        rows = module.ROWS
        claimed = set(table) & set(rows)
        assert not claimed, f"{module.__name__} writes rows other apps wrote: {sorted(claimed)}"
        table.update(rows)
    return table
