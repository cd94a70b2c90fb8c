"""Ping test results (per round, across rounds, by role, region and State) and the anonymised report."""

import csv
import io
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from directory.choices import RoleKind
from enlace.testing import built_once
from enlace.testing.factories import (
    ContactFactory,
    DirectoryFactory,
    InstitutionFactory,
    coordinator_of,
    manager_of,
    point_of_contact,
    state,
)
from enlace.testing.queries import queries_run
from mail.models import EmailStatus, OutboundEmail
from pings import results, services
from pings.models import Channel, MessageKind, Ping, PingMessage, PingRound
from pings.tests.conftest import build_un_network
from pings.tests.rounds import TECHNICAL, closed_round, member, ping

DIPLOMATIC = (RoleKind.DIPLOMATIC,)
BOTH = (RoleKind.DIPLOMATIC, RoleKind.TECHNICAL)


def computed(directory, *rounds: PingRound, pings=None) -> results.Results:
    rounds = rounds or tuple(directory.ping_rounds.order_by("-started_at"))
    return results.results(
        rounds, pings if pings is not None else Ping.objects.all(), results.role_kinds_of(directory), with_states=True
    )


def group(groups, key: str) -> results.Group:
    return next(found for found in groups if found.key == key)


HOURS = timedelta(hours=1)
DAYS = timedelta(days=1)


@built_once(on=[build_un_network])
def crowd(network) -> PingRound:
    """A closed round of 16 pings in 11 States: the Americas (6) and Europe (7) are large enough to
    report, Africa (1) and Oceania (2) are not (built once: many tests read it)."""
    directory = network.directory
    ping_round = closed_round(directory)
    ping(ping_round, network.mexico_desk, 2 * HOURS)
    ping(ping_round, network.mexico_diplomat, 30 * HOURS, changes=True)
    ping(ping_round, network.kenya_desk)
    for iso3, kinds, after in [
        ("ARG", DIPLOMATIC, 10 * HOURS),
        ("BRA", TECHNICAL, 4 * DAYS),
        ("CAN", TECHNICAL, None),
        ("CAN", TECHNICAL, 1 * HOURS),
        ("FRA", DIPLOMATIC, 5 * HOURS),
        ("FRA", TECHNICAL, 80 * HOURS),
        ("DEU", DIPLOMATIC, 20 * HOURS),
        ("DEU", TECHNICAL, None),
        ("ITA", TECHNICAL, 3 * HOURS),
        ("ITA", TECHNICAL, 9 * DAYS),
        ("ITA", TECHNICAL, 6 * HOURS),
        ("AUS", TECHNICAL, 1 * HOURS),
        ("AUS", TECHNICAL, None),
    ]:
        ping(ping_round, member(directory, iso3, kinds), after)
    return ping_round


# --- Counting ---------------------------------------------------------------------------------


def test_a_round_counts_sent_delivered_confirmed_and_changes(network, start, background):
    ping_round = start(network.directory)
    OutboundEmail.objects.filter(to_address="desk@ke-cirt.ke.example.org").update(
        status=EmailStatus.FAILED, sent_at=None, last_error="550 No such user"
    )
    desk = Ping.objects.get(contact=network.mexico_desk)
    diplomat = Ping.objects.get(contact=network.mexico_diplomat)
    background(services.answer, desk, services.Answer(correct=True, channel=Channel.LINK, attested=True))
    background(services.answer, diplomat, services.Answer(correct=False, channel=Channel.LINK, changes="New phone"))

    total = computed(network.directory, ping_round).rounds[0].breakdown.total

    assert (total.pinged, total.sent, total.delivered) == (3, 3, 2)
    assert (total.within_72h, total.within_7d, total.by_close, total.changes) == (2, 2, 2, 1)
    assert (total.by_close_pct, total.delivered_pct, total.changes_pct) == (66.7, 66.7, 33.3)


