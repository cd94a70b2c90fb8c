from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from access.recent_sign_in import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="access.record_sign_in")
