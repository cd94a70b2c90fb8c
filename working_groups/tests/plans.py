"""What the working groups' tests build on the shared network: a directory of three States (Mexico, Argentina,
Chile) with its manager, groups and a plan of as many products as a test asks."""

from dataclasses import dataclass
from datetime import date

from directory.models import Directory
from enlace.testing.factories import DirectoryFactory, coordinator_of, manager_of, state
from working_groups import services
from working_groups.choices import GroupRole, ProductStatus
from working_groups.models import LineOfAction, Product, WorkingGroup, WorkPlan


@dataclass
class Security:
    directory: Directory
    manager: object
    mexico: object
    argentina: object
    chile: object


def security_network(network) -> Security:
    chile = state("CHL")
    directory = DirectoryFactory(slug="prosur", name="PROSUR", states=[network.mexico, network.argentina, chile])
    return Security(directory, manager_of(directory), network.mexico, network.argentina, chile)


def new_group(directory, name: str, members: dict, *, public: bool = False) -> WorkingGroup:
    return services.save_group(
        WorkingGroup(directory=directory, name=name, lead_state=next(iter(members)), is_public=public), members
    )


def members(*states, role: str = GroupRole.MEMBER) -> dict:
    return dict.fromkeys(states, role)


def new_plan(
    directory, *, group=None, products: int = 3, responsible=(), start=date(2031, 1, 1), title="Security plan"
) -> WorkPlan:
    """A plan of one year from ``start`` whose products end a month apart (the first on the last day of its
    first month), in two lines of action."""
    plan = WorkPlan.objects.create(
        directory=directory, group=group, title=title, period_start=start, period_end=date(start.year, 12, 31)
    )
    lines = [LineOfAction.objects.create(plan=plan, position=number, title=f"Line {number}") for number in (1, 2)]
    for number in range(products):
        month = number % 12 + 1
        services.save_product(
            Product(
                line=lines[number % 2],
                position=number + 1,
                title=f"Product {number + 1}",
                deadline_text=f"{date(start.year, month, 1):%B} {start.year}",
                status=ProductStatus.UNDER_WAY,
            ),
            responsible=responsible,
        )
    return plan


__all__ = ["coordinator_of"]
