"""What the discussion's tests build: PROSUR's cyber group of Mexico, Argentina and Chile (Chile's coordinator
reading Enlace in Spanish, Argentina's point of contact in French), and a training group of Argentina and Chile
only (Mexico is not a member)."""

from dataclasses import dataclass

from enlace.testing.factories import coordinator_of
from working_groups.models import GroupRules, WorkingGroup
from working_groups.tests.plans import Security, members, new_group, security_network


@dataclass
class Discussion:
    prosur: Security
    cyber: WorkingGroup
    training: WorkingGroup
    chilean: object


def cyber_discussion(network) -> Discussion:
    prosur = security_network(network)
    GroupRules.objects.create(directory=prosur.directory, minimum_member_states=2)
    cyber = new_group(prosur.directory, "Cyber", members(prosur.mexico, prosur.argentina, prosur.chile))
    training = new_group(prosur.directory, "Training", members(prosur.argentina, prosur.chile))
    chilean = coordinator_of(prosur.chile, email="coord@cl.example.org", language="es")
    network.poc_arg.language = "fr"
    network.poc_arg.save(update_fields=["language"])
    return Discussion(prosur, cyber, training, chilean)
