"""A lesson's text: Markdown made into HTML, then sanitised, so that what a manager writes cannot act in a reader's
browser.

Kept: headings, paragraphs, lists, emphasis, quotes, code, tables and links (http, https, mailto). Removed:
scripts, styles, event handlers, frames, forms, and any other element or attribute not listed. Images are shown
from Enlace itself (a lesson's uploaded images, ``/learning/files/…``) or from the hosts the directory's managers
allowed; any other image loses its address, so that no reader's browser fetches a third party's image (which would
tell that party who reads the lesson, and when).
"""

from urllib.parse import urlsplit

import markdown
import nh3

LOCAL_IMAGES = "/learning/files/"
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"}, "abbr": {"title"}}


def normalised_host(value: str) -> str:
    """A host as a manager may type it (``https://images.example.org/``, ``Images.Example.org``): its name only."""
    value = value.strip().lower()
    if "//" in value:
        value = urlsplit(value).hostname or ""
    return value.split("/")[0].split(":")[0].strip(".")


def image_allowed(src: str, allowed_hosts: frozenset[str]) -> bool:
    if src.startswith(LOCAL_IMAGES) and not src.startswith("//"):
        return True
    parts = urlsplit(src)
    return parts.scheme == "https" and (parts.hostname or "") in allowed_hosts


def to_html(text: str, allowed_image_hosts=()) -> str:
    """The lesson's Markdown as safe HTML."""
    allowed = frozenset(normalised_host(host) for host in allowed_image_hosts)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and not image_allowed(value, allowed):
            return None
        return value

    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=keep,
        link_rel="noopener noreferrer nofollow",
    )


def image_sources(allowed_image_hosts) -> list[str]:
    """What the page's Content-Security-Policy must let images load from: the allowed hosts, over https."""
    return [f"https://{host}" for host in sorted({normalised_host(h) for h in allowed_image_hosts} - {""})]
