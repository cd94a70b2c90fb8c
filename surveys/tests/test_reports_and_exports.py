"""The pages and files of a survey's results: the live response rate, the closed survey's report (its readers,
its charts, its silence under five answers), and the answers exported as each reader may see them."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from access.principal import principal_of
from directory.choices import RoleKind
from enlace.testing.factories import ContactFactory, InstitutionFactory, NominationFactory, point_of_contact
from surveys import services
from surveys.choices import Anonymity, ReportAudience, RespondentKind
from surveys.tests.questionnaire import build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def _people(network, count: int) -> list:
    """Points of contact of Mexico nominated in the OAS network, with accounts."""
    people = []
    for number in range(count):
        desk = ContactFactory(institution=InstitutionFactory(state=network.mexico), name=f"Analyst {number}")
        NominationFactory(directory=network.oas, contact=desk, role=network.oas.roles.get(kind=RoleKind.TECHNICAL))
        people.append(point_of_contact(desk, email=f"analyst{number}@mex.example.org", name=f"Analyst {number}"))
    return people


def _answered_survey(network, people, *, anonymity=Anonymity.CONFIDENTIAL, texts=None):
    survey = new_survey(network.oas, respondent_kind=RespondentKind.PER_PERSON, anonymity=anonymity)
    for number, person in enumerate(people):
        text = (texts or {}).get(number, f"Remark {number}")
        kept = {"q1": ("c2", ""), "q3": (text, "")}
        services.save_answers(survey, principal_of(person), person, kept, submit=True)
    return survey


def _closed(survey, audience=ReportAudience.NOBODY):
    services.close_survey(survey)
    services.publish_report(survey, audience)
    survey.refresh_from_db()
    return survey


def _csv_rows(page) -> list[list[str]]:
    return list(csv.reader(io.StringIO(page.content.decode())))


def test_the_manager_reads_the_closed_survey_s_report_with_charts_and_no_names(respondents, client):
    people = _people(respondents.network, 5)
    survey = _closed(_answered_survey(respondents.network, people))
    client.force_login(respondents.network.manager)
    page = client.get(reverse("surveys:report", args=[survey.code])).content.decode()
    assert "<svg" in page and 'data-code="c2" data-count="5"' in page
    assert "Remark 0" in page and "Remark 4" in page
    assert "Analyst" not in page


def test_a_report_of_fewer_than_five_answers_shows_no_figure(respondents, client):
    survey = _closed(_answered_survey(respondents.network, _people(respondents.network, 4)))
    client.force_login(respondents.network.manager)
    page = client.get(reverse("surveys:report", args=[survey.code])).content.decode()
    assert 'id="report-too-few"' in page and "<svg" not in page and "Remark 0" not in page


def test_a_participant_reads_the_report_once_it_is_published_to_the_participants(respondents, client):
    people = _people(respondents.network, 5)
    survey = _closed(_answered_survey(respondents.network, people))
    client.force_login(people[0])
    assert client.get(reverse("surveys:report", args=[survey.code])).status_code == 403
    services.publish_report(survey, ReportAudience.PARTICIPANTS)
    assert client.get(reverse("surveys:report", args=[survey.code])).status_code == 200


def test_a_report_is_published_only_once_the_survey_is_closed(respondents):
    survey = new_survey(respondents.network.oas)
    with pytest.raises(services.NotAllowedNow):
        services.publish_report(survey, ReportAudience.PUBLIC)


def test_the_public_page_shows_a_report_published_to_the_public_without_names(respondents, client):
    network = respondents.network
    network.oas.is_listed_publicly = True
    network.oas.save(update_fields=["is_listed_publicly"])
    survey = _closed(_answered_survey(network, _people(network, 5)))
    address = reverse("surveys:public_report", args=[network.oas.slug, survey.code])
    assert client.get(address).status_code == 404
    services.publish_report(survey, ReportAudience.PUBLIC)
    listing = client.get(reverse("surveys:public_reports", args=[network.oas.slug])).content.decode()
    assert address in listing
    page = client.get(address).content.decode()
    assert "<svg" in page and "Analyst" not in page


def test_the_directory_s_public_page_links_to_its_survey_reports_only_while_one_is_published(respondents, client):
    network = respondents.network
    network.oas.is_listed_publicly = True
    network.oas.save(update_fields=["is_listed_publicly"])
    survey = _closed(_answered_survey(network, _people(network, 5)))
    reports = reverse("surveys:public_reports", args=[network.oas.slug])
    assert reports not in client.get(reverse("directory:public", args=[network.oas.slug])).content.decode()
    services.publish_report(survey, ReportAudience.PUBLIC)
    assert reports in client.get(reverse("directory:public", args=[network.oas.slug])).content.decode()


def test_the_live_rate_counts_who_has_answered_per_state_and_region(respondents, client):
    network = respondents.network
    survey = new_survey(network.oas)
    services.save_answers(
        survey, principal_of(network.coordinator_mex), network.coordinator_mex, {"q1": ("c2", "")}, submit=True
    )
    client.force_login(network.manager)
    page = client.get(reverse("surveys:results", args=[survey.code])).content.decode()
    from surveys.results import response_rates

    rates = response_rates(survey)
    assert rates.total.answered == 1 and rates.total.asked >= 2
    assert {rate.label: rate.answered for rate in rates.states}["Mexico"] == 1
    assert 'id="state-rates"' in page and 'id="region-rates"' in page


def test_an_anonymous_export_has_no_name_column_and_rows_in_the_order_of_their_content(respondents, client):
    people = _people(respondents.network, 3)
    survey = _answered_survey(
        respondents.network, people, anonymity=Anonymity.ANONYMOUS, texts={0: "zulu", 1: "alpha", 2: "mike"}
    )
    client.force_login(respondents.network.manager)
    rows = _csv_rows(client.get(reverse("surveys:answers_export", args=[survey.code, "csv"])))
    assert rows[0] == ["q1", "q2", "q3"]
    assert [row[2] for row in rows[1:]] == ["alpha", "mike", "zulu"]
    assert not any("Analyst" in cell or "example.org" in cell for row in rows for cell in row)


def test_a_confidential_export_names_each_respondent_for_the_manager(respondents, client):
    survey = _answered_survey(respondents.network, _people(respondents.network, 2))
    client.force_login(respondents.network.manager)
    rows = _csv_rows(client.get(reverse("surveys:answers_export", args=[survey.code, "csv"])))
    assert rows[0][:3] == ["Name", "E-mail", "State"]
    assert sorted(row[0] for row in rows[1:]) == ["Analyst 0", "Analyst 1"]


def test_a_coordinator_s_export_holds_only_its_state_s_answer(respondents, client):
    network = respondents.network
    survey = new_survey(network.oas)
    for coordinator in (network.coordinator_mex, network.coordinator_arg):
        services.save_answers(survey, principal_of(coordinator), coordinator, {"q1": ("c2", "")}, submit=True)
    client.force_login(network.coordinator_mex)
    rows = _csv_rows(client.get(reverse("surveys:answers_export", args=[survey.code, "csv"])))
    assert [row[0] for row in rows[1:]] == ["Mexico"]
    client.force_login(network.manager)
    rows = _csv_rows(client.get(reverse("surveys:answers_export", args=[survey.code, "csv"])))
    assert sorted(row[0] for row in rows[1:]) == ["Argentina", "Mexico"]


def test_exported_answers_cannot_run_as_formulas(respondents, client):
    survey = _answered_survey(respondents.network, _people(respondents.network, 1), texts={0: '=HYPERLINK("x")'})
    client.force_login(respondents.network.manager)
    rows = _csv_rows(client.get(reverse("surveys:answers_export", args=[survey.code, "csv"])))
    assert rows[1][-1].startswith("'=")
    content = client.get(reverse("surveys:answers_export", args=[survey.code, "xlsx"])).content
    sheet = load_workbook(io.BytesIO(content)).active
    cell = next(iter(sheet.iter_rows(min_row=2, max_row=2)))[-1]
    assert cell.data_type == "s" and not str(cell.value).startswith("=")


def test_the_manager_s_export_holds_drafts_too_with_their_status(respondents, client):
    network = respondents.network
    survey = new_survey(network.oas)
    services.save_answers(survey, principal_of(network.coordinator_mex), network.coordinator_mex, {}, submit=False)
    client.force_login(network.manager)
    rows = _csv_rows(client.get(reverse("surveys:answers_export", args=[survey.code, "csv"])))
    assert [row[:2] for row in rows[1:]] == [["Mexico", "Draft"]]
