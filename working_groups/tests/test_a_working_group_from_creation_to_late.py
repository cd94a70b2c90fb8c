"""A working group from its creation to a late product, end to end.

The manager creates PROSUR's cyber group through its form (Chile leading, four more States, the directory's rule
asking for five: with four the form names the minimum), creates its plan and imports the plan's lines and products
from a spreadsheet of the export's columns, seeing the dry run before confirming. Chile's point of contact reports
progress with a file on a product Chile is responsible for and shares a document in the group's space; Uruguay's
downloads the same bytes, and Bolivia, in the directory but not in the group, sees none of it. The timeline, its
table and "Work due" tell the truth as the clock moves: not late before the last day, nor on it; late the day after;
gone from the late list once reported done.
"""

import contextlib
import io
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from accounts.models import Role, RoleAssignment
from enlace.testing.browser import new_context, sign_in
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    UserFactory,
    coordinator_of,
    enrol_totp,
    point_of_contact,
    state,
)
from repository.pdf import make_pdf
from working_groups.choices import GroupRole, ProductStatus
from working_groups.exchange import COLUMNS
from working_groups.models import GroupMembership, GroupRules, Product, ProgressUpdate, WorkingGroup, WorkPlan
from working_groups.space_models import GroupDocument
from working_groups.tests.space import media

__all__ = ["media"]

# The group's States and their roles; Bolivia takes part in the directory but not in the group.
ROLES = {
    "CHL": GroupRole.LEADER,
    "ARG": GroupRole.COORDINATOR,
    "URY": GroupRole.MEMBER,
    "PRY": GroupRole.MEMBER,
    "ECU": GroupRole.MEMBER,
}
LATE_RED = "#dc3545"
DONE_GREEN = "#198754"
UNDER_WAY_BLUE = "#0d6efd"


@contextlib.contextmanager
def clock_at(moment: datetime):
    """Time moves for the product (its pages read ``timezone.now``) rather than the test sleeping."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


@pytest.fixture
def prosur(live_server, settings, media):
    """PROSUR: six States, a rule of five member States per group, its manager (with an authenticator), a point of
    contact in Chile and Uruguay, and Bolivia's national coordinator."""
    settings.SITE_URL = live_server.url
    settings.MFA_TOTP_TOLERANCE = 1
    states = {iso3: state(iso3) for iso3 in [*ROLES, "BOL"]}
    directory = DirectoryFactory(slug="prosur", name="PROSUR", states=list(states.values()))
    GroupRules.objects.create(directory=directory, minimum_member_states=5)
    manager = UserFactory(name="Secretaría PROSUR", email="manager@prosur.example.org")
    RoleAssignment.objects.create(user=manager, role=Role.MANAGER, directory=directory)

    def desk(iso3: str):
        contact = ContactFactory(institution=InstitutionFactory(state=states[iso3]), name=f"Desk {iso3}")
        return point_of_contact(contact, email=f"desk@{iso3.lower()}.example.org", name=f"Desk {iso3}")

    return {
        "directory": directory,
        "states": states,
        "manager": manager,
        "secret": enrol_totp(manager),
        "chile": desk("CHL"),
        "uruguay": desk("URY"),
        "bolivia": coordinator_of(states["BOL"], email="coord@bo.example.org"),
    }


def plan_workbook(today: date) -> bytes:
    """The plan as a manager writes it in a spreadsheet, with the columns of the app's export."""
    next_year = today.year + 1
    rows = [
        ["1", "Incident response", "1", "Regional incident taxonomy", "product", "CHL", "Before the plenary",
         (today - timedelta(days=30)).isoformat(), (today + timedelta(days=10)).isoformat(), "under_way", ""],
        ["1", "Incident response", "2", "Joint CSIRT exercise", "activity", "ARG URY", str(next_year),
         "", "", "not_started", "1.1"],
        ["2", "Capacity building", "1", "Cyber hygiene workshop", "activity", "PRY ECU", "Already held",
         (today - timedelta(days=60)).isoformat(), (today - timedelta(days=5)).isoformat(), "done", ""],
        ["2", "Capacity building", "2", "Guide for national strategies", "product", "CHL ECU",
         f"second half of {next_year}", "", "", "not_started", ""],
    ]  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _create_the_group(page, prosur) -> WorkingGroup:
    """The manager fills the group's form: with four States the rule of five is named; with the fifth it saves."""
    states = prosur["states"]
    page.goto(reverse("working_groups:list", args=[prosur["directory"].slug]))
    page.get_by_role("link", name="New working group").click()
    page.get_by_label("Name (English)", exact=True).fill("Cyber security working group")
    page.get_by_label("Purpose (English)", exact=True).fill("Regional cooperation on incident response.")
    page.locator("[name=lead_state]").select_option(label=states["CHL"].name)
    for iso3, role in ROLES.items():
        if iso3 != "ECU":
            page.locator(f"[name=role_{states[iso3].pk}]").select_option(role)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("needs at least 5 member States (observers aside); it has 4.")
    assert not WorkingGroup.objects.exists()

    page.locator(f"[name=role_{states['ECU'].pk}]").select_option(GroupRole.MEMBER)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The working group was saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cyber security working group")
    group = WorkingGroup.objects.get()
    assert group.lead_state == states["CHL"]
    assert dict(GroupMembership.objects.filter(group=group).values_list("state__iso3", "role")) == ROLES
    members = page.locator("#members")
    for iso3, role in ROLES.items():
        expect(members.get_by_role("row", name=states[iso3].name)).to_contain_text(str(GroupRole(role).label))
    return group


