"""Rows of the access table for the library's pages (gathered by ``access_table.py``).

Keeping, using, copying and importing scenarios is the directory's managers'; a file of an exercise may also
be downloaded by whoever controls it.
"""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from access.tests.access_cases import Case
from enlace.testing.world import World
from exercises import library

MANAGER_D1 = frozenset({"manager_d1"})


def add_to_world(world: World, records: dict) -> dict:
    """A scenario of D1 kept in its library as a template (a copy of the draft, with its inject)."""
    return {"exercise_template": library.save_as_template(records["exercise_draft"])}


def _exercise_file(world: World) -> dict:
    return {
        "file": SimpleUploadedFile(
            "scenario.json",
            json.dumps(library.export_json(world.exercise_draft)).encode(),
            content_type="application/json",
        )
    }


ROWS = {
    "exercises:save_as_template": [
        Case(MANAGER_D1, lambda w: {"code": w.exercise_draft.code}, method="POST"),
        Case(MANAGER_D1, lambda w: {"code": w.exercise_scenario.code}, method="POST", note="a running one too"),
    ],
    "exercises:use_template": [Case(MANAGER_D1, lambda w: {"code": w.exercise_template.code}, method="POST")],
    "exercises:copy": [
        Case(MANAGER_D1, lambda w: {"code": w.exercise_draft.code}),
        Case(
            MANAGER_D1,
            lambda w: {"code": w.exercise_scenario.code},
            method="POST",
            data=lambda w: {"directory": w.d1.pk},
        ),
    ],
    "exercises:export_json": [
        Case(MANAGER_D1, lambda w: {"code": w.exercise_scenario.code}),
        Case(MANAGER_D1, lambda w: {"code": w.exercise_template.code}),
    ],
    "exercises:import_json": [
        Case(MANAGER_D1, lambda w: {"slug": w.d1.slug}),
        Case(MANAGER_D1, lambda w: {"slug": w.d1.slug}, method="POST", data=_exercise_file),
    ],
}
