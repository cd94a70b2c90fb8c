"""The last days of the products a person's State is responsible for appear in its calendar feed; not those of
another State, not those done."""

from datetime import UTC, date, datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from calendars import services as calendars
from working_groups.choices import ProductStatus
from working_groups.models import Product
from working_groups.tests.plans import members, new_group, new_plan, security_network


def _feed(client, user) -> dict:
    response = client.get(reverse("calendars:feed", args=[calendars.feed_of(user).token]))
    assert response.status_code == 200
    return {str(component["uid"]): component for component in Calendar.from_ical(response.content).walk("VEVENT")}


def _plan(network):
    prosur = security_network(network)
    group = new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina, prosur.chile))
    start = date(timezone.localdate().year + 1, 1, 1)
    return new_plan(prosur.directory, group=group, products=2, responsible=[prosur.mexico], start=start)


def test_the_feed_holds_the_deadlines_of_the_products_the_persons_state_is_responsible_for(network, client):
    plan = _plan(network)
    first, second = Product.objects.filter(plan=plan).in_plan_order()

    feed = _feed(client, network.coordinator_mex)

    assert {first.uid, second.uid} <= set(feed)
    component = feed[first.uid]
    assert component.decoded("dtstart").astimezone(UTC) == datetime.combine(first.due_until, datetime.min.time(), UTC)
    assert "Product 1" in str(component["summary"])


def test_another_states_coordinator_has_none_of_those_deadlines(network, client):
    plan = _plan(network)

    feed = _feed(client, network.coordinator_arg)

    assert not {product.uid for product in Product.objects.filter(plan=plan)} & set(feed)


def test_a_product_done_leaves_the_feed(network, client):
    plan = _plan(network)
    first = Product.objects.filter(plan=plan).in_plan_order().first()
    first.status = ProductStatus.DONE
    first.save()

    assert first.uid not in _feed(client, network.coordinator_mex)
