"""Taking the tour: where a user is in it, going past a step, finishing, putting the offer aside.

The offer above every page reads one flag of the session, set when the user signs in (``offer_on_sign_in``):
the pages themselves never ask the database whether to show it.
"""

from django.db import transaction
from django.utils import timezone

from tutorial.choices import Track
from tutorial.models import TutorialProgress
from tutorial.tracks import STEPS

# The session's flag: the user signed in without having finished or put aside a tour.
OFFER_SESSION_KEY = "tutorial_offer"


def offer_on_sign_in(sender, request, user, **kwargs) -> None:
    """On each sign-in (``user_logged_in``): offer the tour unless the user finished or put one aside."""
    if request is None or not hasattr(request, "session"):
        return
    if TutorialProgress.objects.of(user).closed().exists():
        request.session.pop(OFFER_SESSION_KEY, None)
    else:
        request.session[OFFER_SESSION_KEY] = True


def withdraw_offer(request) -> None:
    request.session.pop(OFFER_SESSION_KEY, None)


def progress_of(user, track: Track) -> TutorialProgress:
    """The user's progress in the track, unsaved (and nothing done) when it never opened it."""
    found = TutorialProgress.objects.of(user).filter(track=track).first()
    return found or TutorialProgress(user=user, track=track)


def resume_at(progress: TutorialProgress) -> int:
    """The number (from 1) of the first step not done yet; the first when all are (the tour taken again)."""
    steps = STEPS[Track(progress.track)]
    for number, step in enumerate(steps, start=1):
        if step.key not in progress.steps_done:
            return number
    return 1


@transaction.atomic
def go_past(user, track: Track, number: int, *, now=None) -> TutorialProgress:
    """The user pressed "Next" (or "Finish", on the last step) on step ``number`` of the track."""
    steps = STEPS[track]
    progress, _created = TutorialProgress.objects.select_for_update().get_or_create(user=user, track=track)
    key = steps[number - 1].key
    if key not in progress.steps_done:
        progress.steps_done = [*progress.steps_done, key]
    if number == len(steps) and progress.finished_at is None:
        progress.finished_at = now or timezone.now()
    progress.save()
    return progress


@transaction.atomic
def dismiss(user, track: Track, *, now=None) -> TutorialProgress:
    """ "Not now": the offer is not made again; the tour stays on the help page."""
    progress, _created = TutorialProgress.objects.select_for_update().get_or_create(user=user, track=track)
    if progress.dismissed_at is None:
        progress.dismissed_at = now or timezone.now()
        progress.save(update_fields=["dismissed_at", "updated"])
    return progress