def test_a_reminded_ping_counts_once(network, start, background):
    ping_round = start(network.directory)
    background(services.send_reminders, now=ping_round.started_at + timedelta(days=3, minutes=1))
    desk = Ping.objects.get(contact=network.mexico_desk)
    background(
        services.answer,
        desk,
        services.Answer(correct=True, channel=Channel.LINK),
        now=ping_round.started_at + timedelta(days=4),
    )
    assert PingMessage.objects.filter(kind=MessageKind.REMINDER).count() == 4  # the desk has two addresses

    total = computed(network.directory, ping_round).rounds[0].breakdown.total

    assert (total.pinged, total.sent, total.delivered, total.by_close) == (3, 3, 3, 1)


def test_answers_fall_in_the_72_hour_7_day_and_by_close_buckets(network):
    ping_round = closed_round(network.directory)
    for after in (2 * HOURS, 72 * HOURS, 73 * HOURS, 6 * DAYS, 8 * DAYS, None):
        ping(ping_round, member(network.directory, "FRA"), after)

    total = computed(network.directory, ping_round).rounds[0].breakdown.total

    assert (total.sent, total.within_72h, total.within_7d, total.by_close) == (6, 2, 4, 5)
    assert (total.within_72h_pct, total.within_7d_pct, total.by_close_pct) == (33.3, 66.7, 83.3)


def test_the_median_time_to_confirm_is_in_hours_over_answered_pings(network):
    ping_round = closed_round(network.directory)
    for after in (1 * HOURS, 3 * HOURS, 10 * HOURS, 30 * HOURS, None):
        ping(ping_round, member(network.directory, "FRA"), after)

    assert computed(network.directory, ping_round).rounds[0].breakdown.total.median_hours == 6.5


def test_an_answer_recorded_after_the_close_does_not_count_as_by_close(network):
    ping_round = closed_round(network.directory)
    ping(ping_round, network.kenya_desk, 15 * DAYS)

    total = computed(network.directory, ping_round).rounds[0].breakdown.total

    assert (total.answered, total.by_close, total.within_7d, total.median_hours) == (1, 0, 0, 360.0)


def test_a_ping_counts_in_each_role_it_covers(network, start, background):
    ping_round = start(network.directory)
    desk = Ping.objects.get(contact=network.mexico_desk)  # technical and diplomatic
    background(services.answer, desk, services.Answer(correct=True, channel=Channel.LINK))

    by_role = computed(network.directory, ping_round).rounds[0].breakdown.by_role

    assert [found.key for found in by_role] == [RoleKind.DIPLOMATIC, RoleKind.TECHNICAL]
    diplomatic, technical = (found.stats for found in by_role)
    assert (diplomatic.sent, diplomatic.by_close) == (2, 1)
    assert (technical.sent, technical.by_close) == (2, 1)


def test_pings_are_split_by_the_region_of_their_state(network):
    ping_round = closed_round(network.directory)
    ping(ping_round, network.mexico_desk, 1 * HOURS)
    ping(ping_round, network.mexico_diplomat)
    ping(ping_round, network.kenya_desk, 1 * HOURS)
    ping(ping_round, member(network.directory, "FRA"))

    by_region = computed(network.directory, ping_round).rounds[0].breakdown.by_region

    assert [(found.key, found.stats.sent, found.stats.by_close) for found in by_region] == [
        ("africa", 1, 1),
        ("americas", 2, 1),
        ("europe", 1, 0),
    ]


def test_across_rounds_counts_each_contact_once_per_round(network):
    older, newer = closed_round(network.directory, days_ago=200), closed_round(network.directory, days_ago=20)
    ping(older, network.kenya_desk, 1 * HOURS, reminders=2)
    ping(older, network.mexico_desk)
    ping(newer, network.kenya_desk, 100 * HOURS, reminders=1)

    found = computed(network.directory)

    assert [round_results.round for round_results in found.rounds] == [newer, older]
    assert (found.across.total.sent, found.across.total.within_72h, found.across.total.by_close) == (3, 1, 2)
    assert found.across.total.median_hours == 50.5


# --- The results page -------------------------------------------------------------------------


