"""The timeline is drawn on the server (no script) and its table alternative gives the same products, in the same
order, with the same dates."""

import re

from django.urls import reverse

from working_groups.tests.plans import new_plan, security_network


def test_the_timelines_drawing_and_its_table_agree(network, client):
    prosur = security_network(network)
    plan = new_plan(prosur.directory, products=7)
    client.force_login(prosur.manager)

    html = client.get(reverse("working_groups:plan_timeline", args=[plan.code])).content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    table = html.split('id="timeline-table"', 1)[1].split("</table>", 1)[0]

    bars = re.findall(r'<g class="bar" data-code="([^"]+)" data-from="([^"]+)" data-until="([^"]+)"', svg)
    rows = [
        (code, first, last)
        for code, first, last in re.findall(
            r'<tr data-code="([^"]+)">.*?<time datetime="([^"]+)">.*?<time datetime="([^"]+)">', table, re.S
        )
    ]
    assert len(bars) == 7
    assert bars == rows
    assert "<script" not in svg


def test_each_bar_starts_where_its_first_day_falls_in_the_plans_period(network, client):
    prosur = security_network(network)
    plan = new_plan(prosur.directory, products=2)
    client.force_login(prosur.manager)

    html = client.get(reverse("working_groups:plan_timeline", args=[plan.code])).content.decode()
    starts = [float(x) for x in re.findall(r'<rect x="([0-9.]+)"', html)]

    assert starts[0] < starts[1]  # January before February
