"""The factories are the harness's (``enlace.testing.factories``); the API's tests still import them from here."""

from enlace.testing.factories import ContactFactory, DirectoryFactory, InstitutionFactory, NominationFactory, state  # noqa: F401
