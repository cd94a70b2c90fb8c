from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from accounts.signals import user_deactivated
        from api import schema  # noqa: F401  (registers the sign-in methods with drf-spectacular)
        from api.models import revoke_tokens_of

        user_deactivated.connect(revoke_tokens_of, dispatch_uid="api.revoke_tokens_of")
