"""What other apps may react to, without accounts knowing them (they sit above it)."""

from django.dispatch import Signal

# Sent inside the deactivation's transaction, with ``user``: whatever lets the account act
# (API tokens...) must end with it, for good.
user_deactivated = Signal()
