"""The API against its own OpenAPI schema: Schemathesis generates requests, every answer must fit the schema.

A bounded number of examples per operation (HYPOTHESIS_EXAMPLES), with a read-write token of a
directory manager, so that writes are tried too (inside the test's transaction).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis import checks

from api.models import Access
from api.tests.conftest import token_for

EXAMPLES = 15

schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = get_wsgi_application()


@pytest.fixture
def manager_token(api_world) -> str:
    return token_for(api_world.manager, access=Access.READ_WRITE)


@pytest.fixture(autouse=True)
def one_database_connection_for_the_test():
    """Requests go through the WSGI handler, which closes the database connection after each one; the test's
    transaction lives on that connection, so keep it open (as Django's own test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI does not depend on chance
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_answers_within_its_schema_and_without_server_errors(case, manager_token):
    # No 5xx, and every answer's status, content type and body as the schema declares them. (Lenient
    # reading of bad query parameters, which Schemathesis also flags, is REST framework's choice.)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {manager_token}"},
        checks=[
            checks.not_a_server_error,
            checks.status_code_conformance,
            checks.content_type_conformance,
            checks.response_schema_conformance,
        ],
    )
