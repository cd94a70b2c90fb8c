"""Unguessable tokens for links sent by e-mail (invitations, ping confirmations, acknowledgements) and API tokens.

Only a SHA-256 hash of a token is stored, so a copy of the database cannot be
used to follow anyone's link; look-ups go by the hash (an indexed equality), so
the time a look-up takes says nothing about the token.
"""

import base64
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class IssuedToken:
    token: str  # goes into the link, never stored
    digest: str  # stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token() -> IssuedToken:
    token = secrets.token_urlsafe(32)
    return IssuedToken(token=token, digest=hash_token(token))


# Codes people type: no 0/O or 1/I to confuse, 10 characters ≈ 50 bits, and typing
# them is rate-limited, so guessing one is hopeless.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def derived_token(purpose: str, key: str) -> str:
    """An unguessable link token for ``key``, recomputable with SECRET_KEY (so it can be re-sent) but
    never stored: the database keeps only ``hash_token()`` of it."""
    digest = _salted_hmac(f"enlace.{purpose}.link", key)
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def derived_code(purpose: str, key: str, length: int = 10) -> str:
    """A short code a person can type instead of following a link (same properties as derived_token)."""
    number = int.from_bytes(_salted_hmac(f"enlace.{purpose}.code", key)[:8])
    characters = []
    for _ in range(length):
        number, index = divmod(number, len(CODE_ALPHABET))
        characters.append(CODE_ALPHABET[index])
    return "".join(characters)


def _salted_hmac(salt: str, value: str) -> bytes:
    """Django's ``salted_hmac`` (SHA-256), with its derived key computed once per salt, not once per call
    (a ping round derives two tokens for each of tens of thousands of pings)."""
    from django.conf import settings

    return hmac.new(_hmac_key(salt, settings.SECRET_KEY), value.encode(), hashlib.sha256).digest()


@functools.lru_cache(maxsize=64)
def _hmac_key(salt: str, secret: str) -> bytes:
    return hashlib.sha256((salt + secret).encode()).digest()


def normalise_code(text: str) -> str:
    """What a person typed, as a code: upper case, without spaces or dashes."""
    return "".join(character for character in text.upper() if character.isalnum())


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"
