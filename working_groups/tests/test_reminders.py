"""Before a product's last day its responsible States' coordinators are reminded once, each in its language; not
before its time, not when it is done, and again only if its last day moves."""

from datetime import date, timedelta

from django.core.management import call_command

from working_groups import services
from working_groups.choices import ProductStatus
from working_groups.models import REMIND_DAYS_BEFORE, Product
from working_groups.tests.plans import coordinator_of, new_plan, security_network


def _product(network):
    """A product of Chile and Mexico due by 31 January 2031, Chile's coordinator reading Enlace in Spanish."""
    prosur = security_network(network)
    chilean = coordinator_of(prosur.chile, email="coord@cl.example.org", language="es")
    plan = new_plan(prosur.directory, products=1, responsible=[prosur.mexico, prosur.chile], title="Plan de seguridad")
    return Product.objects.get(plan=plan), chilean


def test_the_reminder_goes_once_to_each_responsible_states_coordinator_in_its_language(network, mailbox, background):
    product, chilean = _product(network)
    day = product.due_until - timedelta(days=REMIND_DAYS_BEFORE)

    assert background(services.send_due_reminders, day) == 1
    assert background(services.send_due_reminders, day + timedelta(days=1)) == 0

    [spanish] = mailbox.to(chilean.email)
    [english] = mailbox.to(network.coordinator_mex.email)
    assert "Plazo" in spanish["Subject"]
    assert "Deadline" in english["Subject"]
    assert not mailbox.to(network.coordinator_arg.email)


def test_no_reminder_before_its_time(network, mailbox, background):
    _product(network)

    assert background(services.send_due_reminders, date(2031, 1, 1)) == 0
    assert not mailbox.messages


def test_no_reminder_for_a_product_done(network, mailbox, background):
    product, _chilean = _product(network)
    product.status = ProductStatus.DONE
    product.save()

    assert background(services.send_due_reminders, product.due_until) == 0


def test_a_deadline_moved_later_is_reminded_again(network, mailbox, background):
    product, _chilean = _product(network)
    background(services.send_due_reminders, product.due_until)
    product.due_until = date(2031, 3, 31)
    product.save()

    assert background(services.send_due_reminders, date(2031, 3, 31)) == 1


def test_the_command_sends_the_reminders_due_on_the_day_given_and_not_again(network, mailbox, capsys):
    product, chilean = _product(network)
    day = (product.due_until - timedelta(days=REMIND_DAYS_BEFORE)).isoformat()

    call_command("send_work_plan_reminders", "--now", f"{day}T09:00")
    call_command("send_work_plan_reminders", "--now", f"{day}T10:00")

    assert len(mailbox.to(chilean.email)) == 1
    assert "1 product(s) reminded of" in capsys.readouterr().out
