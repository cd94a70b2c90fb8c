"""Dates and times read the same way by every reader: a date by its month's name, a date-time with its zone."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

LONG_DATES = {
    "en": "Jan. 5, 2023",
    "es": "5 de enero de 2023",
    "fr": "5 janvier 2023",
    "ar": "5 يناير، 2023",
    "ru": "5 января 2023 г.",
    "zh-hans": "2023年1月5日",
    "pt": "5 de Janeiro de 2023",
}

PAGE = Template("{% load dates %}{{ day|long_date }} | {{ moment|date_time:reader_time_zone }}")
MOMENT = datetime(2023, 1, 5, 13, 30, tzinfo=UTC)


def render(language: str, zone: str) -> str:
    with translation.override(language):
        return PAGE.render(Context({"day": date(2023, 1, 5), "moment": MOMENT, "reader_time_zone": zone}))


def test_every_interface_language_has_its_long_date_here():
    assert set(LONG_DATES) == {code for code, _name in settings.LANGUAGES}


@pytest.mark.parametrize("language", list(LONG_DATES))
def test_a_date_is_written_in_the_languages_long_form_with_the_month_by_name(language):
    assert render(language, "UTC").split(" | ")[0] == LONG_DATES[language]


@pytest.mark.parametrize("language", list(LONG_DATES))
def test_a_date_time_is_shown_in_the_readers_zone_with_its_name_and_offset(language):
    assert render(language, "Asia/Tokyo").split(" | ")[1] == "2023-01-05 22:30 Asia/Tokyo (UTC+09:00)"


def test_a_date_time_west_of_greenwich_carries_a_negative_offset_and_may_fall_on_the_day_before():
    assert render("fr", "America/Mexico_City").split(" | ")[1] == "2023-01-05 07:30 America/Mexico_City (UTC-06:00)"
    late = Template("{% load dates %}{{ moment|date_time:'America/Mexico_City' }}").render(
        Context({"moment": datetime(2023, 1, 5, 3, 0, tzinfo=UTC)})
    )
    assert late == "2023-01-04 21:00 America/Mexico_City (UTC-06:00)"


def test_a_reader_in_utc_or_with_no_zone_reads_utc():
    assert render("en", "UTC").split(" | ")[1] == "2023-01-05 13:30 UTC"
    assert render("en", "").split(" | ")[1] == "2023-01-05 13:30 UTC"


def test_a_date_times_date_is_the_date_in_the_readers_zone():
    late = Template("{% load dates %}{{ moment|long_date:'Pacific/Auckland' }}").render(
        Context({"moment": datetime(2023, 1, 5, 13, 30, tzinfo=UTC)})
    )
    with translation.override("en"):
        assert late == "Jan. 6, 2023"


def test_a_missing_date_is_written_as_nothing():
    assert Template("{% load dates %}[{{ none|long_date }}|{{ none|date_time:'UTC' }}]").render(Context({})) == "[|]"


def test_pages_show_date_times_in_the_signed_in_readers_own_time_zone(rf):
    from accounts.models import User
    from enlace.dates import reader_time_zone

    request = rf.get("/")
    request.user = User(email="reader@example.org", time_zone="Africa/Nairobi")
    assert reader_time_zone(request) == {"reader_time_zone": "Africa/Nairobi"}


def test_a_signed_out_visitor_reads_date_times_in_utc(rf):
    from django.contrib.auth.models import AnonymousUser

    from enlace.dates import reader_time_zone

    request = rf.get("/")
    request.user = AnonymousUser()
    assert reader_time_zone(request) == {"reader_time_zone": "UTC"}


# --- No template shows a numeric date -------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
#: Formats a person can read one way only: the language's long date, its month and year, or
#: ISO 8601 ("c") in a machine-read attribute such as <time datetime="…">.
ALLOWED_DATE_FORMATS = {"DATE_FORMAT", "YEAR_MONTH_FORMAT", "MONTH_DAY_FORMAT", "c"}
DATE_FILTER = re.compile(r"""\|date:\s*(?P<quote>["'])(?P<format>.*?)(?P=quote)""")


def project_files(*suffixes: str) -> list[Path]:
    skipped = {".venv", "bench", "staticfiles", "node_modules", ".git"}
    return [
        path
        for path in ROOT.rglob("*")
        if path.suffix in suffixes and not skipped.intersection(path.relative_to(ROOT).parts)
    ]


def test_the_scan_finds_the_templates():
    assert len(project_files(".html", ".txt")) > 50


def test_no_template_formats_a_date_in_numbers_only():
    offending = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in project_files(".html", ".txt")
        for match in DATE_FILTER.finditer(path.read_text(encoding="utf-8", errors="replace"))
        if match.group("format") not in ALLOWED_DATE_FORMATS
    ]
    assert offending == []


def test_no_code_formats_a_date_for_people_in_the_short_numeric_form():
    offending = [
        str(path.relative_to(ROOT))
        for path in project_files(".py", ".html", ".txt")
        if path.name != Path(__file__).name
        and re.search(r"SHORT_DATE(TIME)?_FORMAT", path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offending == []
