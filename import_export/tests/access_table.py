"""Who may open import and export, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from access.tests.access_cases import D1_READERS, STATE_A_ADMINS, Case

ROWS = {
    "import_export:export": [
        Case(D1_READERS, lambda w, format=format: {"slug": w.d1.slug, "format": format})
        for format in ("csv", "xlsx", "json", "vcf")
    ],
    "import_export:import": [Case(frozenset({"manager_d1"}), lambda w: {"slug": w.d1.slug})],
    "import_export:import_spreadsheet": [Case(STATE_A_ADMINS, lambda w: {"slug": w.d1.slug})],
    # An import job (a file of contact data) is its uploader's alone, even for the directory's manager.
    "import_export:import_job": [Case(frozenset({"coord_a"}), lambda w: {"code": w.import_job_a.code})],
    "import_export:import_job_progress": [Case(frozenset({"coord_a"}), lambda w: {"code": w.import_job_a.code})],
    "import_export:import_job_apply": [
        Case(frozenset({"coord_a"}), lambda w: {"code": w.import_job_a.code}, method="POST")
    ],
}
