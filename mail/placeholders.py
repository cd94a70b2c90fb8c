"""Placeholders for a mail merge: where each recipient's own values go in a message rendered once.

Private-use characters mark them: nothing a template or a translation prints,
and HTML escaping leaves them alone.
"""

from html import escape

_OPEN, _CLOSE = "\ue000", "\ue001"


def placeholder(name: str) -> str:
    return f"{_OPEN}{name}{_CLOSE}"


def has_placeholder_marks(text: str) -> bool:
    return _OPEN in text or _CLOSE in text


def fill(rendered: str, values: dict[str, str], *, escape_html: bool) -> str:
    """``rendered`` with each placeholder replaced by its value (HTML-escaped for an HTML part).

    ``html.escape`` is what Django's ``escape`` does, without making a SafeString of each value.
    """
    for name, value in values.items():
        rendered = rendered.replace(placeholder(name), escape(value) if escape_html else value)
    return rendered
