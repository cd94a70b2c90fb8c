"""Who may open the ping tests' pages (rounds, answers, reports), role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from access.tests.access_cases import EVERYONE, STATE_A_ADMINS, Case

ROWS = {
    "pings:rounds": [Case(STATE_A_ADMINS, lambda w: {"slug": w.d1.slug})],
    "pings:round_new": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "pings:round": [Case(STATE_A_ADMINS, lambda w: {"code": w.ping_round.code})],
    "pings:round_progress": [Case(STATE_A_ADMINS, lambda w: {"code": w.ping_round.code})],
    "pings:record_answer": [
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"code": w.ping_a.code},
            method="POST",
            data=lambda w: {"channel": "phone", "note": "Reached by phone"},
        )
    ],
    "pings:mine": [Case(frozenset({"poc_a", "poc_b", "poc_c"}))],
    "pings:confirm_signed_in": [Case(frozenset({"poc_a"}), lambda w: {"code": w.own_ping.code})],
    "pings:enter_code": [Case(EVERYONE)],
    "pings:confirm": [Case(EVERYONE, lambda w: {"token": w.ping_token})],
    "ping_reports:results": [Case(STATE_A_ADMINS, lambda w: {"slug": w.d1.slug})],
    "ping_reports:anonymised": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, note="nothing published"),
        Case(frozenset({"poc_c", "coord_c", "manager_d2"}), lambda w: {"slug": w.d2.slug}, note="published"),
    ],
    "ping_reports:anonymised_csv": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, note="nothing published"),
        Case(frozenset({"poc_c", "coord_c", "manager_d2"}), lambda w: {"slug": w.d2.slug}, note="published"),
    ],
    "ping_reports:publish": [
        Case(
            frozenset({"manager_d1"}),
            lambda w: {"code": w.ping_round.code},
            method="POST",
            data=lambda w: {"publish": "1"},
        )
    ],
}
