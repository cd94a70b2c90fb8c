"""Every table of a page scrolls sideways in its own box, which a keyboard reaches and a screen reader names,
so that on a phone the page itself never scrolls sideways (the browser tests check it on the busiest pages)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# E-mails lay themselves out with tables and are read in mail clients, not on the site.
PAGE_TEMPLATES = [
    path
    for path in sorted(ROOT.glob("*/templates/**/*.html")) + sorted((ROOT / "templates").glob("**/*.html"))
    if "/email/" not in path.as_posix() and ".venv" not in path.parts
]
BOX = re.compile(
    r'<div class="table-responsive" tabindex="0" role="region" aria-(labelledby|label)="([^"]+)">\s*<table'
)


def test_there_are_page_templates_with_tables():
    assert sum("<table" in path.read_text() for path in PAGE_TEMPLATES) >= 20


def test_every_table_is_in_a_named_scrolling_box():
    for path in PAGE_TEMPLATES:
        html = path.read_text()
        assert html.count("<table") == len(BOX.findall(html)), path.relative_to(ROOT)


def test_a_box_named_by_an_id_names_it_with_an_element_of_the_same_template():
    for path in PAGE_TEMPLATES:
        html = path.read_text()
        for kind, name in BOX.findall(html):
            if kind == "labelledby":
                assert f'id="{name}"' in html, (path.relative_to(ROOT), name)
