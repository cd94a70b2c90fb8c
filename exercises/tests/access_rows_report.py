"""Rows of the access table for these pages (gathered by ``access_table.py``)."""

from enlace.testing.world import World


def add_to_world(world: World, records: dict) -> dict:
    """More records these rows need, beside those ``access_table.add_to_world`` made (``records``)."""
    return {}


ROWS: dict = {}
