"""There is no public sign-up: accounts come only by invitation."""

from django.test import Client
from django.urls import reverse

from accounts.models import User


def test_the_signup_page_offers_no_signup_form(db):
    response = Client().get("/accounts/signup/")

    assert response.status_code == 200
    assert "account/signup_closed.html" in [template.name for template in response.templates]
    body = response.content.decode()
    assert 'name="password1"' not in body
    assert 'name="email"' not in body


def test_posting_to_the_signup_page_creates_no_user(db):
    client = Client()

    response = client.post(
        reverse("account_signup"),
        {"email": "intruder@example.org", "password1": "a-fine-long-password", "password2": "a-fine-long-password"},
    )

    assert "account/signup_closed.html" in [template.name for template in response.templates]
    assert not User.objects.exists()
    assert client.session.get("_auth_user_id") is None
