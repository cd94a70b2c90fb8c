"""Who reads, writes and follows learning modules.

A directory's managers write its modules (drafts included) and see how many people of each State completed
them, never who. Every signed-in member of a State taking part in the directory (its points of contact and
coordinators) takes its published modules. A person sees its own attempts and completions; a coordinator sees
its own State's completions, never another State's.
"""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from learning.models import Attachment, Attempt, Completion, Module


@rule(Module, "view")
def modules_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(directory_id__in=principal.managed_directory_ids) | Q(
        directory_id__in=principal.participating_directory_ids, current_version__isnull=False
    )


@rule(Module, "change")
def modules_written(principal: Principal):
    return Q(directory_id__in=principal.managed_directory_ids)


@rule(Attachment, "view")
def attachments_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(lesson__version__module__directory_id__in=principal.managed_directory_ids) | Q(
        lesson__version__module__directory_id__in=principal.participating_directory_ids,
        lesson__version__published_at__isnull=False,
    )


@rule(Attempt, "view")
def attempts_visible(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(user_id=principal.user_id)


@rule(Completion, "view")
def completions_visible(principal: Principal):
    """One's own, and a coordinator's own States' people."""
    if not principal.is_authenticated:
        return False
    return Q(user_id=principal.user_id) | Q(state_id__in=principal.coordinated_state_ids)


@rule(Completion, "count")
def completions_counted(principal: Principal):
    """A manager counts its directories' completions per State, without names."""
    return Q(module__directory_id__in=principal.managed_directory_ids)
