"""Who may open the repository's pages, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from access.tests.access_cases import D1_READERS, EVERYONE, STATE_A_ADMINS, Case

ROWS = {
    "repository:documents": [
        Case(D1_READERS, lambda w: {"slug": w.d1.slug}),
        Case(D1_READERS, lambda w: {"slug": w.d1.slug}, query="q=plan&state=MEX&kind=law&year=2020&status=draft"),
    ],
    "repository:public": [
        Case(EVERYONE, lambda w: {"slug": w.d1.slug}),
        Case(EVERYONE, lambda w: {"slug": w.d1.slug}, query="q=estrategia&language=es"),
    ],
    "repository:state": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "repository:create": [
        Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3}),
        Case(
            STATE_A_ADMINS,
            lambda w: {"iso3": w.a.iso3},
            method="POST",
            data=lambda w: {
                "name": "Ley Alfa",
                "description": "Ley.",
                "kind": "law",
                "language": "es",
                "status": "in_force",
                "visibility": "public",
                "reference_url": "https://example.org/ley",
            },
        ),
    ],
    "repository:document": [
        Case(EVERYONE, lambda w: {"code": w.public_document_a.code}),
        Case(D1_READERS, lambda w: {"code": w.reserved_document_a.code}, note="participants only"),
    ],
    "repository:file": [Case(D1_READERS, lambda w: {"code": w.reserved_document_a.code})],
    "repository:edit": [Case(STATE_A_ADMINS, lambda w: {"code": w.reserved_document_a.code})],
    "repository:reviewed": [Case(STATE_A_ADMINS, lambda w: {"code": w.reserved_document_a.code}, method="POST")],
}
