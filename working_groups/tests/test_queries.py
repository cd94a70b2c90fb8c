"""The plan's table and the lists of work due ask the same number of questions for 3 products as for 30."""

from datetime import date

from django.urls import reverse

from enlace.testing.queries import queries_run
from working_groups.tests.plans import members, new_group, new_plan, security_network


def _count(client, url: str) -> int:
    with queries_run() as run:
        assert client.get(url).status_code == 200
    return len(run)


def test_the_plan_page_asks_as_many_questions_for_thirty_products_as_for_three(network, client):
    prosur = security_network(network)
    group = new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina, prosur.chile))
    small = new_plan(prosur.directory, group=group, products=3, responsible=[prosur.mexico])
    large = new_plan(prosur.directory, group=group, products=30, responsible=[prosur.mexico, prosur.chile])
    client.force_login(network.coordinator_mex)
    _count(client, small.get_absolute_url())  # the session and roles, read once

    for page in ("working_groups:plan", "working_groups:plan_timeline", "working_groups:plan_print"):
        assert _count(client, reverse(page, args=[small.code])) == _count(client, reverse(page, args=[large.code]))


def test_the_due_and_late_lists_ask_as_many_questions_whatever_their_length(network, client):
    prosur = security_network(network)
    client.force_login(network.coordinator_mex)
    url = reverse("working_groups:due")
    _count(client, url)
    new_plan(prosur.directory, products=3, responsible=[prosur.mexico], start=date(2020, 1, 1))
    few = _count(client, url)

    new_plan(prosur.directory, products=30, responsible=[prosur.mexico, prosur.chile], start=date(2021, 1, 1))

    assert _count(client, url) == few


def test_the_group_list_asks_as_many_questions_for_many_groups_as_for_one(network, client):
    prosur = security_network(network)
    states = members(prosur.mexico, prosur.argentina, prosur.chile)
    new_group(prosur.directory, "Group 0", states)
    client.force_login(prosur.manager)
    url = reverse("working_groups:list", args=[prosur.directory.slug])
    _count(client, url)
    one = _count(client, url)

    for number in range(1, 8):
        new_group(prosur.directory, f"Group {number}", states)

    assert _count(client, url) == one


def test_the_plan_page_asks_exactly_its_seven_questions(network, client, django_assert_num_queries):
    """The session, the reader and its roles, the plan, its products, their responsible States, its lines."""
    prosur = security_network(network)
    group = new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina, prosur.chile))
    plan = new_plan(prosur.directory, group=group, products=12, responsible=[prosur.mexico])
    client.force_login(network.coordinator_mex)
    client.get(plan.get_absolute_url())

    with django_assert_num_queries(7):
        assert client.get(plan.get_absolute_url()).status_code == 200
