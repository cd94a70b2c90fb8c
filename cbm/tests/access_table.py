"""Who may open the confidence-building measures' pages, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from access.tests.access_cases import D1_READERS, EVERYONE, STATE_A_ADMINS, Case

ROWS = {
    "cbm:dashboard": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "cbm:csv": [
        Case(D1_READERS, lambda w: {"slug": w.d1.slug}),
        Case(D1_READERS, lambda w: {"slug": w.d1.slug}, query="part=summary"),
    ],
    "cbm:install": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, method="POST")],
    "cbm:publish": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, method="POST", data=lambda w: {"publish": "0"})
    ],
    "cbm:edit_catalogue": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "cbm:edit_measure": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug, "number": 4})],
    "cbm:state": [
        Case(STATE_A_ADMINS, lambda w: {"slug": w.d1.slug, "iso3": w.a.iso3}),
        Case(
            STATE_A_ADMINS,
            lambda w: {"slug": w.d1.slug, "iso3": w.a.iso3},
            method="POST",
            data=lambda w: {
                "measure": "4",
                "m4-status": "in_progress",
                "m4-evidence": "Taller",
                "m4-as_of": "2026-01-05",
            },
        ),
    ],
    "cbm:public": [Case(EVERYONE, lambda w: {"slug": w.d1.slug})],
    "cbm:public_csv": [
        Case(EVERYONE, lambda w: {"slug": w.d1.slug}),
        Case(EVERYONE, lambda w: {"slug": w.d1.slug}, query="part=summary"),
    ],
}
