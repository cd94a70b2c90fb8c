"""Messages Enlace's catalogue translates although no Enlace code says them.

Keeping them marked here is what keeps ``makemessages`` from dropping them from the catalogue.
"""

from django.utils.translation import gettext_noop

# Translators: Django's own wording: REST framework's catalogue would otherwise replace it in every form.
gettext_noop("This field is required.")
