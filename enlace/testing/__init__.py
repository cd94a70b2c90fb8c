"""The test harness every app's tests share, as a pytest plugin (registered by the root conftest.py).

- ``built_once``: a data set (States, directories, contacts, users in their roles) is built once and every
  test that asks for it starts from it, each in a transaction rolled back afterwards (see ``plugin``);
  ``rolled_back`` does the same for a module's own data (the demo data set).
- ``network``: the States, directories and people in their roles that the features' tests start from, and
  ``world``: the authorisation world, every role around one State's records (both ``enlace.testing.world``).
  An app's own data is built once on top of them (``built_once(on=[build_network])``).
- Browser fixtures (``browser``, ``page``, ``coordinator_with_secret``) and what a person does in a browser
  (``sign_in``, ``tab_to``...): ``enlace.testing.browser``.
- Query counts: exact ones with pytest-django's ``django_assert_num_queries`` fixture, the statements
  themselves with ``enlace.testing.queries.queries_run``.
- Factories for everything else: ``enlace.testing.factories``.
"""

from enlace.testing.plugin import built_once, rolled_back

__all__ = ["built_once", "rolled_back"]
