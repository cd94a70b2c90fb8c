"""A calendar's entries as an iCalendar file (``events.ics`` writes the events), with the headers a subscribed
calendar program and the caches between need: an ETag of the content (a calendar asking again gets 304 Not
Modified when nothing changed), and no shared cache keeping a person's feed."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from calendars.entries import Entry
from events import ics


def to_ical(name: str, entries: list[Entry], *, public: bool, stamp: datetime) -> bytes:
    calendar = ics.new_calendar(name)
    moments = []
    for entry in entries:
        if entry.event is not None:
            calendar.add_component(ics.event_component(entry.event, public=public, stamp=stamp))
            moments += [entry.starts_at, entry.ends_at]
        elif entry.ends_at is not None:
            component = ics.moment_component(
                uid=entry.uid,
                summary=entry.title,
                at=entry.starts_at,
                url=f"{settings.SITE_URL}{entry.url}",
                stamp=stamp,
            )
            component.add("dtend", entry.ends_at)
            del component["transp"]
            calendar.add_component(component)
        else:
            calendar.add_component(
                ics.moment_component(
                    uid=entry.uid,
                    summary=entry.title,
                    at=entry.starts_at,
                    url=f"{settings.SITE_URL}{entry.url}",
                    stamp=stamp,
                )
            )
    return ics.with_time_zones(calendar, moments).to_ical()


def response(request: HttpRequest, body: bytes, *, private: bool) -> HttpResponse:
    """The file, or 304 when the calendar already holds this very content."""
    # DTSTAMP changes on every request: the ETag is of the rest, so that an unchanged calendar is recognised.
    stable = b"\n".join(line for line in body.splitlines() if not line.startswith(b"DTSTAMP"))
    etag = f'"{hashlib.sha256(stable).hexdigest()[:32]}"'
    cache_control = "private, no-cache" if private else "public, max-age=900"
    if etag in request.headers.get("If-None-Match", ""):
        answer = HttpResponse(status=304)
    else:
        answer = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        answer["Content-Disposition"] = 'inline; filename="calendar.ics"'
    answer["ETag"] = etag
    answer["Cache-Control"] = cache_control
    if private:
        # The secret address must not travel further in a Referer header, nor be indexed.
        answer["Referrer-Policy"] = "no-referrer"
        answer["X-Robots-Tag"] = "noindex"
    return answer
