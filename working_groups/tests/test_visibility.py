"""A member State's coordinator sees its group and its plans; of another group it sees only what the directory
published (never its plans); the manager sees every group of its directory."""

from django.urls import reverse

from working_groups.models import GroupRules
from working_groups.tests.plans import coordinator_of, members, new_group, new_plan, security_network


def _two_groups(network):
    prosur = security_network(network)
    ours = new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina, prosur.chile))
    theirs_private = new_group(prosur.directory, "Training", members(prosur.argentina, prosur.chile, prosur.mexico))
    return prosur, ours, theirs_private


def test_a_member_states_coordinator_sees_its_group_and_its_plan(network, client):
    prosur, ours, _theirs = _two_groups(network)
    plan = new_plan(prosur.directory, group=ours)
    client.force_login(network.coordinator_arg)

    assert client.get(ours.get_absolute_url()).status_code == 200
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_a_coordinator_does_not_see_another_groups_private_plan(network, client):
    prosur = security_network(network)
    GroupRules.objects.create(directory=prosur.directory, minimum_member_states=2)
    ours = new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.chile))
    others = new_group(prosur.directory, "Training", members(prosur.argentina, prosur.chile))
    others_plan = new_plan(prosur.directory, group=others, title="Training plan")
    client.force_login(network.coordinator_mex)

    listed = client.get(reverse("working_groups:list", args=[prosur.directory.slug])).content.decode()
    assert "Cyber" in listed
    assert "Training" not in listed
    assert client.get(ours.get_absolute_url()).status_code == 200
    assert client.get(others.get_absolute_url()).status_code == 404
    assert client.get(others_plan.get_absolute_url()).status_code == 404


def test_others_see_a_published_group_but_not_its_plans(network, client):
    prosur = security_network(network)
    GroupRules.objects.create(directory=prosur.directory, minimum_member_states=2)
    published = new_group(prosur.directory, "Training", members(prosur.argentina, prosur.chile), public=True)
    plan = new_plan(prosur.directory, group=published, title="Training plan")
    client.force_login(network.coordinator_mex)

    page = client.get(published.get_absolute_url())
    assert page.status_code == 200
    assert "Argentina" in page.content.decode()
    assert "Training plan" not in page.content.decode()
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_the_manager_sees_every_group_of_its_directory(network, client):
    prosur, _ours, _theirs = _two_groups(network)
    client.force_login(prosur.manager)

    listed = client.get(reverse("working_groups:list", args=[prosur.directory.slug])).content.decode()

    assert "Cyber" in listed and "Training" in listed


def test_a_coordinator_of_a_state_outside_the_directory_sees_nothing_of_it(network, client):
    _prosur, ours, _theirs = _two_groups(network)
    client.force_login(coordinator_of(network.estonia))

    assert client.get(ours.get_absolute_url()).status_code in (403, 404)
