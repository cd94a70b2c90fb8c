from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts come only by invitation (accounts.services.accept_invitation)."""

    def is_open_for_signup(self, request) -> bool:
        return False
