"""The learning tests' own data: a published module of the shared network's OAS directory (``course``)."""

from learning.tests.course import course  # noqa: F401  (the fixture)
