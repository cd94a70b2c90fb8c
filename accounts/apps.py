from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account.signals import email_changed
        from django.db.models.signals import post_save

        from access.principal import read_principals_with
        from accounts import (
            directory_pages,  # noqa: F401  (its link on a State's page)
            policies,  # noqa: F401  (registers access rules)
            receivers,
        )
        from accounts.principal import principal_for

        read_principals_with(principal_for)

        post_save.connect(
            receivers.verified_address_for_new_user,
            sender=self.get_model("User"),
            dispatch_uid="accounts.verified_address_for_new_user",
        )
        email_changed.connect(receivers.log_email_change, dispatch_uid="accounts.log_email_change")
