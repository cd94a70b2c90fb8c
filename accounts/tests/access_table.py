"""Who may open the accounts' pages, role by role: this app's rows of the access table.

``access/tests/test_authorization.py`` reads the ``tests/access_table.py`` of every installed app.
"""

from access.tests.access_cases import EVERYONE, SIGNED_IN, STATE_A_ADMINS, Case

ROWS = {
    "accounts:accept_invitation": [Case(EVERYONE, lambda w: {"token": w.invitation_token})],
    # The invitation names a contact of A never nominated anywhere: D1's manager does not see it.
    "accounts:invitation_revoke": [
        Case(frozenset({"coord_a"}), lambda w: {"code": w.invitation.code}, note="the page that asks first"),
        Case(
            frozenset({"coord_a"}),
            lambda w: {"code": w.invitation.code},
            method="POST",
            data=lambda w: {"confirm": "yes"},
        ),
    ],
    "accounts:state_users": [Case(STATE_A_ADMINS, lambda w: {"iso3": w.a.iso3})],
    "accounts:user_set_active": [
        Case(STATE_A_ADMINS, lambda w: {"code": w.target_user.code}, method="POST", data=lambda w: {"active": "0"})
    ],
    "accounts:profile": [Case(SIGNED_IN)],
    "accounts:security_txt": [Case(EVERYONE)],
}
