"""Each change a request makes is logged with who made it and from where, and nothing outside a request is."""

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.test import RequestFactory

from audit.middleware import AuditMiddleware
from directory.models import Institution
from enlace.testing.factories import InstitutionFactory, UserFactory, state


def rename(institution: Institution, name: str) -> LogEntry:
    institution.name = name
    institution.save()
    return LogEntry.objects.get_for_object(institution).latest("timestamp")


def as_request(user, respond, address: str = "192.0.2.10"):
    request = RequestFactory().get("/", REMOTE_ADDR=address)
    request.user = user
    return AuditMiddleware(respond)(request)


def test_a_change_made_in_a_request_names_its_user_and_address(db):
    user, institution = UserFactory(), InstitutionFactory(state=state("MEX"))
    logged = {}
    as_request(user, lambda request: logged.setdefault("entry", rename(institution, "CSIRT MX")))
    entry = logged["entry"]
    assert (entry.actor, entry.actor_email, entry.remote_addr) == (user, user.email, "192.0.2.10")


def test_an_actor_set_inside_a_request_names_the_change_made_in_its_block(db):
    user, job_owner, institution = UserFactory(), UserFactory(), InstitutionFactory(state=state("MEX"))
    logged = {}

    def respond(request):
        with set_actor(job_owner, remote_addr="198.51.100.1"):
            logged["entry"] = rename(institution, "CSIRT MX")

    as_request(user, respond)
    assert (logged["entry"].actor, logged["entry"].remote_addr) == (job_owner, "198.51.100.1")


def test_a_change_made_after_the_request_names_no_one(db):
    user, institution = UserFactory(), InstitutionFactory(state=state("MEX"))
    as_request(user, lambda request: None)
    entry = rename(institution, "CSIRT MX")
    assert (entry.actor, entry.remote_addr) == (None, None)


def test_requests_in_turn_each_name_their_own_user(db):
    first, second, institution = UserFactory(), UserFactory(), InstitutionFactory(state=state("MEX"))
    entries = []
    as_request(first, lambda request: entries.append(rename(institution, "One")), "192.0.2.1")
    as_request(second, lambda request: entries.append(rename(institution, "Two")), "192.0.2.2")
    assert [(entry.actor, entry.remote_addr) for entry in entries] == [(first, "192.0.2.1"), (second, "192.0.2.2")]
