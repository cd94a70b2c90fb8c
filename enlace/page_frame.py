"""A signed-out visitor's page put into a frame rendered once per language.

Every page is rendered in ``base.html``'s frame (stylesheets, skip link, navigation,
language menu, footer). For a signed-out visitor that frame is the same on every
page in one language but for three things: the CSRF token, the CSP nonce and the
page's own address (the language menu comes back to it). The pages a point of
contact reaches from an e-mail without signing in (the ping confirmation, its
answer) are read by every contact of a round, so there the frame is rendered once
per language and process with markers in those three places and around the page's
title and content, and each request renders only its page's ``title`` and
``content`` blocks and puts them, and the three values, in.

The frame is only used where it is the same page a full render gives: a visitor
without a session or an API token (so signed out) and without messages waiting,
and a template that extends ``base.html`` and fills no block but ``title`` and
``content``; any other request or template is rendered in full.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template import engines
from django.template.context import make_context
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.utils import translation
from django.utils.html import escape

from enlace.page_title import SEPARATOR

FRAME = "base.html"
# Markers rendered in place of what each page and request puts in (letters only: unchanged by escaping).
TITLE_MARK = "PageFrameTitleMark"
CONTENT_MARK = "PageFrameContentMark"
ADDRESS_MARK = "PageFrameAddressMark"
CSRF_MARK = "PageFrameCsrfTokenMark"
NONCE_MARK = "PageFrameCspNonceMark"
_BLOCKS = {"title", "content"}
_frames: dict[str, tuple[str, ...]] = {}
# Pages whose title and content are the same for every reader in one language: (template, language, values).
_kept_pages: dict[tuple, tuple[str, str]] = {}


def render_framed(
    request: HttpRequest,
    template_name: str,
    context: dict | None = None,
    status: int = 200,
    *,
    same_for: tuple | None = None,
):
    """``render(request, template_name, context, status=status)``, with the frame rendered once when it can be.

    ``same_for``: the page's title and content depend on these values alone (and the language), never on the
    reader or the rest of ``context``: they are rendered once per process for each, then kept (the thanks for
    an answer, which every contact of a round reads).
    """
    template = get_template(template_name).template
    extends = _extends(template)
    if extends is None or not _signed_out_without_messages(request):
        return render(request, template_name, context, status=status)
    csrf_token = get_token(request)
    if same_for is None:
        title, content = _blocks(request, template, extends, {**(context or {}), "csrf_token": csrf_token})
    else:
        key = (template_name, translation.get_language(), *same_for)
        kept = _kept_pages.get(key)
        if kept is None:
            # With the markers in place of what differs on every response, filled in below as for the frame.
            marked = {**(context or {}), "csrf_token": CSRF_MARK, "csp_nonce": NONCE_MARK}
            kept = _kept_pages[key] = _blocks(_Unaddressed(request), template, extends, marked)
        title, content = kept
    before_title, between, after_content = _frame(request)
    if not title:  # the separator only goes between a page's own title and the product's name
        between = between.removeprefix(SEPARATOR)
    html = "".join((before_title, title, between, content, after_content))
    html = html.replace(CSRF_MARK, csrf_token).replace(NONCE_MARK, str(request._csp_nonce))
    return HttpResponse(html.replace(ADDRESS_MARK, escape(request.get_full_path())), status=status)


def _blocks(request, template, extends: ExtendsNode, context: dict) -> tuple[str, str]:
    """The page's own title and content, rendered."""
    page = make_context(context, request)
    with page.render_context.push_state(template), page.bind_template(template):
        title = extends.blocks["title"].render(page).strip() if "title" in extends.blocks else ""
        content = extends.blocks["content"].render(page) if "content" in extends.blocks else ""
    return title, content


def _extends(template) -> ExtendsNode | None:
    """The template's ``{% extends "base.html" %}`` when it fills no block of the frame but the title and content."""
    node = next((node for node in template.nodelist if isinstance(node, ExtendsNode)), None)
    if node is None or node.parent_name.var != FRAME or not set(node.blocks) <= _BLOCKS:
        return None
    return node


def _signed_out_without_messages(request: HttpRequest) -> bool:
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


class _Unaddressed:
    """The request as the frame sees it: its address is a marker, the rest is the request's."""

    def __init__(self, request: HttpRequest):
        self._request = request

    def __getattr__(self, name: str):
        return getattr(self._request, name)

    def get_full_path(self) -> str:
        return ADDRESS_MARK


def _frame(request: HttpRequest) -> tuple[str, ...]:
    """The frame in the current language cut at the title and the content: (before, between, after)."""
    language = translation.get_language()
    frame = _frames.get(language)
    if frame is None:
        empty = engines["django"].from_string(
            f'{{% extends "{FRAME}" %}}{{% block title %}}{TITLE_MARK}{{% endblock %}}'
            f"{{% block content %}}{CONTENT_MARK}{{% endblock %}}"
        )
        html = empty.render(
            {"csrf_token": CSRF_MARK, "csp_nonce": NONCE_MARK, "request": _Unaddressed(request), "messages": ()},
            request,
        )
        before_title, rest = html.split(TITLE_MARK)
        between, after_content = rest.split(CONTENT_MARK)
        frame = _frames[language] = (before_title, between, after_content)
    return frame
