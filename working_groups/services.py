"""What happens to a working group and its plans: a group is saved with its member States (the directory's
minimum enforced here, whatever form or import calls it), a product is saved with the dates its written deadline
means, its dependencies stay within its plan, progress is reported, and the reminder before a product's last day
goes once to the coordinators of the States responsible for it.

The reminder is claimed row by row (``enlace.row_claims``): two workers running the job at once send it once.
"""

from collections.abc import Iterable, Mapping
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directory.models import State
from enlace.row_claims import skipping_locked
from mail.services import queue_email_to_account
from repository import files
from working_groups.choices import COUNTED
from working_groups.deadlines import parse_deadline
from working_groups.models import GroupMembership, GroupRules, Product, ProductDependency, ProgressUpdate, WorkingGroup


class Refused(ValueError):
    """The change breaks one of the directory's rules or the plan's; the message says which."""


def check_members(group: WorkingGroup, members: Mapping[State, str]) -> None:
    """Refuse member States outside the directory, a lead State that is not a member, or fewer member States
    than the directory requires (observers are not counted)."""
    directory = group.directory
    taking_part = set(directory.participations.values_list("state_id", flat=True))
    outside = [state for state in members if state.pk not in taking_part]
    if outside:
        raise Refused(
            _("These States do not take part in the directory: %(states)s.")
            % {"states": ", ".join(sorted(state.name for state in outside))}
        )
    minimum = GroupRules.of(directory).minimum_member_states
    counted = sum(1 for role in members.values() if role in COUNTED)
    if counted < minimum:
        raise Refused(
            ngettext(
                "A working group of this directory needs at least %(minimum)d member State (observers aside); "
                "it has %(count)d.",
                "A working group of this directory needs at least %(minimum)d member States (observers aside); "
                "it has %(count)d.",
                minimum,
            )
            % {"minimum": minimum, "count": counted}
        )
    if group.lead_state_id is not None and group.lead_state not in members:
        raise Refused(_("The lead State must be one of the group's members."))
    if group.parent_id is not None and group.parent.directory_id != directory.pk:
        raise Refused(_("A sub-group belongs to a group of the same directory."))


def save_group(group: WorkingGroup, members: Mapping[State, str]) -> WorkingGroup:
    """Save the group with exactly these member States and roles; raises ``Refused``."""
    check_members(group, members)
    with transaction.atomic():
        group.save()
        kept = {state.pk: role for state, role in members.items()}
        GroupMembership.objects.filter(group=group).exclude(state_id__in=kept).delete()
        existing = {row.state_id: row for row in GroupMembership.objects.filter(group=group)}
        for state_id, role in kept.items():
            row = existing.get(state_id)
            if row is None:
                GroupMembership.objects.create(group=group, state_id=state_id, role=role)
            elif row.role != role:
                row.role = role
                row.save(update_fields=["role", "updated"])
    return group


def members_of(group: WorkingGroup) -> dict[State, str]:
    return {row.state: row.role for row in GroupMembership.objects.filter(group=group).select_related("state")}


def fill_dates(product: Product) -> None:
    """Dates left empty are read from the deadline as written; raises ``Refused`` when it cannot be read."""
    if product.due_from and product.due_until:
        return
    read = parse_deadline(product.deadline_text)
    if read is None:
        raise Refused(
            _(
                "The deadline “%(text)s” could not be read as dates: give its first and last day. Understood are "
                "for example “first two months of 2021”, “Q3 2024”, “March 2025”, “second half of 2024”, "
                "“2023–2024”."
            )
            % {"text": product.deadline_text}
        )
    product.due_from = product.due_from or read[0]
    product.due_until = product.due_until or read[1]


def save_product(
    product: Product, *, responsible: Iterable[State] | None = None, depends_on: Iterable[Product] | None = None
) -> Product:
    """Save the product (its dates from its written deadline when left empty); raises ``Refused``."""
    fill_dates(product)
    if product.due_until < product.due_from:
        raise Refused(_("The last day comes before the first."))
    with transaction.atomic():
        product.save()
        if responsible is not None:
            product.responsible_states.set(responsible)
        if depends_on is not None:
            set_dependencies(product, depends_on)
    return product


def set_dependencies(product: Product, requires: Iterable[Product]) -> None:
    """The products this one depends on: others of the same plan only."""
    requires = list(requires)
    if any(other.pk == product.pk or other.plan_id != product.plan_id for other in requires):
        raise Refused(_("A product depends only on other products of the same plan."))
    ProductDependency.objects.filter(product=product).delete()
    ProductDependency.objects.bulk_create(ProductDependency(product=product, requires=other) for other in requires)


def report_progress(
    product: Product, *, author, text: str, on: date | None = None, upload: UploadedFile | None = None, status=""
) -> ProgressUpdate:
    """Record a progress update (with a file checked by its content: ``repository.files``, which raises
    ``files.UnacceptableFile``), and the product's new status if given."""
    update = ProgressUpdate(product=product, author=author, text=text, on=on or timezone.localdate())
    with transaction.atomic():
        if upload is not None:
            kind = files.identify(upload)
            update.file_type = kind.extension
            update.attachment.save(f"upload.{kind.extension}", upload, save=False)
        update.save()
        if status and status != product.status:
            product.status = status
            product.save(update_fields=["status", "updated"])
    return update


def coordinators_of(state_ids: Iterable[int]):
    return (
        get_user_model()
        .objects.filter(
            is_active=True, role_assignments__role="coordinator", role_assignments__state_id__in=list(state_ids)
        )
        .distinct()
    )


def send_due_reminders(today: date | None = None) -> int:
    """E-mail the coordinators of the States responsible for every open product whose reminder day has come,
    in each one's language; each product once per last day, whatever the number of workers or runs. Returns how
    many products were reminded of."""
    today = today or timezone.localdate()
    with transaction.atomic():
        due = list(skipping_locked(Product.objects.due_reminders(today)).values_list("pk", flat=True))
        if not due:
            return 0
        claimed = list(Product.objects.due_reminders(today).filter(pk__in=due).values_list("pk", flat=True))
        products = list(
            Product.objects.filter(pk__in=claimed)
            .select_related("plan__directory", "plan__group")
            .prefetch_related("responsible_states")
        )
        for product in products:
            product.reminded_for = product.due_until
            product.save(update_fields=["reminded_for"])
            for user in coordinators_of(state.pk for state in product.responsible_states.all()):
                queue_email_to_account(
                    user,
                    template="working_groups/email/reminder",
                    context={
                        "product": product,
                        "plan": product.plan,
                        "link": product.get_absolute_url(),
                        "site_url": settings.SITE_URL,
                    },
                    purpose="work_product_reminder",
                )
    return len(products)
