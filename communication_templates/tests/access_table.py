"""Who may open the communication templates' pages, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from access.tests.access_cases import D1_READERS, Case, template_form
from communication_templates.defaults import INCIDENT_NOTIFICATION

ROWS = {
    "communication_templates:templates": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "communication_templates:template_new": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}),
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"slug": w.d1.slug},
            method="POST",
            data=lambda w: {**template_form(), "kind": "other", "key": "cbm-report"},
        ),
    ],
    "communication_templates:template_revise": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION}),
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION},
            method="POST",
            data=lambda w: {**template_form(), "based_on": "1", "is_active": "on"},
        ),
    ],
    "communication_templates:version": [
        Case(D1_READERS, lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION, "number": 1}),
        Case(
            D1_READERS,
            lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION, "number": 1},
            query="language=es",
        ),
        Case(
            D1_READERS,
            lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION, "number": 1},
            method="POST",
            data=lambda w: {"language": "en", "preview-incident_type": "ddos"},
            note="trying the form out sends and keeps nothing",
        ),
    ],
}
