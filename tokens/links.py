"""Unguessable tokens for links sent by e-mail (invitations, later ping confirmations).

Only a SHA-256 hash of a token is stored, so a copy of the database cannot be
used to follow anyone's link; look-ups go by the hash (an indexed equality),
and the final comparison is constant-time.
"""

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


def token_matches(token: str, digest: str) -> bool:
    return hmac.compare_digest(hash_token(token), digest)
