"""'Late' is read from the dates, never typed: it appears the day after a product's last day and goes when the
product is done (or dropped)."""

from datetime import date, timedelta

from working_groups.choices import ProductStatus
from working_groups.models import Product
from working_groups.tests.plans import new_plan, security_network


def _first_product(network) -> Product:
    plan = new_plan(security_network(network).directory, products=1)  # due by 31 January 2031
    return Product.objects.get(plan=plan)


def test_a_product_is_not_late_on_its_last_day(network):
    product = _first_product(network)

    assert not product.is_late_on(date(2031, 1, 31))
    assert not Product.objects.late(date(2031, 1, 31)).exists()


def test_late_appears_the_day_after_the_last_day(network):
    product = _first_product(network)
    day_after = product.due_until + timedelta(days=1)

    assert product.is_late_on(day_after)
    assert list(Product.objects.late(day_after)) == [product]


def test_late_disappears_when_the_product_is_done(network):
    product = _first_product(network)
    product.status = ProductStatus.DONE
    product.save()

    assert not product.is_late_on(date(2031, 3, 1))
    assert not Product.objects.late(date(2031, 3, 1)).exists()


def test_a_dropped_product_is_never_late(network):
    product = _first_product(network)
    product.status = ProductStatus.DROPPED
    product.save()

    assert not Product.objects.late(date(2031, 3, 1)).exists()
