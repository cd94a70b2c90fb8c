"""Moving a signed-in session's clock: what it remembers with a time is made that much older.

Idle timeouts and confirmations are measured from times kept in the session (``access.recent_sign_in``,
allauth's record of each password or second factor given), so a test ages them instead of waiting, and
without patching the process's clock, which other code may have captured.
"""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.test import Client

from access.recent_sign_in import LAST_SEEN_AT, SIGNED_IN_AT


def age_session(client: Client, *, minutes: float) -> None:
    """Make everything ``client``'s session remembers with a time happen ``minutes`` earlier."""
    session = client.session
    shift = minutes * 60
    for key in (SIGNED_IN_AT, LAST_SEEN_AT):
        if key in session:
            session[key] -= shift
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
    for record in records:
        record["at"] -= shift
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