def _create_and_import_the_plan(page, group: WorkingGroup, today: date) -> WorkPlan:
    """From the group's page: a new plan, then its lines and products from the spreadsheet, checked first."""
    page.get_by_role("link", name="New work plan").click()
    page.get_by_label("Title (English)", exact=True).fill("Cyber work plan")
    page.locator("[name=period_start]").fill((today - timedelta(days=90)).isoformat())
    page.locator("[name=period_end]").fill(date(today.year + 1, 12, 31).isoformat())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The work plan was saved.")).to_be_visible()
    plan = WorkPlan.objects.get()
    assert plan.group == group
    expect(page.locator("#plan-table")).to_contain_text("The plan has no product yet.")

    page.get_by_role("link", name="Import the work plan").click()
    page.locator("input[name=upload]").set_input_files(
        {
            "name": "cyber-plan.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": plan_workbook(today),
        }
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-summary")).to_contain_text(
        "The file is correct: 4 product(s) added, 0 updated, 0 removed."
    )
    # The dry run wrote nothing.
    assert not Product.objects.filter(plan=plan).exists()
    page.get_by_role("button", name="Apply the import").click()
    expect(page.get_by_text("The work plan was imported.")).to_be_visible()

    table = page.locator("#plan-table")
    for title, responsible, status in (
        ("Regional incident taxonomy", "Chile", "Under way"),
        ("Joint CSIRT exercise", "Argentina, Uruguay", "Not started"),
        ("Cyber hygiene workshop", "Ecuador, Paraguay", "Done"),
        ("Guide for national strategies", "Chile, Ecuador", "Not started"),
    ):
        expect(table.get_by_role("row", name=re.compile(title))).to_contain_text(responsible)
        expect(table.get_by_role("row", name=re.compile(title))).to_contain_text(status)
    exercise = Product.objects.get(plan=plan, title="Joint CSIRT exercise")
    assert (exercise.due_from, exercise.due_until) == (date(today.year + 1, 1, 1), date(today.year + 1, 12, 31))
    assert [other.title for other in exercise.depends_on.all()] == ["Regional incident taxonomy"]
    return plan


def _report_progress_and_share(page, taxonomy: Product, group: WorkingGroup, progress_pdf: bytes, doc_pdf: bytes):
    """Chile's point of contact reports progress on its product, with a file, and shares a document."""
    page.goto(taxonomy.get_absolute_url())
    page.locator("#id_text").fill("First draft circulated to the members.")
    page.locator("#id_status").select_option(ProductStatus.UNDER_WAY)
    page.locator("input[name=upload]").set_input_files(
        {"name": "draft.pdf", "mimeType": "application/pdf", "buffer": progress_pdf}
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("The progress update was saved.")).to_be_visible()
    expect(page.locator("#updates")).to_contain_text("First draft circulated to the members.")
    expect(page.locator("#updates").get_by_role("link", name="Attachment")).to_be_visible()

    page.goto(group.get_absolute_url())
    page.get_by_role("link", name="Documents of the group").click()
    page.get_by_role("link", name="Share a document").click()
    page.locator("#id_title").fill("Taxonomy draft")
    page.locator("#id_language").select_option("es")
    page.locator("#id_description").fill("For comments before the plenary")
    page.locator("input[name=upload]").set_input_files(
        {"name": "taxonomy.pdf", "mimeType": "application/pdf", "buffer": doc_pdf}
    )
    page.get_by_role("button", name="Share", exact=True).click()
    expect(page.get_by_text("The document was shared with the group.")).to_be_visible()
    expect(page.locator("#documents")).to_contain_text("Taxonomy draft")


def _read_timeline_and_due_before_the_deadline(page, plan: WorkPlan, taxonomy: Product) -> None:
    """Ten days before its last day the taxonomy is due soon, not late, in the timeline, its table and Work due."""
    page.goto(plan.get_absolute_url())
    page.get_by_role("link", name="Timeline").click()
    bar = page.locator(f'#timeline g.bar[data-code="{taxonomy.code}"] rect')
    expect(bar).to_have_attribute("fill", UNDER_WAY_BLUE)
    expect(page.locator(f'#timeline-table tr[data-code="{taxonomy.code}"]')).to_contain_text("Under way")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Work due").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work due")
    expect(page.locator("#late")).to_contain_text("Nothing.")
    expect(page.locator("#due-soon")).to_contain_text("Regional incident taxonomy")


