"""Small helpers shared by the accounts tests."""

import re
from urllib.parse import urlsplit

from django.test import Client


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def session_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def link_path(text: str) -> str:
    """The path of the (only) invitation link in a message body."""
    links = set(re.findall(r"https?://[^\s\"'<>]+/invitations/[^\s\"'<>]+", text))
    assert len(links) == 1, links
    return urlsplit(links.pop()).path


def token_of(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]
