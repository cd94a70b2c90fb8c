"""Who may open the communications' pages, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from access.tests.access_cases import A_B_MEMBERS, AMBER_SENDERS, EVERYONE, STATE_MEMBERS, Case
from communication_templates.defaults import INCIDENT_NOTIFICATION

ROWS = {
    "communications:inbox": [Case(STATE_MEMBERS), Case(STATE_MEMBERS, query="scope=mine")],
    "communications:sent": [Case(STATE_MEMBERS)],
    "communications:needs_action": [Case(STATE_MEMBERS)],
    "communications:choose": [Case(STATE_MEMBERS)],
    "communications:compose": [Case(A_B_MEMBERS, lambda w: {"slug": w.d1.slug, "key": INCIDENT_NOTIFICATION})],
    "communications:recipients": [
        Case(A_B_MEMBERS, lambda w: {"slug": w.d1.slug}, query="audience=diplomatic&tlp=red")
    ],
    "communications:detail": [
        Case(A_B_MEMBERS, lambda w: {"code": w.communication.code}),
        Case(AMBER_SENDERS, lambda w: {"code": w.amber_communication.code}, note="AMBER: not B, not addressed"),
    ],
    "communications:acknowledge": [
        Case(frozenset({"poc_b"}), lambda w: {"code": w.communication.code}, method="POST", note="the recipient State"),
        Case(frozenset(), lambda w: {"code": w.amber_communication.code}, method="POST", note="AMBER: addressees only"),
    ],
    "communications:answer": [
        Case(frozenset({"poc_b"}), lambda w: {"code": w.communication.code}),
        Case(frozenset(), lambda w: {"code": w.amber_communication.code}, note="AMBER: addressees only"),
    ],
    "communications:escalate": [
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.communication.code}, method="POST"),
        Case(AMBER_SENDERS, lambda w: {"code": w.amber_communication.code}, method="POST"),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.communication.code}, note="the confirmation page"),
        Case(
            frozenset({"poc_a", "coord_a"}),
            lambda w: {"code": w.communication.code},
            method="POST",
            data=lambda w: {"confirm": "yes"},
        ),
    ],
    "communications:acknowledge_link": [
        Case(EVERYONE, lambda w: {"token": w.acknowledgement_token}, note="the e-mailed link is the credential")
    ],
    "communications:statistics": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "communications:ladder": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}),
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"slug": w.d1.slug},
            method="POST",
            data=lambda w: {
                "steps-TOTAL_FORMS": "1",
                "steps-INITIAL_FORMS": "0",
                "steps-0-target": "coordinator",
                "steps-0-delay_hours": "12",
                "reminders-acknowledgement_hours_before": "2",
                "reminders-answer_reminder_days": "5,12",
            },
        ),
    ],
}
