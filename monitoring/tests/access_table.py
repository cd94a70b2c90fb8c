"""Who may open the operators' page: the directories' managers (of any directory: what it shows is the
deployment's, nobody's data)."""

from access.tests.access_cases import Case

MANAGERS = frozenset({"manager_d1", "manager_d2"})

ROWS = {
    "monitoring:status": [Case(MANAGERS)],
}

KEY_PAGES = {
    "manager_d1": [("monitoring:status", lambda w: {})],
}
