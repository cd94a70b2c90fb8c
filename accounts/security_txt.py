"""``/.well-known/security.txt`` (RFC 9116): where to report a security problem in Enlace.

Its fields are fixed by the RFC and read by programs, so they are not translated. ``Expires`` is kept a
set number of days ahead (``SECURITY_TXT_EXPIRES_DAYS``): the file never goes stale on a running service.
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from access.guards import PUBLIC


def security_txt_lines(request: HttpRequest) -> list[str]:
    # Midnight UTC: the file is the same all day, so caches in front of Enlace may keep it.
    today = timezone.now().astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    expires = today + timedelta(days=settings.SECURITY_TXT_EXPIRES_DAYS)
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACTS]
    lines.append(f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}")
    lines.append(f"Preferred-Languages: {', '.join(settings.SECURITY_TXT_LANGUAGES)}")
    lines.append(f"Canonical: {request.build_absolute_uri()}")
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return lines


@PUBLIC
def security_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse("\n".join(security_txt_lines(request)) + "\n", content_type="text/plain; charset=utf-8")
