"""The test harness every app's tests share, as a pytest plugin (registered by the root conftest.py).

- ``built_once``: a data set (States, directories, contacts, users in their roles) is built once and every
  test that asks for it starts from it, each in a transaction rolled back afterwards (see ``plugin``);
  ``rolled_back`` does the same for a module's own data (the demo data set).
- ``world``: the authorisation world of ``enlace.testing.world``, every role around one State's records.
- Browser fixtures (``browser``, ``page``, ``coordinator_with_secret``): ``enlace.testing.browser``.
- Exact query counts: pytest-django's ``django_assert_num_queries`` fixture.
- Factories for everything else: ``enlace.testing.factories`` and ``enlace.testing.factories``.
"""

from enlace.testing.plugin import built_once, rolled_back

__all__ = ["built_once", "rolled_back"]
