"""A page opened from an e-mail's link reads in the e-mail's language, unless its reader chose another.

The link is the reader's only way in (no account needed), and the message it came from was written in
the reader's language by the rule every e-mail follows; the browser's own languages say less about the
reader than that. A language chosen in the menu (its cookie) or a signed-in reader's own still wins.
"""

from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def reads_message_language(request: HttpRequest) -> bool:
    """Whether the page should follow the e-mail's language: a signed-out reader who chose no language."""
    return not request.user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES


@contextmanager
def message_language(request: HttpRequest, language: str):
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
