"""What a person's calendar feed shows of the work plans (``enlace.features``): the last days of the open products
its States are responsible for."""

from datetime import UTC, datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from access.principal import Principal
from enlace.features import CalendarSource, DatedEntry, add_calendar_source
from working_groups.models import Product


def product_deadlines(principal: Principal, since: datetime) -> list[DatedEntry]:
    """The last day of each open product of a plan the person may see whose responsible States include its own:
    a whole day (in UTC), as the plan gives a day and no hour."""
    if not principal.member_state_ids:
        return []
    products = (
        Product.objects.restrict(principal, "view")
        .open()
        .filter(
            Exists(
                Product.responsible_states.through.objects.filter(
                    product_id=OuterRef("pk"), state_id__in=principal.member_state_ids
                )
            ),
            due_until__gte=since.date(),
        )
        .select_related("plan")
        .order_by("due_until", "pk")
    )
    entries = []
    for product in products:
        starts = datetime.combine(product.due_until, time.min, tzinfo=UTC)
        entries.append(
            DatedEntry(
                product.uid,
                _("Work plan deadline"),
                _("Due: %(product)s (%(plan)s)") % {"product": product.title, "plan": product.plan.for_reader.title},
                starts,
                starts + timedelta(days=1),
                product.get_absolute_url(),
            )
        )
    return entries


add_calendar_source(CalendarSource("working_groups.deadlines", product_deadlines, order=40))
