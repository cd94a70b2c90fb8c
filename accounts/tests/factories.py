"""The factories are the harness's (``enlace.testing.factories``); the API's tests still import them from here."""

from enlace.testing.factories import PASSWORD, UserFactory, coordinator_of, enrol_totp, manager_of, point_of_contact  # noqa: F401
