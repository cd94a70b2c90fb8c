"""Sessions with Redis: kept in the shared cache as well as the database, and ended everywhere on signing out."""

import pytest
from django.test import Client
from django.urls import reverse

from enlace.testing.factories import PASSWORD, point_of_contact
from enlace.testing.queries import queries_run


@pytest.fixture
def redis_sessions(settings, shared_cache):
    """The production set-up with Redis (see SESSION_ENGINE in enlace.settings)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def signed_in_by_password(user) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def test_a_signed_in_page_reads_its_session_from_redis_not_the_database(cast, redis_sessions):
    client = signed_in_by_password(point_of_contact(cast.contact_mex))

    with queries_run() as captured:
        response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    assert not [query for query in captured if "django_session" in query["sql"]]


def test_a_session_is_also_written_to_the_database(cast, redis_sessions):
    from django.contrib.sessions.models import Session

    client = signed_in_by_password(point_of_contact(cast.contact_mex))

    assert Session.objects.filter(session_key=client.session.session_key).exists()


def test_signing_out_ends_the_session_kept_in_redis(cast, redis_sessions, settings):
    client = signed_in_by_password(point_of_contact(cast.contact_mex))
    elsewhere = Client()  # another tab, or a copy of the cookie
    elsewhere.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert elsewhere.get(reverse("accounts:profile")).status_code == 200

    client.post(reverse("account_logout"))
    response = elsewhere.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_signed_in_user_is_read_as_the_orm_reads_it(cast):
    from accounts.backends import user_by_id
    from accounts.models import User

    poc = point_of_contact(cast.contact_mex)
    expected = User.objects.get(pk=poc.pk)

    read = user_by_id(str(poc.pk))  # as the session keeps it

    assert type(read) is User
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read.last_login is None or read.last_login.tzinfo is not None


@pytest.mark.parametrize("user_id", ["999999999", "not a number", ""])
def test_an_id_of_no_user_signs_no_one_in(db, user_id):
    from accounts.backends import VerifiedAddressBackend, user_by_id

    assert user_by_id(user_id) is None
    assert VerifiedAddressBackend().get_user(user_id) is None


def test_a_signed_in_page_reads_the_user_in_one_statement(cast):
    client = signed_in_by_password(point_of_contact(cast.contact_mex))

    with queries_run() as captured:
        client.get(reverse("accounts:profile"))

    user_reads = [query["sql"] for query in captured if 'FROM "accounts_user"' in query["sql"]]
    assert len(user_reads) == 1, user_reads
    assert '"account"' in user_reads[0]  # the statement written out, not the ORM's
