"""Who reads a tour's progress: its user, and no one else (it tells nothing about a State)."""

from django.db.models import Q

from access.principal import Principal
from access.restriction import rule
from tutorial.models import TutorialProgress


@rule(TutorialProgress, "view")
def own_progress(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(user_id=principal.user_id)


@rule(TutorialProgress, "change")
def own_progress_changed(principal: Principal):
    if not principal.is_authenticated:
        return False
    return Q(user_id=principal.user_id)
