"""A new user is offered a tour of its role when it signs in, takes it step by step on the product's own pages,
or puts it aside; either way the offer is not made again."""

import pytest
from django.test import Client
from django.urls import reverse

from enlace.testing.factories import PASSWORD
from tutorial.choices import Track
from tutorial.models import TutorialProgress
from tutorial.tracks import STEPS, Places, tracks_for

OFFER = "New to Enlace? Take the 5-minute tour"


def signed_in_through_the_form(user) -> Client:
    """Signed in as a person does: allauth's sign-in form, e-mail and password (a point of contact has no
    second factor to give)."""
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def page_text(client: Client, url_name: str = "directory:home", **kwargs) -> str:
    response = client.get(reverse(url_name, kwargs=kwargs), follow=True)
    assert response.status_code == 200
    return response.content.decode()


def take_the_whole_tour(client: Client, track: Track) -> None:
    for number in range(1, len(STEPS[track]) + 1):
        client.post(reverse("tutorial:step", kwargs={"track": track.value, "number": number}))


# --- The offer ----------------------------------------------------------------------------------------


def test_a_point_of_contact_signing_in_for_the_first_time_is_offered_the_tour(world):
    client = signed_in_through_the_form(world.users["poc_a"])

    for url_name in ("directory:home", "pings:mine", "communications:needs_action"):
        assert OFFER in page_text(client, url_name)
    start = reverse("tutorial:resume", kwargs={"track": Track.POINT_OF_CONTACT.value})
    assert f'href="{start}"' in page_text(client)


def test_not_now_hides_the_offer_for_good(world):
    poc = world.users["poc_a"]
    client = signed_in_through_the_form(poc)
    home = reverse("directory:home")

    response = client.post(reverse("tutorial:dismiss"), {"next": home})

    assert response["Location"] == home
    assert OFFER not in page_text(client)
    assert OFFER not in page_text(signed_in_through_the_form(poc)), "offered again at the next sign-in"
    assert TutorialProgress.objects.get(user=poc).dismissed_at is not None


def test_not_now_goes_back_only_to_a_page_of_enlace(world):
    client = signed_in_through_the_form(world.users["poc_a"])

    response = client.post(reverse("tutorial:dismiss"), {"next": "https://elsewhere.example/"})

    assert response["Location"] == reverse("tutorial:index")


def test_finishing_the_tour_hides_the_offer(world):
    poc = world.users["poc_a"]
    client = signed_in_through_the_form(poc)

    take_the_whole_tour(client, Track.POINT_OF_CONTACT)

    assert OFFER not in page_text(client)
    assert OFFER not in page_text(signed_in_through_the_form(poc))
    progress = TutorialProgress.objects.get(user=poc)
    assert progress.finished_at is not None
    assert progress.steps_done == [step.key for step in STEPS[Track.POINT_OF_CONTACT]]


def test_the_offer_is_not_shown_on_the_tour_itself(world):
    client = signed_in_through_the_form(world.users["poc_a"])

    assert OFFER not in page_text(client, "tutorial:index")
    assert OFFER not in page_text(client, "tutorial:step", track=Track.POINT_OF_CONTACT.value, number=1)


@pytest.mark.parametrize("url_name", ["directory:home", "pings:mine"])
def test_the_offer_costs_no_query(world, url_name, django_assert_num_queries):
    """The same statements with and without the offer: it reads the session and the roles, both loaded."""
    offered = signed_in_through_the_form(world.users["poc_a"])
    not_offered = signed_in_through_the_form(world.users["poc_b"])
    not_offered.post(reverse("tutorial:dismiss"))
    queries = {"directory:home": 6, "pings:mine": 5}[url_name]

    with django_assert_num_queries(queries):
        assert OFFER in offered.get(reverse(url_name)).content.decode()
    with django_assert_num_queries(queries):
        assert OFFER not in not_offered.get(reverse(url_name)).content.decode()


# --- The tours ----------------------------------------------------------------------------------------


