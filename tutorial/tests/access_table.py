"""Who may open the tour's pages, role by role: every signed-in user reads the help page; each tour is open to
the roles it is written for, and not found by the others."""

from access.tests.access_cases import SIGNED_IN, Case
from tutorial.choices import Track

POINTS_OF_CONTACT = frozenset({"poc_a", "poc_b", "poc_c"})
COORDINATORS = frozenset({"coord_a", "coord_c"})
MANAGERS = frozenset({"manager_d1", "manager_d2"})
TAKERS = {Track.POINT_OF_CONTACT: POINTS_OF_CONTACT, Track.COORDINATOR: COORDINATORS, Track.MANAGER: MANAGERS}


def _track(track: Track, number: int | None = None):
    if number is None:
        return lambda world: {"track": track.value}
    return lambda world: {"track": track.value, "number": number}


ROWS = {
    "tutorial:index": [Case(SIGNED_IN)],
    "tutorial:dismiss": [Case(SIGNED_IN, method="POST")],
    "tutorial:resume": [
        Case(takers, _track(track), note="resumes where the user left") for track, takers in TAKERS.items()
    ],
    "tutorial:step": [
        *[Case(takers, _track(track, 1)) for track, takers in TAKERS.items()],
        *[Case(takers, _track(track, 2), method="POST", note="Next") for track, takers in TAKERS.items()],
    ],
}

# The help page and every step of each role's tour (``enlace/tests/test_accessibility.py``,
# ``test_pages_in_every_language.py``).
KEY_PAGES = {
    role: [("tutorial:index", lambda w: {})]
    + [("tutorial:step", _track(track, number)) for number in range(1, count + 1)]
    for role, track, count in (
        ("poc_a", Track.POINT_OF_CONTACT, 5),
        ("coord_a", Track.COORDINATOR, 4),
        ("manager_d1", Track.MANAGER, 4),
    )
}
