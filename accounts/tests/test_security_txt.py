"""/.well-known/security.txt tells finders of a security problem where to report it (RFC 9116)."""

from datetime import UTC, datetime, timedelta
from unittest import mock

from django.test import Client
from django.utils import timezone

URL = "/.well-known/security.txt"
NOW = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)


def fields(response) -> dict[str, list[str]]:
    """The file's fields as RFC 9116 writes them: ``Name: value`` lines, a name possibly repeated."""
    parsed: dict[str, list[str]] = {}
    for line in response.content.decode().splitlines():
        if line and not line.startswith("#"):
            name, _colon, value = line.partition(": ")
            parsed.setdefault(name, []).append(value)
    return parsed


def read(client: Client | None = None):
    with mock.patch.object(timezone, "now", return_value=NOW):
        return (client or Client()).get(URL)


def test_security_txt_is_plain_text_anyone_may_read(db):
    response = read()

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_security_txt_names_the_contact_and_its_own_address(db):
    parsed = fields(read())

    assert parsed["Contact"] == ["mailto:security@enlace.example.org"]
    assert parsed["Canonical"] == ["http://testserver/.well-known/security.txt"]
    assert parsed["Preferred-Languages"] == ["en"]
    assert "Policy" not in parsed


def test_security_txt_expires_in_the_future_and_within_a_year(db):
    (expires,) = fields(read())["Expires"]

    expires_at = datetime.strptime(expires, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert NOW < expires_at < NOW + timedelta(days=365)


def test_security_txt_takes_its_contacts_expiry_and_policy_from_the_settings(db, settings):
    settings.SECURITY_CONTACTS = ["mailto:cert@example.org", "https://example.org/report"]
    settings.SECURITY_TXT_EXPIRES_DAYS = 30
    settings.SECURITY_POLICY_URL = "https://example.org/disclosure"

    parsed = fields(read())

    assert parsed["Contact"] == ["mailto:cert@example.org", "https://example.org/report"]
    assert parsed["Expires"] == ["2026-12-31T00:00:00Z"]
    assert parsed["Policy"] == ["https://example.org/disclosure"]
