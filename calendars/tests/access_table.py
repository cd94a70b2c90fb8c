"""Who may open the calendars' pages, role by role: "My calendar" is every signed-in person's own; a feed's secret
address opens it for whoever holds it (a calendar program signs in to nothing); a directory's public calendar is
everyone's."""

from access.tests.access_cases import EVERYONE, SIGNED_IN, Case
from calendars import services
from enlace.testing.world import World


def add_to_world(world: World) -> dict:
    return {"feed_token_a": services.feed_of(world.users["poc_a"]).token}


ROWS = {
    "calendars:mine": [Case(SIGNED_IN)],
    "calendars:reset": [Case(SIGNED_IN, method="POST", note="asks first")],
    "calendars:feed": [Case(EVERYONE, lambda w: {"token": w.feed_token_a})],
    "calendars:directory_feed": [Case(EVERYONE, lambda w: {"slug": w.d1.slug})],
}

KEY_PAGES = {
    "poc_a": [("calendars:mine", lambda w: {})],
    "manager_d1": [("calendars:mine", lambda w: {})],
}
