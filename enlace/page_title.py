"""The title a browser shows for a page (its tab, its history, a screen reader's first words).

A page's own title comes first, then the product's name: "Search – Enlace". A page without
a title of its own is just "Enlace". ``base.html`` wraps its ``title`` block in
``{% page_title %}…{% endpage_title %}``; ``enlace.page_frame`` puts the same together
when it renders the frame once.
"""

from django import template
from django.template.base import Parser, Token

PRODUCT = "Enlace"
# An en dash, spaced: the page's title is read first, the product after it.
SEPARATOR = " – "

register = template.Library()


def page_title(title: str) -> str:
    """The browser's title for a page whose own title is ``title`` (already escaped HTML; blank when it has none)."""
    title = title.strip()
    return f"{title}{SEPARATOR}{PRODUCT}" if title else PRODUCT


class PageTitleNode(template.Node):
    child_nodelists = ("nodelist",)  # so that a page's {% block title %} inside it overrides the frame's

    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return page_title(self.nodelist.render(context))


@register.tag("page_title")
def do_page_title(parser: Parser, token: Token) -> PageTitleNode:
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)
