"""A plan exported as CSV or XLSX imports back to the same plan; an import is checked first (a dry run naming
every bad cell) and applied all or nothing; no cell of the file runs as a formula."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from working_groups import exchange, services
from working_groups.models import LineOfAction, Product, ProgressUpdate, WorkPlan
from working_groups.tests.plans import new_plan, security_network


def _empty_plan(directory) -> WorkPlan:
    return WorkPlan.objects.create(
        directory=directory, title="Copy", period_start=date(2031, 1, 1), period_end=date(2031, 12, 31)
    )


def _plan_with_dependency(prosur) -> WorkPlan:
    plan = new_plan(prosur.directory, products=5, responsible=[prosur.mexico, prosur.chile])
    first, second = Product.objects.filter(plan=plan).in_plan_order()[:2]
    services.set_dependencies(second, [first])
    first.title = '=HYPERLINK("https://example.org")'
    first.save()
    return plan


@pytest.mark.parametrize("write", [exchange.to_csv, exchange.to_xlsx])
def test_export_then_import_gives_the_same_plan(network, write):
    prosur = security_network(network)
    plan = _plan_with_dependency(prosur)
    copy = _empty_plan(prosur.directory)

    report = exchange.apply(copy, write(plan))

    assert report.is_valid, report.errors
    assert exchange.plan_rows(copy) == exchange.plan_rows(plan)


def test_no_exported_cell_runs_as_a_formula(network):
    plan = _plan_with_dependency(security_network(network))

    assert "\"'=HYPERLINK(" in exchange.to_csv(plan).decode("utf-8-sig")


def test_the_dry_run_names_every_bad_cell_and_writes_nothing(network):
    prosur = security_network(network)
    plan = _empty_plan(prosur.directory)
    csv = (
        b"line,line_title,position,title,kind,responsible,deadline,from,until,status,depends_on\n"
        b"1,Capacity,1,Course,product,MEX,Q3 2031,,,under_way,\n"
        b"1,Capacity,x,Manual,gadget,KEN,whenever,,,finished,9.9\n"
    )

    report = exchange.check(plan, csv)
    applied = exchange.apply(plan, csv)

    assert len(report.errors) == 6
    joined = " ".join(report.errors)
    for column in ("position", "kind", "responsible", "deadline", "status", "depends_on"):
        assert f"“{column}”" in joined
    assert "Row 3" in joined
    assert not applied.is_valid
    assert not LineOfAction.objects.filter(plan=plan).exists()


def test_an_import_keeps_the_progress_of_the_products_it_changes(network):
    prosur = security_network(network)
    plan = new_plan(prosur.directory, products=2)
    first = Product.objects.filter(plan=plan).in_plan_order().first()
    services.report_progress(first, author=prosur.manager, text="Started")
    rows = exchange.to_csv(plan).decode("utf-8-sig").replace("Product 1", "Product one")

    assert exchange.apply(plan, rows.encode()).is_valid

    first.refresh_from_db()
    assert first.title == "Product one"
    assert ProgressUpdate.objects.filter(product=first).count() == 1


def test_the_manager_imports_a_spreadsheet_after_a_dry_run(network, client):
    prosur = security_network(network)
    source = _plan_with_dependency(prosur)
    plan = _empty_plan(prosur.directory)
    client.force_login(prosur.manager)
    url = reverse("working_groups:plan_import", args=[plan.code])
    upload = SimpleUploadedFile("plan.xlsx", exchange.to_xlsx(source))

    checked = client.post(url, {"upload": upload})

    assert 'id="import-summary"' in checked.content.decode()
    assert not Product.objects.filter(plan=plan).exists()
    applied = client.post(url, {"apply": "1"})
    assert applied.status_code == 302
    assert exchange.plan_rows(plan) == exchange.plan_rows(source)
