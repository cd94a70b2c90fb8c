"""The demo's working groups, built by this app's own demo builder alone (not the whole demo): PROSUR's security
group and its sub-groups with their annual plans as their leaders wrote them, in Spanish and English, some products
done, some under way and some late whatever day the demo is built on, and the CICTE work plan by programme."""

import random
from datetime import UTC, date, datetime

import pytest

from directory.models import Participation
from enlace.testing.factories import state
from working_groups import demo_data
from working_groups.choices import COUNTED, ProductStatus
from working_groups.models import (
    GroupMembership,
    LineOfAction,
    Product,
    ProductDependency,
    ProgressUpdate,
    WorkingGroup,
    WorkPlan,
)

PROSUR_STATES = ["ARG", "BRA", "CHL", "COL", "ECU", "PER", "PRY"]
DEMO_DAY = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def oas(network):
    """The demo's OAS network, where the South American States take part as every State of the Americas does."""
    for code in PROSUR_STATES:
        Participation.objects.get_or_create(directory=network.oas, state=state(code))
    return network.oas


def _build(directory, now=DEMO_DAY) -> None:
    demo_data.build(directory, now, random.Random(20260101))


def _prosur() -> WorkingGroup:
    return WorkingGroup.objects.get(name=demo_data.PROSUR_GROUP)


def test_the_prosur_group_is_coordinated_by_chile_and_published_with_its_three_sub_groups(oas):
    _build(oas)
    group = _prosur()
    assert (group.directory, group.lead_state.iso3, group.is_public) == (oas, "CHL", True)
    assert group.localized("name", "en") == "Working Group on Security and Combating Crime"
    assert [sub.lead_state.iso3 for sub in group.sub_groups.order_by("name")] == ["CHL", "PRY", "ECU"]


def test_every_sub_group_has_a_lead_a_coordinator_and_at_least_three_member_states(oas):
    _build(oas)
    for sub_group in _prosur().sub_groups.all():
        roles = dict(GroupMembership.objects.filter(group=sub_group).values_list("state__iso3", "role"))
        assert roles[sub_group.lead_state.iso3] == "leader"
        assert "coordinator" in roles.values()
        assert sum(1 for role in roles.values() if role in COUNTED) >= 3


def test_each_sub_group_s_plan_has_its_lines_of_action_in_spanish_and_english(oas):
    _build(oas)
    first = WorkPlan.objects.get(group__name__startswith="Subgrupo 1")
    lines = list(first.lines.order_by("position"))
    assert [line.localized("title", "es") for line in lines] == [
        "Coordinaciones para establecer estrategias regionales conjuntas para combatir las DOT",
        "Analizar la creación de un Centro de Cooperación Regional para el combate de la DOT",
    ]
    assert lines[0].localized("title", "en").startswith("Coordination to set joint regional strategies")
    assert (first.localized("title", "es"), first.localized("title", "en")) == (
        "Plan de Trabajo 2026",
        "Work plan 2026",
    )
    assert LineOfAction.objects.filter(plan__group__parent=_prosur()).count() == 2 + 3 + 5
    assert all({"es", "en"} <= set(line.texts("title")) for line in LineOfAction.objects.all())


def test_the_plan_keeps_the_deadlines_as_the_leaders_wrote_them(oas):
    _build(oas)
    written = set(Product.objects.filter(plan__group__isnull=False).values_list("deadline_text", flat=True))
    assert written == {
        "Primer bimestre 2026",
        "Cuarto bimestre 2025",
        "Cuarto bimestre 2025 Primer bimestre 2026",
        "Segundo semestre 2025",
        "Oct – dic. 2025",
        "Por definir.",
    }
    product = Product.objects.get(deadline_text="Cuarto bimestre 2025")
    assert (product.due_from, product.due_until) == (date(2025, 7, 1), date(2025, 8, 31))


@pytest.mark.parametrize(
    "now",
    [datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC), DEMO_DAY, datetime(2027, 8, 31, tzinfo=UTC)],
)
def test_whatever_day_the_demo_is_built_some_products_are_done_some_under_way_and_some_late(oas, now):
    _build(oas, now)
    today = now.date()
    products = Product.objects.filter(plan__group__parent=_prosur())
    assert products.filter(status=ProductStatus.DONE).exists()
    assert products.open().filter(status=ProductStatus.UNDER_WAY, due_until__gte=today).exists()
    assert products.late(today).exists()


def test_some_products_wait_for_others_and_the_network_s_manager_reported_progress(oas, network):
    _build(oas)
    protocol = Product.objects.get(title__startswith="Borrador de protocolo regional")
    assert [other.title for other in protocol.depends_on.all()] == [
        Product.objects.get(title__startswith="Diagnóstico regional").title
    ]
    assert ProductDependency.objects.count() >= 2
    updates = ProgressUpdate.objects.filter(product__plan__group__parent=_prosur())
    assert updates.count() >= 3
    assert set(updates.values_list("author", flat=True)) == {network.manager.pk}
    assert all(update.on <= DEMO_DAY.date() for update in updates)


def test_the_cicte_plan_has_its_programmes_as_lines_with_their_purposes_and_its_approval(oas):
    _build(oas)
    plan = WorkPlan.objects.get(title=demo_data.CICTE_PLAN, group=None)
    assert (plan.approved_on, plan.approval_meeting) == (date(2023, 5, 18), "CICTE, cuarta sesión plenaria")
    assert plan.approval_document.endswith("CICTE01642S01")
    programmes = list(plan.lines.order_by("position"))
    assert len(programmes) == 10
    assert (programmes[0].localized("title", "es"), programmes[0].localized("title", "en")) == (
        "Ciberseguridad",
        "Cybersecurity",
    )
    assert programmes[-1].localized("purpose", "en").startswith("To facilitate the timely exchange of information")
    assert plan.products.count() == 74
    assert set(plan.products.values_list("deadline_text", flat=True)) == {"2023-2024"}


def test_building_the_demo_again_creates_nothing_new(oas):
    models = [WorkingGroup, GroupMembership, WorkPlan, LineOfAction, Product, ProductDependency, ProgressUpdate]
    _build(oas)
    counts = [model.objects.count() for model in models]
    assert demo_data.is_built()
    _build(oas)
    assert [model.objects.count() for model in models] == counts
