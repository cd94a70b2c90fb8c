"""A working group has at least as many member States as its directory's rule asks (observers aside), all of them
taking part in the directory, and its lead State among them; the service refuses otherwise, naming the minimum."""

import pytest
from django.urls import reverse

from directory.models import Directory
from directory.tests.test_directory_settings import settings_form
from working_groups import services
from working_groups.choices import GroupRole
from working_groups.models import GroupMembership, GroupRules, WorkingGroup
from working_groups.tests.plans import members, new_group, security_network


def test_a_group_of_two_states_is_refused_where_the_rule_asks_for_three(network):
    prosur = security_network(network)

    with pytest.raises(services.Refused, match="at least 3 member States"):
        new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina))

    assert not WorkingGroup.objects.filter(directory=prosur.directory).exists()


def test_a_group_of_two_states_is_accepted_where_the_directorys_rule_says_two(network):
    prosur = security_network(network)
    GroupRules.objects.create(directory=prosur.directory, minimum_member_states=2)

    group = new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina))

    assert set(group.memberships.values_list("state__iso3", flat=True)) == {"MEX", "ARG"}


def test_observers_do_not_count_towards_the_minimum(network):
    prosur = security_network(network)
    roles = {prosur.mexico: GroupRole.LEADER, prosur.argentina: GroupRole.MEMBER, prosur.chile: GroupRole.OBSERVER}

    with pytest.raises(services.Refused, match="at least 3"):
        new_group(prosur.directory, "Cyber", roles)


def test_a_group_of_three_states_keeps_each_ones_role(network):
    prosur = security_network(network)
    roles = {prosur.mexico: GroupRole.COORDINATOR, prosur.argentina: GroupRole.LEADER, prosur.chile: GroupRole.MEMBER}

    group = new_group(prosur.directory, "Cyber", roles)

    assert dict(GroupMembership.objects.filter(group=group).values_list("state__iso3", "role")) == {
        "MEX": "coordinator",
        "ARG": "leader",
        "CHL": "member",
    }


def test_removing_a_member_below_the_minimum_is_refused_and_the_group_stays_whole(network):
    prosur = security_network(network)
    group = new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina, prosur.chile))

    with pytest.raises(services.Refused):
        services.save_group(group, members(prosur.mexico, prosur.argentina))

    assert group.memberships.count() == 3


def test_a_state_outside_the_directory_cannot_be_a_member(network):
    prosur = security_network(network)

    with pytest.raises(services.Refused, match="do not take part"):
        new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina, prosur.chile, network.kenya))


def test_the_managers_form_shows_the_minimum_when_a_group_is_too_small(network, client):
    prosur = security_network(network)
    client.force_login(prosur.manager)

    response = client.post(
        reverse("working_groups:group_new", args=[prosur.directory.slug]),
        {
            "original_language": "en",
            "name_en": "Cyber",
            "status": "active",
            f"role_{prosur.mexico.pk}": "leader",
            f"role_{prosur.argentina.pk}": "member",
        },
    )

    assert response.status_code == 200
    assert "at least 3 member States" in response.content.decode()
    assert not WorkingGroup.objects.filter(directory=prosur.directory).exists()


def test_a_directory_without_its_own_rule_asks_for_three_member_states(network):
    prosur = security_network(network)

    assert GroupRules.of(prosur.directory).minimum_member_states == 3


def test_the_manager_sets_the_minimum_on_the_directorys_settings_page(network, client):
    prosur = security_network(network)
    client.force_login(prosur.manager)
    data = settings_form(prosur.directory, minimum_member_states=2)
    data["states"] = [prosur.mexico.pk, prosur.argentina.pk, prosur.chile.pk]

    response = client.post(reverse("directory:settings", args=[prosur.directory.slug]), data)

    assert response.status_code == 302
    assert GroupRules.objects.get(directory=prosur.directory).minimum_member_states == 2
    assert new_group(Directory.objects.get(pk=prosur.directory.pk), "Cyber", members(prosur.mexico, prosur.argentina))
