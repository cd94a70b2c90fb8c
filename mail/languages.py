"""The language a message is written in, the same rule for every message Enlace sends, and for the page its
link opens.

``recipient_language(codes)`` picks the language for a contact: its first operating language that the
interface has, else English; ``account_language(user)`` the one for an account (the language it reads
Enlace in, else its contact's).

A page opened from an e-mail's link reads in the e-mail's language, unless its reader chose another
(``message_language``). The link is the reader's only way in (no account needed), and the message it came
from was written in the reader's language by the rule above; the browser's own languages say less about the
reader than that. A language chosen in the menu (its cookie) or a signed-in reader's own still wins.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from enlace.translated_texts import ENGLISH, supported_language


def recipient_language(operating_languages: Iterable[str]) -> str:
    """The first of a contact's operating languages (ISO 639, preferred first) that the interface has, else English."""
    supported = {code for code, _name in settings.LANGUAGES}
    for code in operating_languages:
        language = supported_language(code)
        if language in supported and (language != ENGLISH or code.lower().startswith(ENGLISH)):
            return language
    return ENGLISH


def account_language(user) -> str:
    """The language of e-mails to an account: the interface language it reads Enlace in, else (none
    kept: never signed in, or only ever read in English) its contact's by ``recipient_language``, else English."""
    if user is None:
        return ENGLISH
    if user.language in {code for code, _name in settings.LANGUAGES}:
        return user.language
    contact = user.contact if user.contact_id else None
    return recipient_language(contact.language_codes) if contact is not None else ENGLISH


# --- The page a message's link opens ----------------------------------------------------------


def reads_message_language(request: HttpRequest) -> bool:
    """Whether the page should follow the e-mail's language: a signed-out reader who chose no language."""
    return not request.user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES


@contextmanager
def message_language(request: HttpRequest, language: str) -> Iterator[None]:
    """Render (inside) in ``language`` when the reader has not chosen one (``language_header`` marks the response)."""
    if language and reads_message_language(request):
        with translation.override(language):
            request.LANGUAGE_CODE = language
            yield
    else:
        yield


def language_header(response: HttpResponse, request: HttpRequest) -> HttpResponse:
    # LocaleMiddleware only fills Content-Language when the response has none.
    response.headers["Content-Language"] = request.LANGUAGE_CODE
    return response
