"""Who may open the change log, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from access.tests.access_cases import Case

ROWS = {
    "audit:change_log": [
        Case(frozenset({"coord_a", "coord_c", "manager_d1", "manager_d2"})),
        Case(
            frozenset({"coord_a", "coord_c", "manager_d1", "manager_d2"}),
            query="state=MEX",
            note="D1's manager reads A's entries about contacts it may see only",
        ),
    ],
}