def test_a_coordinator_takes_the_coordinators_tour_with_the_invitation_step(world):
    client = signed_in_through_the_form(world.users["poc_a"])
    coordinator = Client()
    coordinator.force_login(world.users["coord_a"])

    help_page = page_text(coordinator, "tutorial:index")
    assert "National coordinator" in help_page
    assert "Point of contact" not in help_page
    invite = page_text(coordinator, "tutorial:step", track=Track.COORDINATOR.value, number=2)
    assert "Invite a colleague" in invite
    assert reverse("accounts:state_users", kwargs={"iso3": world.a.iso3}) in invite
    # A point of contact has no coordinator's tour, and no invitation step in its own.
    assert "Invite a colleague" not in page_text(client, "tutorial:index")
    for number in range(1, len(STEPS[Track.POINT_OF_CONTACT]) + 1):
        assert "Invite a colleague" not in page_text(
            client, "tutorial:step", track=Track.POINT_OF_CONTACT.value, number=number
        )
    response = client.get(reverse("tutorial:step", kwargs={"track": Track.COORDINATOR.value, "number": 2}))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["poc_a", "poc_b", "poc_c", "coord_a", "coord_c", "manager_d1", "manager_d2"])
def test_each_steps_button_opens_a_page_the_user_may_open(world, role):
    client = Client()
    client.force_login(world.users[role])
    principal = client.get(reverse("tutorial:index")).wsgi_request.principal
    for track in tracks_for(principal):
        for number, step in enumerate(STEPS[track], start=1):
            address = step.page(Places(principal))
            assert address, f"{role}: step {number} of {track} opens no page"
            page = page_text(client, "tutorial:step", track=track.value, number=number)
            assert f'href="{address}"' in page
            response = client.get(address, follow=True)
            assert response.status_code == 200, f"{role}: {address} answered {response.status_code}"


def test_a_step_says_where_the_user_is_and_next_goes_on(world):
    client = signed_in_through_the_form(world.users["poc_a"])
    step = reverse("tutorial:step", kwargs={"track": Track.POINT_OF_CONTACT.value, "number": 2})

    page = page_text(client, "tutorial:step", track=Track.POINT_OF_CONTACT.value, number=2)
    response = client.post(step)

    assert "Step 2 of 5" in page
    assert 'rel="prev"' in page and "Previous" in page
    assert response["Location"] == reverse("tutorial:step", kwargs={"track": "point-of-contact", "number": 3})


def test_the_tour_resumes_at_the_first_step_not_done(world):
    client = signed_in_through_the_form(world.users["poc_a"])
    for number in (1, 2):
        client.post(reverse("tutorial:step", kwargs={"track": Track.POINT_OF_CONTACT.value, "number": number}))

    response = client.get(reverse("tutorial:resume", kwargs={"track": Track.POINT_OF_CONTACT.value}))

    assert response["Location"] == reverse("tutorial:step", kwargs={"track": "point-of-contact", "number": 3})
    assert "2 of 5 steps done" in page_text(client, "tutorial:index")


def test_every_step_has_a_figure_described_in_words(world):
    client = Client()
    client.force_login(world.users["manager_d1"])

    for number in range(1, len(STEPS[Track.MANAGER]) + 1):
        page = page_text(client, "tutorial:step", track=Track.MANAGER.value, number=number)
        step = STEPS[Track.MANAGER][number - 1]
        assert f'alt="{step.figure_alt}"' in page.replace("&#x27;", "'")


@pytest.mark.parametrize("role", ["poc_a", "coord_a", "manager_d1"])
def test_help_is_in_every_signed_in_users_menu(world, role):
    client = Client()
    client.force_login(world.users[role])

    page = page_text(client, "directory:home")

    assert f'href="{reverse("tutorial:index")}">Help</a>' in page


def test_the_help_page_answers_the_rules_users_ask_about(world):
    client = Client()
    client.force_login(world.users["poc_a"])

    page = page_text(client, "tutorial:index")

    for rule in ("within 72 hours", "within 15 days", "TLP:AMBER+STRICT", "ping test"):
        assert rule in page


def test_a_finished_tour_taken_again_starts_at_its_first_step(world):
    client = signed_in_through_the_form(world.users["poc_a"])
    take_the_whole_tour(client, Track.POINT_OF_CONTACT)

    response = client.get(reverse("tutorial:resume", kwargs={"track": Track.POINT_OF_CONTACT.value}))

    assert response["Location"] == reverse("tutorial:step", kwargs={"track": "point-of-contact", "number": 1})
    assert "Take the tour again" in page_text(client, "tutorial:index")
