"""The language an e-mail is written in, the same rule for every message Enlace sends.

``recipient_language(codes)`` picks the language for a contact: its first operating language that the
interface has, else English; ``account_language(user)`` the one for an account (the language it reads
Enlace in, else its contact's).
"""

from collections.abc import Iterable

from django.conf import settings

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
