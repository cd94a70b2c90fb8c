"""Who may open the REST API, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from django.utils import timezone

from access.tests.access_cases import AMBER_SENDERS, D1_READERS, EVERYONE, SIGNED_IN, STATE_A_ADMINS, Case

ROWS = {
    "api:state-list": [Case(SIGNED_IN)],
    "api:state-detail": [Case(SIGNED_IN, lambda w: {"iso3": w.c.iso3})],
    "api:directory-list": [Case(SIGNED_IN)],
    "api:directory-detail": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "api:institution-list": [Case(SIGNED_IN)],
    "api:institution-detail": [Case(D1_READERS, lambda w: {"code": w.institution_a.code})],
    "api:contact-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="q=Pointperson")],
    "api:contact-detail": [
        Case(D1_READERS, lambda w: {"code": w.contact_a.code}),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.hidden_a.code}, note="nominated nowhere"),
        Case(frozenset({"poc_a", "coord_a"}), lambda w: {"code": w.only_d3_a.code}, note="nominated to D3 only"),
    ],
    "api:nomination-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="directory=d1&state=MEX")],
    "api:nomination-detail": [Case(D1_READERS, lambda w: {"code": w.nomination_a.code})],
    "api:nomination-retire": [
        Case(
            STATE_A_ADMINS,
            lambda w: {"code": w.nomination_a.code},
            method="POST",
            data=lambda w: {"ends_on": timezone.localdate().isoformat()},
        )
    ],
    "api:ping-round-list": [Case(SIGNED_IN)],
    "api:ping-round-detail": [Case(STATE_A_ADMINS, lambda w: {"code": w.ping_round.code})],
    "api:ping-round-results": [Case(STATE_A_ADMINS, lambda w: {"code": w.ping_round.code})],
    "api:document-list": [Case(SIGNED_IN), Case(SIGNED_IN, query="directory=d1&q=Alfa")],
    "api:document-detail": [
        Case(SIGNED_IN, lambda w: {"code": w.public_document_a.code}),
        Case(D1_READERS, lambda w: {"code": w.reserved_document_a.code}),
    ],
    "api:communication-list": [Case(SIGNED_IN)],
    "api:communication-detail": [
        Case(frozenset({"poc_a", "poc_b", "coord_a"}), lambda w: {"code": w.communication.code}, note="not managers"),
        Case(AMBER_SENDERS, lambda w: {"code": w.amber_communication.code}, note="AMBER: not B, not addressed"),
    ],
    "api:cbm-status-detail": [Case(D1_READERS, lambda w: {"slug": w.d1.slug})],
    "api:schema": [Case(EVERYONE)],
    "api:docs": [Case(EVERYONE)],
    "api:tokens": [Case(SIGNED_IN)],
    "api:token_revoke": [
        Case(frozenset({"poc_a"}), lambda w: {"code": w.api_token_a.code}, method="POST", note="one's own tokens only")
    ],
}
