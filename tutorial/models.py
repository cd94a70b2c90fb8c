"""How far each user got through the tour of its role, and whether it put the offer aside.

One row per user and track, created when the user first opens a step or says "Not now": a user who never
opened the tour has no row, which is what makes the offer appear after signing in.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from access.restriction import RestrictedQuerySet
from directory.models import Timestamped
from tutorial.choices import Track


class TutorialProgressQuerySet(RestrictedQuerySet):
    def of(self, user) -> "TutorialProgressQuerySet":
        return self.filter(user=user)

    def closed(self) -> "TutorialProgressQuerySet":
        """Tours the user finished or put aside: either way the offer is not made again."""
        return self.filter(Q(finished_at__isnull=False) | Q(dismissed_at__isnull=False))


class TutorialProgress(Timestamped):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tutorial_progress", verbose_name=_("user")
    )
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    # The keys of the steps the user went past with "Next" (keys, not positions: a step added later is not
    # taken as done).
    steps_done = models.JSONField(_("steps done"), default=list, blank=True)
    dismissed_at = models.DateTimeField(_("put aside at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = TutorialProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("tutorial progress")
        verbose_name_plural = _("tutorial progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "track"], name="tutorial_progress_one_per_user_and_track"),
            models.CheckConstraint(condition=Q(track__in=Track.values), name="tutorial_progress_track_is_known"),
        ]
        # The question asked at each sign-in: has this user finished or put aside a tour? (the unique
        # constraint's index starts with the user, and answers it.)

    def __str__(self) -> str:
        return f"{self.user} – {self.get_track_display()}"
