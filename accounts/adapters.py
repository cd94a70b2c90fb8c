"""How allauth behaves in Enlace: accounts come by invitation, and its e-mail goes out like all other mail.

allauth sends its own messages (password reset, address confirmation, notices) and builds their links
from the request's Host header. Here every link points to the configured site address
(``SITE_URL``), never to whatever host a request claimed, and every message goes through the outbox
(``mail``), so it is retried and recorded like any other e-mail.
"""

from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from enlace.translated_texts import reader_language
from mail.languages import account_language
from mail.services import RenderedEmail, queue_rendered


def on_site(url: str) -> str:
    """The same path (and query) on the configured site address, whatever host the URL was built with."""
    parts = urlsplit(url)
    return settings.SITE_URL + urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


def current_site() -> SimpleNamespace:
    """What allauth's templates call the current site (name and domain), from the settings."""
    return SimpleNamespace(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts come only by invitation (accounts.services.accept_invitation)."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def format_email_subject(self, subject: str) -> str:
        prefix = app_settings.EMAIL_SUBJECT_PREFIX
        if prefix is None:
            prefix = f"[{settings.SITE_NAME}] "
        return prefix + str(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render allauth's message and queue it in the outbox (every ``…_url`` on the site address)."""
        request = allauth_context.request
        values = {"request": request, "email": email, "current_site": current_site(), **context}
        for key, value in values.items():
            if key.endswith("_url") and isinstance(value, str) and value:
                values[key] = on_site(value)
        language = _language_for(context.get("user"), email)
        with translation.override(language):
            subject = " ".join(render_to_string(f"{template_prefix}_subject.txt", values).splitlines()).strip()
            text = render_to_string(f"{template_prefix}_message.txt", values, request).strip()
            try:
                html = render_to_string(f"{template_prefix}_message.html", values, request).strip()
            except TemplateDoesNotExist:
                html = ""
            subject = self.format_email_subject(subject)
        queue_rendered(
            to=email,
            rendered=RenderedEmail(subject=subject, text=text, html=html),
            language=language,
            purpose=template_prefix.rsplit("/", 1)[-1],
            # Most carry a secret link (password reset, address confirmation): kept only until delivered.
            sensitive=True,
        )


def _language_for(user, email: str) -> str:
    """An account's messages come in the language it reads Enlace in (``account_language``), whoever asked for
    them (a password reset is asked for signed out, maybe from another browser); with nothing on record, and to
    an address of no account, in the language of the request that sent them."""
    if user is None or not getattr(user, "pk", None):
        user = get_user_model().objects.filter(email__iexact=email).select_related("contact").first()
    if user is not None and (user.language or user.contact_id):
        return account_language(user)
    return reader_language()
