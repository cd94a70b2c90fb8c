"""Mail merge: render a message once per language and variant, then fill in each recipient's own fields.

Why: a ping round sends the same message to tens of thousands of contacts; only
a few values differ (the contact's name, its link, its code). Rendering the
three templates through Django's engine costs most of a millisecond each time,
so a round renders them once per (language, variant), with a placeholder where
each recipient field goes, and fills the placeholders per recipient (escaped
for the HTML part, as written for the text part and subject).

The templates must print merge fields as they are (``{{ contact_name }}``, or
``blocktranslate with name=contact_name``), never through a filter that would
change them; a placeholder that does not come out intact is an error, not a
silently wrong message.
"""

from dataclasses import dataclass, field

from django.utils.html import escape

from delivery.services import RenderedEmail, render_email

# Private-use characters: nothing a template or a translation prints, and HTML escaping leaves them alone.
_OPEN, _CLOSE = "\ue000", "\ue001"


class MergeError(ValueError):
    """A template changed a merge field's placeholder, so it cannot be filled in."""


def placeholder(name: str) -> str:
    return f"{_OPEN}{name}{_CLOSE}"


@dataclass
class MailMerge:
    """One message template for many recipients; ``context`` is what all of them share."""

    template: str
    context: dict
    fields: tuple[str, ...]
    _skeletons: dict[tuple, RenderedEmail] = field(default_factory=dict, repr=False)

    def render(self, language: str, values: dict[str, str], variant: dict | None = None) -> RenderedEmail:
        """The message for one recipient: its ``values`` for the merge fields, ``variant`` for any flags."""
        if set(values) != set(self.fields):
            raise MergeError(f"Expected values for {sorted(self.fields)}, got {sorted(values)}.")
        variant = variant or {}
        key = (language, tuple(sorted(variant.items())))
        skeleton = self._skeletons.get(key)
        if skeleton is None:
            slots = {name: placeholder(name) for name in self.fields}
            skeleton = render_email(self.template, {**self.context, **variant, **slots}, language)
            _check_placeholders_intact(skeleton, self.fields)
            self._skeletons[key] = skeleton
        return RenderedEmail(
            subject=_fill(skeleton.subject, values, escape_html=False),
            text=_fill(skeleton.text, values, escape_html=False),
            html=_fill(skeleton.html, values, escape_html=True),
        )


def _check_placeholders_intact(skeleton: RenderedEmail, fields: tuple[str, ...]) -> None:
    for rendered in (skeleton.subject, skeleton.text, skeleton.html):
        for name in fields:
            rendered = rendered.replace(placeholder(name), "")
        if _OPEN in rendered or _CLOSE in rendered:
            raise MergeError("A merge field came out of the template changed; print merge fields without filters.")


def _fill(rendered: str, values: dict[str, str], *, escape_html: bool) -> str:
    for name, value in values.items():
        rendered = rendered.replace(placeholder(name), escape(value) if escape_html else value)
    return rendered
