"""Who may open the directory's pages, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from django.utils import timezone

from access.tests.access_cases import EVERYONE, SIGNED_IN, STATE_A_ADMINS, Case

ROWS = {
    "directory:home": [Case(EVERYONE)],
    "directory:search": [Case(SIGNED_IN, query="q=Pointperson")],
    "directory:detail": [
        Case(frozenset({"poc_a", "poc_b", "coord_a", "manager_d1"}), lambda w: {"slug": w.d1.slug}),
        Case(frozenset({"poc_a", "poc_b", "coord_a", "manager_d1"}), lambda w: {"slug": w.d1.slug}, query="state=MEX"),
    ],
    "directory:settings": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "directory:public": [Case(EVERYONE, lambda w: {"slug": w.d1.slug})],
    "directory:manager_nominations": [
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}),
        Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug}, query="status=stale"),
    ],
    "directory:contact": [
        Case(frozenset({"poc_a", "poc_b", "coord_a", "manager_d1"}), lambda w: {"code": w.contact_a.code}),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.hidden_a.code}, note="nominated nowhere"),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.only_d3_a.code}, note="nominated to D3 only"),
    ],
    "directory:contact_edit": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.contact_a.code}),
        Case(STATE_A_ADMINS | {"poc_a"}, lambda w: {"code": w.own_a.code}, note="a PoC edits its own details"),
        Case(frozenset({"coord_a"}), lambda w: {"code": w.only_d3_a.code}, note="nominated to D3 only"),
    ],
    "directory:contact_nominate": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.contact_a.code}),
        Case(frozenset({"coord_a"}), lambda w: {"code": w.only_d3_a.code}, note="nominated to D3 only"),
    ],
    "directory:nomination_retire": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.nomination_a.code}, note="the confirmation page"),
        Case(
            STATE_A_ADMINS,
            lambda w: {"code": w.nomination_a.code},
            method="POST",
            data=lambda w: {"ends_on": timezone.localdate().isoformat()},
        ),
    ],
    "directory:nomination_reinstate": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.nomination_a.code}, method="POST", note="as who may retire it")
    ],
    "directory:my_state": [Case(frozenset({"coord_a", "coord_c"}))],
    "directory:state_manage": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "directory:contact_create": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "directory:institution_create": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "directory:institution_edit": [Case(STATE_A_ADMINS, lambda w: {"code": w.institution_a.code})],
    "directory:institution_delete": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.empty_institution_a.code}, method="POST")
    ],
}
