"""The API's tests share ``api_world`` and its token clients with every app's API tests (``api.tests.world``)."""

from api.tests.world import api_client, token_for

__all__ = ["api_client", "token_for"]
