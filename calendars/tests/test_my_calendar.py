"""The page "My calendar": the person's own feed address and what comes next; the navigation leads to it."""

from django.urls import reverse

from calendars import services


def test_my_calendar_shows_the_address_of_my_own_feed_and_what_comes_next(world, client):
    user = world.users["poc_a"]
    client.force_login(user)
    body = client.get(reverse("calendars:mine")).content.decode()
    assert reverse("calendars:feed", args=[services.feed_of(user).token]) in body
    assert "webcal://" in body
    assert world.event_meeting.title in body


def test_the_address_shown_is_the_same_until_it_is_reset(world, client):
    user = world.users["poc_a"]
    client.force_login(user)
    before = services.feed_of(user).token
    client.get(reverse("calendars:mine"))
    assert services.feed_of(user).token == before
    client.post(reverse("calendars:reset"), {"confirm": "on"})
    after = services.feed_of(user).token
    assert after != before
    assert after in client.get(reverse("calendars:mine")).content.decode()


def test_the_navigation_leads_to_my_calendar(world, client):
    client.force_login(world.users["poc_b"])
    body = client.get(world.d1.get_absolute_url()).content.decode()
    assert f'href="{reverse("calendars:mine")}"' in body
