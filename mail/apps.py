from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "mail"
    # The database and the migrations still know the app by its first name.
    label = "delivery"
    verbose_name = _("E-mail delivery")
