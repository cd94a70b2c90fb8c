from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TutorialConfig(AppConfig):
    name = "tutorial"
    verbose_name = _("Tutorial")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Its access rules, and what it adds to every page (the help link, the offer), are this app's own.
        from tutorial import page_parts, policies  # noqa: F401
        from tutorial.services import offer_on_sign_in

        # Whether to offer the tour is decided once, at sign-in (allauth signs in through Django's login()).
        user_logged_in.connect(offer_on_sign_in, dispatch_uid="tutorial.offer_on_sign_in")
