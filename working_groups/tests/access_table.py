"""Who may open the working groups' pages, role by role: this app's rows of the access table, and the records of
the test world they need (``add_to_world``)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from access.tests.access_cases import D1_READERS, Case
from enlace.testing.world import World
from repository.pdf import make_pdf
from working_groups import discussion, services
from working_groups.choices import GroupRole, ProductStatus
from working_groups.models import (
    DiscussionPost,
    GroupRules,
    LineOfAction,
    Product,
    ProgressUpdate,
    WorkingGroup,
    WorkPlan,
)
from working_groups.tests import space_access

MANAGER_D1 = frozenset({"manager_d1"})
# Those who follow work due: managers (of their directories) and coordinators (of their States).
FOLLOWERS = frozenset({"coord_a", "coord_c", "manager_d1", "manager_d2"})
# Who may remove the post poc_a wrote in A and B's group: its author and the directory's manager.
POST_REMOVERS = frozenset({"poc_a", "manager_d1"})
# A's group and plan: both D1 States are members; A coordinates it and is responsible for its product.
A_REPORTERS = frozenset({"poc_a", "coord_a", "manager_d1"})
# B's own group (published to D1), whose plan only B's people and D1's manager see.
B_PLAN_READERS = frozenset({"poc_b", "manager_d1"})


def add_to_world(world: World) -> dict:
    """D1 lets a group have one State; a private group of A (coordinating) and B with a plan whose product A
    delivers (with a progress file), and a published group of B alone with its own plan."""
    a, b, d1 = world.a, world.b, world.d1
    GroupRules.objects.create(directory=d1, minimum_member_states=1)
    today = timezone.localdate()

    def group(name: str, members: dict, *, public: bool) -> WorkingGroup:
        return services.save_group(
            WorkingGroup(
                directory=d1, name=name, purpose="Purpose Alpha", lead_state=next(iter(members)), is_public=public
            ),
            members,
        )

    def plan(group: WorkingGroup, title: str, state) -> tuple[WorkPlan, Product]:
        work_plan = WorkPlan.objects.create(
            directory=d1, group=group, title=title, period_start=today, period_end=today + timedelta(days=365)
        )
        line = LineOfAction.objects.create(plan=work_plan, position=1, title="Line Alpha")
        product = services.save_product(
            Product(
                line=line,
                position=1,
                title=f"Product of {title}",
                deadline_text="Soon Alpha",
                due_from=today,
                due_until=today + timedelta(days=10),
                status=ProductStatus.UNDER_WAY,
            ),
            responsible=[state],
        )
        return work_plan, product

    group_ab = group("Group Alpha Bravo", {a: GroupRole.COORDINATOR, b: GroupRole.MEMBER}, public=False)
    group_b = group("Group Bravo Own", {b: GroupRole.COORDINATOR}, public=True)
    plan_ab, product_ab = plan(group_ab, "Plan Alpha", a)
    plan_b, product_b = plan(group_b, "Plan Bravo", b)
    update = ProgressUpdate(product=product_ab, on=today, text="Drafted Alpha", file_type="pdf")
    update.attachment.save("report.pdf", ContentFile(make_pdf(["Report Alpha"])), save=False)
    update.save()
    post_ab = discussion.write_post(author=world.users["poc_a"], text="Hello Alpha Bravo", group=group_ab)
    discussion.write_post(author=world.users["coord_a"], text="About the product Alpha", product=product_ab)
    records = {
        "post_ab": post_ab,
        "group_ab": group_ab,
        "group_b": group_b,
        "plan_ab": plan_ab,
        "plan_b": plan_b,
        "product_ab": product_ab,
        "product_b": product_b,
        "progress_ab": update,
    }
    return {**records, **space_access.add_space(world, records)}


def _code(name: str):
    return lambda world: {"code": getattr(world, name).code}


def _slug(world) -> dict:
    return {"slug": world.d1.slug}


def _group_form(world) -> dict:
    return {
        "original_language": "en",
        "name_en": "Group Charlie New",
        "status": "active",
        f"role_{world.a.pk}": "leader",
    }


def _plan_form(world) -> dict:
    return {"original_language": "en", "title_en": "Plan New", "period_start": "2031-01-01", "period_end": "2031-12-31"}


def _product_form(world) -> dict:
    return {
        "line": world.plan_ab.lines.get().pk,
        "position": "2",
        "title": "Product New",
        "kind": "product",
        "deadline_text": "Q3 2031",
        "status": "not_started",
        "responsible_states": [world.a.pk],
    }


def _progress_form(world) -> dict:
    return {"on": "2031-01-05", "text": "Progress made", "status": "under_way"}


ROWS = {
    "working_groups:list": [Case(D1_READERS, _slug)],
    "working_groups:group_new": [
        Case(MANAGER_D1, _slug),
        Case(MANAGER_D1, _slug, method="POST", data=_group_form),
    ],
    "working_groups:plan_new": [
        Case(MANAGER_D1, _slug),
        Case(MANAGER_D1, _slug, method="POST", data=_plan_form),
    ],
    "working_groups:group": [
        Case(D1_READERS, _code("group_ab"), note="a private group of both D1 States"),
        Case(D1_READERS, _code("group_b"), note="B's group, published to D1"),
    ],
    "working_groups:group_edit": [
        Case(MANAGER_D1, _code("group_ab")),
        Case(MANAGER_D1, _code("group_ab"), method="POST", data=_group_form),
    ],
    "working_groups:due": [Case(FOLLOWERS)],
    "working_groups:plan": [
        Case(D1_READERS, _code("plan_ab")),
        Case(B_PLAN_READERS, _code("plan_b"), note="a group's plan is its members' only"),
    ],
    "working_groups:plan_edit": [
        Case(MANAGER_D1, _code("plan_ab")),
        Case(MANAGER_D1, _code("plan_ab"), method="POST", data=_plan_form),
    ],
    "working_groups:plan_print": [Case(D1_READERS, _code("plan_ab")), Case(B_PLAN_READERS, _code("plan_b"))],
    "working_groups:plan_timeline": [Case(D1_READERS, _code("plan_ab")), Case(B_PLAN_READERS, _code("plan_b"))],
    "working_groups:plan_export": [
        Case(D1_READERS, lambda w: {"code": w.plan_ab.code, "file_format": "csv"}),
        Case(D1_READERS, lambda w: {"code": w.plan_ab.code, "file_format": "xlsx"}),
        Case(B_PLAN_READERS, lambda w: {"code": w.plan_b.code, "file_format": "csv"}),
    ],
    "working_groups:plan_import": [
        Case(MANAGER_D1, _code("plan_ab")),
        Case(MANAGER_D1, _code("plan_ab"), method="POST", note="no file: the form asks for one"),
    ],
    "working_groups:line_new": [
        Case(MANAGER_D1, _code("plan_ab")),
        Case(
            MANAGER_D1,
            _code("plan_ab"),
            method="POST",
            data=lambda w: {"position": "2", "original_language": "en", "title_en": "Line New"},
        ),
    ],
    "working_groups:product_new": [
        Case(MANAGER_D1, _code("plan_ab")),
        Case(MANAGER_D1, _code("plan_ab"), method="POST", data=_product_form),
    ],
    "working_groups:product": [Case(D1_READERS, _code("product_ab")), Case(B_PLAN_READERS, _code("product_b"))],
    "working_groups:product_edit": [
        Case(MANAGER_D1, _code("product_ab")),
        Case(MANAGER_D1, _code("product_ab"), method="POST", data=_product_form),
    ],
    "working_groups:progress": [
        Case(A_REPORTERS, _code("product_ab"), method="POST", data=_progress_form, note="A is responsible"),
    ],
    "working_groups:progress_file": [Case(D1_READERS, _code("progress_ab"))],
    # The discussion: the group's space (A and B's people, D1's manager); B's own group is B's.
    "working_groups:group_discussion": [
        Case(D1_READERS, _code("group_ab")),
        Case(B_PLAN_READERS, _code("group_b"), note="a published group's discussion is still its members' only"),
        Case(D1_READERS, _code("group_ab"), method="POST", data=lambda w: {"text": "Posted Alpha"}),
    ],
    "working_groups:product_discussion": [
        Case(D1_READERS, _code("product_ab")),
        Case(B_PLAN_READERS, _code("product_b")),
        Case(D1_READERS, _code("product_ab"), method="POST", data=lambda w: {"text": "Posted Alpha"}),
    ],
    "working_groups:discussion_settings": [
        Case(D1_READERS, _code("group_ab")),
        Case(D1_READERS, _code("group_ab"), method="POST", data=lambda w: {"notify": "daily_digest"}),
        Case(B_PLAN_READERS, _code("group_b")),
    ],
    "working_groups:post_edit": [
        Case(frozenset({"poc_a"}), _code("post_ab"), note="its author only (for a short while, else sent back)"),
        Case(frozenset({"poc_a"}), _code("post_ab"), method="POST", data=lambda w: {"text": "Corrected Alpha"}),
    ],
    "working_groups:post_delete": [Case(POST_REMOVERS, _code("post_ab"), method="POST")],
    # The group's space: its documents and meetings.
    **space_access.ROWS,
}

# The working groups' key pages, which the accessibility and every-language tests open for each role.
KEY_PAGES = {
    "poc_a": [
        ("working_groups:list", lambda w: {"slug": w.d1.slug}),
        ("working_groups:group", lambda w: {"code": w.group_ab.code}),
        ("working_groups:plan", lambda w: {"code": w.plan_ab.code}),
        ("working_groups:product", lambda w: {"code": w.product_ab.code}),
        ("working_groups:group_discussion", lambda w: {"code": w.group_ab.code}),
        ("working_groups:discussion_settings", lambda w: {"code": w.group_ab.code}),
    ],
    "coord_a": [("working_groups:due", lambda w: {})],
    "manager_d1": [
        ("working_groups:list", lambda w: {"slug": w.d1.slug}),
        ("working_groups:group_new", lambda w: {"slug": w.d1.slug}),
        ("working_groups:group_edit", lambda w: {"code": w.group_ab.code}),
        ("working_groups:plan", lambda w: {"code": w.plan_ab.code}),
        ("working_groups:plan_timeline", lambda w: {"code": w.plan_ab.code}),
        ("working_groups:line_new", lambda w: {"code": w.plan_ab.code}),
        ("working_groups:product_new", lambda w: {"code": w.plan_ab.code}),
        ("working_groups:plan_import", lambda w: {"code": w.plan_ab.code}),
        ("working_groups:due", lambda w: {}),
        ("working_groups:product_discussion", lambda w: {"code": w.product_ab.code}),
    ],
}
for _role, _pages in space_access.KEY_PAGES.items():
    KEY_PAGES[_role] = [*KEY_PAGES.get(_role, []), *_pages]


def names_people_wrote() -> list[str]:
    """What the groups' writers wrote in the test world (names, purposes, plans, products): data, not interface
    text."""
    return [
        *WorkingGroup.objects.values_list("name", flat=True),
        *WorkingGroup.objects.values_list("purpose", flat=True),
        *WorkPlan.objects.values_list("title", flat=True),
        *LineOfAction.objects.values_list("title", flat=True),
        *Product.objects.values_list("title", flat=True),
        *Product.objects.values_list("deadline_text", flat=True),
        *ProgressUpdate.objects.values_list("text", flat=True),
        *DiscussionPost.objects.values_list("text", flat=True),
        *space_access.names_people_wrote(),
    ]
