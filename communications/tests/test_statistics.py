"""Anonymised statistics per directory and month: acknowledged in time, median times; exercises left out."""

from datetime import timedelta

import pytest

from communications import services
from communications.tests.conftest import SENT_AT, answer_values

HOUR = timedelta(hours=1)


def test_each_month_counts_what_was_acknowledged_in_time_and_the_median_times(network, send):
    fast = send(now=SENT_AT)
    slow = send(now=SENT_AT + HOUR)
    send(now=SENT_AT + 2 * HOUR)  # never acknowledged
    send(now=SENT_AT + 3 * HOUR, is_exercise=True)  # an exercise: not counted
    send(now=SENT_AT - timedelta(days=10))  # October
    services.acknowledge(fast, user=network.poc_ke, now=SENT_AT + 2 * HOUR)
    services.acknowledge(slow, user=network.poc_ke, now=SENT_AT + HOUR + 80 * HOUR)
    draft = services.Draft(
        **services.answer_draft(fast, sender_state=network.kenya),
        audience="technical",
        tlp="green",
        urgency="routine",
        language="en",
        values=answer_values(),
    )
    services.send(draft, user=network.poc_ke_diplomat, now=SENT_AT + timedelta(days=3))

    november, october = services.monthly_statistics(network.directory)
    assert (november.month.month, october.month.month) == (11, 10)
    assert november.sent == 3
    assert november.acknowledged_in_time == 1
    assert november.median_hours_to_acknowledge == pytest.approx((2 + 80) / 2)
    assert november.median_days_to_answer == pytest.approx(3)
    assert (october.sent, october.acknowledged_in_time, october.median_hours_to_acknowledge) == (1, 0, None)
