"""The API against its own OpenAPI schema: Schemathesis generates requests, every answer must fit the schema.

A bounded number of examples per operation, the same on every run (derandomized), against the shared
test world with the values the schema must describe (contacts' hours, a superseded document, a
communication and its answer, ping rounds): signed out, and with a read-write token of State A's
coordinator, who reads and may write the most (its writes roll back with the test's transaction).
"""

from datetime import time

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

EXAMPLES = 10

OPENAPI = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(OPENAPI)
schema.app = get_wsgi_application()
# Signed out, every operation answers 401 whatever it is sent: a few examples show that answer fits the
# schema, without the coverage phase's many boundary values.
signed_out_schema = schemathesis.openapi.from_dict(OPENAPI)
signed_out_schema.app = schema.app
signed_out_schema.config.phases.coverage.enabled = False

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def schema_world(world):
    """The shared world with every optional value both set and empty somewhere."""
    from communications import services as communications
    from communications.models import Communication
    from directory.models import Contact
    from repository.choices import DocumentStatus
    from repository.models import Document

    Contact.objects.filter(name="Pointperson Alpha").update(opens_at=time(9), closes_at=time(17, 30))
    newer, older = Document.objects.filter(state__iso3="MEX").order_by("pk")[:2]
    Document.objects.filter(pk=older.pk).update(status=DocumentStatus.SUPERSEDED, superseded_by=newer)
    original = Communication.objects.real().get(tlp="green")
    communications.send(
        communications.Draft(
            directory=original.directory,
            version=original.template_version,
            sender_state=original.recipient_state,
            recipient_state=original.sender_state,
            audience=original.audience,
            tlp=original.tlp,
            urgency=original.urgency,
            language="en",
            values=original.content,
            in_reply_to=original,
        ),
        user=world.users["poc_b"],
    )
    return world


@pytest.fixture(autouse=True)
def one_database_connection_for_the_test():
    """Requests go through the WSGI handler, which closes the database connection after each one; the test's
    transaction lives on that connection, so keep it open (as Django's own test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run, so CI does not depend on chance
    database=None,  # and no examples remembered from an earlier run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# Schemathesis asks for gzip (requests' default headers) but its WSGI transport hands the body over
# undecoded; a real HTTP client decodes it. The schema checks read the plain body.
PLAIN = {"Accept-Encoding": "identity"}


@schema.parametrize()
@BOUNDED
def test_the_api_answers_a_read_write_token_within_its_schema(case, schema_world):
    # No 5xx, and every answer's status, content type and body as the schema declares them. (Lenient
    # reading of bad query parameters, which Schemathesis also flags, is REST framework's choice.)
    secret = token_for(schema_world.users["coord_a"], access=Access.READ_WRITE)
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}", **PLAIN}, checks=CHECKS)


@signed_out_schema.parametrize()
@settings(BOUNDED, max_examples=3)
def test_the_api_answers_a_signed_out_caller_within_its_schema(case, db):
    case.call_and_validate(headers=PLAIN, checks=CHECKS)