def test_the_manager_sees_every_states_results(client, network, crowd):
    client.force_login(network.manager)
    response = client.get(reverse("ping_reports:results", args=[network.directory.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["results"].across.total.sent == 16
    for name in ("Mexico", "Kenya", "Australia", "Italy"):
        assert name in page
    assert "style=" not in page


def test_a_coordinator_does_not_see_another_states_results(client, network, crowd):
    client.force_login(network.coordinator_ken)
    response = client.get(reverse("ping_reports:results", args=[network.directory.slug]))
    page = response.content.decode()
    found = response.context["results"]
    assert (found.across.total.pinged, found.rounds[0].breakdown.total.pinged) == (1, 1)
    assert [state_group.label for state_group in found.across.by_state] == ["Kenya"]
    for name in ("Mexico", "Italy", "Australia", "Mesa de Guardia", "Lucía Quiroga"):
        assert name not in page


def test_the_manager_filters_the_results_by_state(client, network, crowd):
    client.force_login(network.manager)
    response = client.get(reverse("ping_reports:results", args=[network.directory.slug]), {"state": "ITA"})
    assert response.context["chosen"] == state("ITA")
    assert response.context["results"].across.total.sent == 3


def test_a_coordinator_cannot_filter_its_way_to_another_state(client, network, crowd):
    client.force_login(network.coordinator_ken)
    response = client.get(reverse("ping_reports:results", args=[network.directory.slug]), {"state": "MEX"})
    assert response.context["chosen"] is None
    assert response.context["results"].across.total.pinged == 1


def test_the_results_page_is_not_found_by_a_coordinator_of_a_state_outside_the_directory(client, network, crowd):
    client.force_login(coordinator_of(state("NZL")))
    assert client.get(reverse("ping_reports:results", args=[network.directory.slug])).status_code == 404


def test_the_results_page_makes_as_many_queries_for_many_pings_as_for_few(
    client, network, django_assert_max_num_queries
):
    ping_round = closed_round(network.directory)
    ping(ping_round, network.kenya_desk, 1 * HOURS)
    client.force_login(network.manager)
    url = reverse("ping_reports:results", args=[network.directory.slug])
    client.get(url)  # the session and the principal are warm for both counts
    with queries_run() as few:
        client.get(url)
    for iso3 in ("ARG", "FRA", "JPN", "AUS", "GHA", "IND", "DEU", "BRA"):
        ping(ping_round, member(network.directory, iso3, BOTH), 30 * HOURS, reminders=1)
    second = closed_round(network.directory, days_ago=200)
    for contact in (network.mexico_desk, network.mexico_diplomat, network.kenya_desk):
        ping(second, contact, 2 * HOURS)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.context["results"].across.total.sent == 12


# --- The anonymised report ----------------------------------------------------------------------


def report_csv(client, directory) -> list[list[str]]:
    response = client.get(reverse("ping_reports:anonymised_csv", args=[directory.slug]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_csv_reads_back_with_the_csv_module(client, network, crowd):
    client.force_login(network.manager)
    response = client.get(reverse("ping_reports:anonymised_csv", args=[network.directory.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    day = timezone.localtime(crowd.started_at).date().isoformat()
    total = next(row for row in rows if row["Round"] == day and row["Grouping"] == "All contacts")
    assert total["Pings sent"] == "16"
    assert total["Confirmed by close (%)"] == "75.0"  # 12 of 16
    assert total["Confirmed within 72 hours (%)"] == "56.2"  # 9 of 16
    across = next(row for row in rows if row["Round"] == "All rounds" and row["Grouping"] == "All contacts")
    assert across["Pings sent"] == "16"


def test_the_anonymised_report_hides_groups_smaller_than_five(client, network, crowd):
    client.force_login(network.manager)
    rows = {(row[0], row[3]): row for row in report_csv(client, network.directory)[1:]}
    day = timezone.localtime(crowd.started_at).date().isoformat()
    assert rows[(day, "Europe")][4] == "7"
    assert rows[(day, "Americas")][4] == "6"
    for small in ("Oceania", "Africa"):
        assert rows[(day, small)][4:11] == [""] * 7
        assert rows[(day, small)][11].startswith("Not shown")
    page = client.get(reverse("ping_reports:anonymised", args=[network.directory.slug])).content.decode()
    oceania_row = page[page.index(">Oceania<") :]
    assert "Not shown" in oceania_row[: oceania_row.index("</tr>")]


def test_the_anonymised_report_names_no_state_and_no_contact(client, network, crowd):
    client.force_login(network.manager)
    page = client.get(reverse("ping_reports:anonymised", args=[network.directory.slug])).content.decode()
    text = page + "\n".join(",".join(row) for row in report_csv(client, network.directory))
    pinged = Ping.objects.filter(round=crowd).select_related("contact__institution__state")
    for found in pinged:
        contact = found.contact
        assert contact.name not in text
        assert contact.institution.name not in text
        assert contact.emails.first().address not in text
        assert contact.institution.state.name not in text
        assert contact.institution.state.english_name not in text


def test_a_group_from_fewer_than_three_states_is_hidden_however_many_pings(network):
    ping_round = closed_round(network.directory)
    for iso3 in ("MEX", "MEX", "MEX", "KEN", "KEN", "KEN"):
        ping(ping_round, member(network.directory, iso3), 1 * HOURS)

    report = results.anonymised(computed(network.directory, ping_round))

    assert report.rounds[0].breakdown.total.hidden
    assert all(found.hidden for found in report.rounds[0].breakdown.groups)


def test_a_single_hidden_region_is_not_left_recoverable_by_subtraction(network, crowd):
    crowd.pings.filter(state__region="africa").delete()  # Oceania is now the only small region

    report = results.anonymised(computed(network.directory, crowd))
    regions = {found.key: found for found in report.rounds[0].breakdown.by_region}

    assert regions["oceania"].hidden
    assert regions["americas"].hidden  # the smallest shown region goes too
    assert not regions["europe"].hidden
    assert not report.rounds[0].breakdown.total.hidden


def test_across_rounds_hides_a_total_that_would_give_away_a_hidden_round(network, crowd):
    tiny = closed_round(network.directory, days_ago=200)
    for contact in (network.kenya_desk, network.mexico_desk):
        ping(tiny, contact, 1 * HOURS)

    report = results.anonymised(computed(network.directory))

    assert [public_round.breakdown.total.hidden for public_round in report.rounds] == [False, True]
    assert report.across.total.hidden


def test_participants_cannot_see_an_unpublished_report(client, network, crowd):
    for participant in (network.poc_mex, network.coordinator_ken):
        client.force_login(participant)
        assert client.get(reverse("ping_reports:anonymised", args=[network.directory.slug])).status_code == 403
        assert client.get(reverse("ping_reports:anonymised_csv", args=[network.directory.slug])).status_code == 403


def test_participants_see_the_report_once_the_manager_publishes_it(client, network, crowd):
    client.force_login(network.manager)
    response = client.post(reverse("ping_reports:publish", args=[crowd.code]), {"publish": "1"})
    assert response["Location"] == reverse("ping_reports:anonymised", args=[network.directory.slug])
    crowd.refresh_from_db()
    assert crowd.report_published

    client.force_login(network.poc_mex)
    response = client.get(reverse("ping_reports:anonymised", args=[network.directory.slug]))
    assert response.status_code == 200
    assert response.context["report"].rounds[0].breakdown.total.figures.sent == 16
    assert "Publish to the participants" not in response.content.decode()


def test_participants_see_only_the_published_rounds(client, network, crowd):
    unpublished = closed_round(network.directory, days_ago=200)
    for iso3 in ("ARG", "FRA", "JPN", "AUS", "GHA"):
        ping(unpublished, member(network.directory, iso3), 1 * HOURS)
    PingRound.objects.filter(pk=crowd.pk).update(report_published=True)

    client.force_login(network.poc_mex)
    report = client.get(reverse("ping_reports:anonymised", args=[network.directory.slug])).context["report"]

    assert [public_round.round for public_round in report.rounds] == [crowd]
    assert report.across.total.figures.sent == 16


def test_the_manager_withdraws_a_published_report(client, network, crowd):
    PingRound.objects.filter(pk=crowd.pk).update(report_published=True)
    client.force_login(network.manager)
    client.post(reverse("ping_reports:publish", args=[crowd.code]), {"publish": "0"})
    crowd.refresh_from_db()
    assert not crowd.report_published
    client.force_login(network.poc_mex)
    assert client.get(reverse("ping_reports:anonymised", args=[network.directory.slug])).status_code == 403


def test_only_the_directorys_manager_publishes(client, network, crowd):
    url = reverse("ping_reports:publish", args=[crowd.code])
    client.force_login(network.coordinator_mex)
    assert client.post(url, {"publish": "1"}).status_code == 403
    client.force_login(manager_of(DirectoryFactory()))
    assert client.post(url, {"publish": "1"}).status_code == 404
    crowd.refresh_from_db()
    assert not crowd.report_published


def test_outsiders_are_not_told_the_report_exists(client, network, crowd):
    PingRound.objects.filter(pk=crowd.pk).update(report_published=True)
    url = reverse("ping_reports:anonymised", args=[network.directory.slug])
    outsider_state = state("NZL")
    outsider_contact = ContactFactory(institution=InstitutionFactory(state=outsider_state))
    for outsider in (
        manager_of(DirectoryFactory()),
        coordinator_of(outsider_state),
        point_of_contact(outsider_contact),
    ):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("account_login"))


def test_the_report_charts_response_rates_per_round_as_inline_svg(client, network, crowd):
    earlier = closed_round(network.directory, days_ago=200)
    for iso3 in ("ARG", "FRA", "JPN", "AUS", "GHA"):
        ping(earlier, member(network.directory, iso3), 1 * HOURS)
    client.force_login(network.manager)
    response = client.get(reverse("ping_reports:anonymised", args=[network.directory.slug]))
    page = response.content.decode()
    chart = page[page.index("<svg xmlns") : page.index("</svg>", page.index("<svg xmlns"))]
    assert 'role="img"' in chart
    assert chart.count("<rect ") == 6  # two rounds, three rates each
    assert "Confirmed by close: 75.0 %</title>" in chart
    assert "Confirmed by close: 100.0 %</title>" in chart
    assert "The chart's figures as a table" in page
    assert "style=" not in page
    assert "<script>" not in page


def test_the_chart_keeps_plain_numbers_in_a_language_with_decimal_commas(client, network, crowd):
    client.force_login(network.manager)
    response = client.get(reverse("ping_reports:anonymised", args=[network.directory.slug]), HTTP_ACCEPT_LANGUAGE="es")
    page = response.content.decode()
    assert 'lang="es"' in page
    assert "75,0 %" in page
    assert not re.search(r'\b(x|y|width|height)="[0-9.]*,', page)


def test_the_round_page_and_the_results_count_confirmed_the_same_way(client, network):
    """Three confirmed and one with changes: both pages say 4 confirmed."""
    ping_round = closed_round(network.directory)
    for iso3 in ("ARG", "BRA", "CHL"):
        ping(ping_round, member(network.directory, iso3), 2 * HOURS)
    ping(ping_round, member(network.directory, "PER"), 3 * HOURS, changes=True)
    ping(ping_round, member(network.directory, "URY"))
    client.force_login(network.manager)
    round_page = client.get(reverse("pings:round", args=[ping_round.code])).content.decode()
    results_page = client.get(reverse("ping_reports:results", args=[network.directory.slug])).content.decode()
    assert re.search(r"Confirmed: <strong>4</strong>", round_page)
    assert re.search(r'data-figure="confirmed">4 <span', results_page)


def test_the_report_csv_writes_a_cell_starting_like_a_formula_as_quoted_text(client, network, monkeypatch):
    monkeypatch.setattr(results, "report_rows", lambda report: [["Group"], ["=1+1"]])
    client.force_login(network.manager)
    assert report_csv(client, network.directory) == [["Group"], ["'=1+1"]]
