"""Mail merge: render a message once per language and variant, then fill in each recipient's own fields.

Why: a ping round sends the same message to tens of thousands of contacts; only
a few values differ (the contact's name, its link, its code). Rendering the
three templates through Django's engine costs most of a millisecond each time,
so a round renders them once per (language, variant), with a placeholder where
each recipient field goes. The body is stored once (``SharedBody``) and each
outbox row keeps only its recipient's values, which delivery fills in (escaped
for the HTML part, as written for the text part and subject). A message to be
encrypted is filled in at once instead, since only its ciphertext may be kept.

The templates must print merge fields as they are (``{{ contact_name }}``, or
``blocktranslate with name=contact_name``), never through a filter that would
change them; a placeholder that does not come out intact is an error, not a
silently wrong message.
"""

import hashlib
from dataclasses import dataclass, field

from mail.models import SharedBody
from mail.placeholders import fill, has_placeholder_marks, placeholder
from mail.services import EmailToQueue, RenderedEmail, render_email


class MergeError(ValueError):
    """A template changed a merge field's placeholder, so it cannot be filled in."""


@dataclass
class MailMerge:
    """One message template for many recipients; ``context`` is what all of them share."""

    template: str
    context: dict
    fields: tuple[str, ...]
    _skeletons: dict[tuple, RenderedEmail] = field(default_factory=dict, repr=False)
    _shared: dict[tuple, SharedBody] = field(default_factory=dict, repr=False)

    def skeleton(self, language: str, variant: dict | None = None) -> RenderedEmail:
        """The message with placeholders, rendered once per language and variant."""
        key = (language, tuple(sorted((variant or {}).items())))
        skeleton = self._skeletons.get(key)
        if skeleton is None:
            slots = {name: placeholder(name) for name in self.fields}
            skeleton = render_email(self.template, {**self.context, **(variant or {}), **slots}, language)
            _check_placeholders_intact(skeleton, self.fields)
            self._skeletons[key] = skeleton
        return skeleton

    def render(self, language: str, values: dict[str, str], variant: dict | None = None) -> RenderedEmail:
        """The message for one recipient: its ``values`` for the merge fields, ``variant`` for any flags."""
        self._check_values(values)
        skeleton = self.skeleton(language, variant)
        return RenderedEmail(
            subject=fill(skeleton.subject, values, escape_html=False),
            text=fill(skeleton.text, values, escape_html=False),
            html=fill(skeleton.html, values, escape_html=True),
        )

    def letter(
        self,
        *,
        to: str,
        language: str,
        values: dict[str, str],
        variant: dict | None = None,
        purpose: str,
        sensitive: bool = False,
        encrypt_to: str = "",
    ) -> EmailToQueue:
        """One recipient's copy, to queue with ``queue_many``: a shared body and its values, or (to encrypt) in full."""
        if encrypt_to:
            rendered = self.render(language, values, variant)
            return EmailToQueue(
                to=to, rendered=rendered, language=language, purpose=purpose, sensitive=sensitive, encrypt_to=encrypt_to
            )
        self._check_values(values)
        skeleton = self.skeleton(language, variant)
        return EmailToQueue(
            to=to,
            rendered=RenderedEmail(subject=fill(skeleton.subject, values, escape_html=False), text="", html=""),
            language=language,
            purpose=purpose,
            sensitive=sensitive,
            shared_body=self._shared_body(language, variant, skeleton),
            merge_values=values,
        )

    def _shared_body(self, language: str, variant: dict | None, skeleton: RenderedEmail) -> SharedBody:
        key = (language, tuple(sorted((variant or {}).items())))
        shared = self._shared.get(key)
        if shared is None:
            digest = hashlib.sha256(f"{skeleton.text}\0{skeleton.html}".encode()).hexdigest()
            shared, _created = SharedBody.objects.get_or_create(
                digest=digest, defaults={"body_text": skeleton.text, "body_html": skeleton.html}
            )
            self._shared[key] = shared
        return shared

    def _check_values(self, values: dict[str, str]) -> None:
        if set(values) != set(self.fields):
            raise MergeError(f"Expected values for {sorted(self.fields)}, got {sorted(values)}.")


def _check_placeholders_intact(skeleton: RenderedEmail, fields: tuple[str, ...]) -> None:
    for rendered in (skeleton.subject, skeleton.text, skeleton.html):
        for name in fields:
            rendered = rendered.replace(placeholder(name), "")
        if has_placeholder_marks(rendered):
            raise MergeError("A merge field came out of the template changed; print merge fields without filters.")