def _timeline_says(client: Client, plan: WorkPlan, product: Product) -> tuple[str, str]:
    """The bar's colour and the table's status of ``product`` on the timeline page."""
    html = client.get(reverse("working_groups:plan_timeline", args=[plan.code])).content.decode()
    fill = re.search(rf'<g class="bar" data-code="{product.code}".*?<rect [^>]*fill="([^"]+)"', html, re.S).group(1)
    row = re.search(rf'<tr data-code="{product.code}">(.*?)</tr>', html, re.S).group(1)
    return fill, re.findall(r"<td>([^<]*)</td>", row)[-1]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _late_list(client: Client) -> str:
    html = client.get(reverse("working_groups:due")).content.decode()
    return html.split('id="late"', 1)[1].split("</table>", 1)[0]


def _worked_on(browser, live_server, prosur, group: WorkingGroup, plan: WorkPlan) -> Product:
    """Chile's point of contact reports progress and shares a document; Uruguay's downloads the same bytes;
    Bolivia's coordinator sees none of the group's space."""
    chilean = prosur["chile"]
    taxonomy = Product.objects.get(plan=plan, title="Regional incident taxonomy")

    progress_pdf = make_pdf(["Regional incident taxonomy: first draft"])
    doc_pdf = make_pdf(["Taxonomy draft for comments"])
    context = new_context(browser, live_server.url)
    try:
        page = context.new_page()
        sign_in(page, chilean)
        _report_progress_and_share(page, taxonomy, group, progress_pdf, doc_pdf)
    finally:
        context.close()
    update = ProgressUpdate.objects.get(product=taxonomy)
    assert (update.author, update.file_type) == (chilean, "pdf")
    document = GroupDocument.objects.get(group=group)
    assert (document.title, document.language, document.uploaded_by) == ("Taxonomy draft", "es", chilean)

    # Another member State's point of contact downloads exactly what was sent.
    uruguayan = signed_in(prosur["uruguay"])
    download = uruguayan.get(reverse("working_groups:document_file", args=[document.code]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == doc_pdf
    attachment = uruguayan.get(reverse("working_groups:progress_file", args=[update.code]))
    assert b"".join(attachment.streaming_content) == progress_pdf

    # Bolivia's coordinator, in the directory but not in the group, sees neither the group nor its documents.
    bolivian = signed_in(prosur["bolivia"])
    assert bolivian.get(group.get_absolute_url()).status_code == 404
    assert bolivian.get(reverse("working_groups:documents", args=[group.code])).status_code == 404
    assert bolivian.get(reverse("working_groups:document_file", args=[document.code])).status_code == 404
    assert bolivian.get(plan.get_absolute_url()).status_code == 404

    return taxonomy


@pytest.mark.browser
def test_a_group_is_created_its_plan_imported_worked_on_and_its_late_product_shown_as_the_clock_moves(
    browser, live_server, prosur
):
    today = timezone.localdate()
    manager, chilean = prosur["manager"], prosur["chile"]
    # The manager's desk stays open, signed in once, until the clock moves.
    desk = new_context(browser, live_server.url)
    manager_page = desk.new_page()
    try:
        sign_in(manager_page, manager, prosur["secret"])
        group = _create_the_group(manager_page, prosur)
        plan = _create_and_import_the_plan(manager_page, group, today)
        taxonomy = _worked_on(browser, live_server, prosur, group, plan)
        # Today, ten days before its last day.
        _read_timeline_and_due_before_the_deadline(manager_page, plan, taxonomy)
    finally:
        desk.close()
    last_day = taxonomy.due_until
    assert last_day == today + timedelta(days=10)
    workshop = Product.objects.get(plan=plan, title="Cyber hygiene workshop")
    # On its last day it is still not late. (Sessions begin on the day read: one begun today would have expired.)
    with clock_at(noon(last_day)):
        manager_client = signed_in(manager)
        assert _timeline_says(manager_client, plan, taxonomy)[1] == "Under way"
        assert "Regional incident taxonomy" not in _late_list(manager_client)
    # The day after its last day it is late, in red on the timeline and in the late list; the workshop, past but
    # done, is not.
    with clock_at(noon(last_day + timedelta(days=1))):
        manager_client = signed_in(manager)
        assert _timeline_says(manager_client, plan, taxonomy) == (LATE_RED, "Late")
        assert _timeline_says(manager_client, plan, workshop) == (DONE_GREEN, "Done")
        late = _late_list(manager_client)
        assert "Regional incident taxonomy" in late
        assert "Cyber hygiene workshop" not in late

        # Chile's point of contact reports it done: it leaves the late list and shows as done.
        reported = signed_in(chilean).post(
            reverse("working_groups:progress", args=[taxonomy.code]),
            {"on": (last_day + timedelta(days=1)).isoformat(), "text": "Adopted.", "status": ProductStatus.DONE},
        )
        assert reported.status_code == 302
        assert "Regional incident taxonomy" not in _late_list(manager_client)
        assert _timeline_says(manager_client, plan, taxonomy) == (DONE_GREEN, "Done")
    taxonomy.refresh_from_db()
    assert taxonomy.status == ProductStatus.DONE
