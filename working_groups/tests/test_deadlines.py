"""Deadlines as people write them, in Spanish and English, read into the days they mean; a product whose deadline
cannot be read needs its dates typed."""

from datetime import date

import pytest

from working_groups import services
from working_groups.deadlines import parse_deadline
from working_groups.models import LineOfAction, Product
from working_groups.tests.plans import new_plan, security_network


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("first two months of 2021", date(2021, 1, 1), date(2021, 2, 28)),
        ("primer bimestre de 2021", date(2021, 1, 1), date(2021, 2, 28)),
        ("Q3 2024", date(2024, 7, 1), date(2024, 9, 30)),
        ("March 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("marzo de 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("second half of 2024", date(2024, 7, 1), date(2024, 12, 31)),
        ("segundo semestre de 2024", date(2024, 7, 1), date(2024, 12, 31)),
        ("2023–2024", date(2023, 1, 1), date(2024, 12, 31)),
        ("2023-2024", date(2023, 1, 1), date(2024, 12, 31)),
        ("último trimestre de 2023", date(2023, 10, 1), date(2023, 12, 31)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_a_written_deadline_is_read_into_its_first_and_last_day(text, first, last):
    assert parse_deadline(text) == (first, last)


@pytest.mark.parametrize("text", ["", "when possible", "fifth quarter of 2024", "2025–2023", "Q5 2024"])
def test_a_deadline_that_means_no_dates_is_not_read(text):
    assert parse_deadline(text) is None


def test_dates_left_empty_are_taken_from_the_written_deadline(network):
    plan = new_plan(security_network(network).directory, products=0)
    line = LineOfAction.objects.filter(plan=plan).first()

    product = services.save_product(Product(line=line, position=1, title="Report", deadline_text="Q3 2031"))

    assert (product.due_from, product.due_until) == (date(2031, 7, 1), date(2031, 9, 30))


def test_a_deadline_that_cannot_be_read_asks_for_the_dates(network):
    plan = new_plan(security_network(network).directory, products=0)
    line = LineOfAction.objects.filter(plan=plan).first()

    with pytest.raises(services.Refused, match="could not be read as dates"):
        services.save_product(Product(line=line, position=1, title="Report", deadline_text="when possible"))

    assert not Product.objects.filter(plan=plan).exists()
