"""What a person's calendar feed shows of the exercises (``enlace.features``): the times of those it takes part in
or controls, marked as exercises."""

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from access.principal import Principal
from enlace.features import CalendarSource, DatedEntry, add_calendar_source
from exercises.choices import ExerciseStatus
from exercises.models import Exercise


def exercise_times(principal: Principal, since: datetime) -> list[DatedEntry]:
    exercises = (
        Exercise.objects.restrict(principal, "view")
        .exercises()
        .exclude(status=ExerciseStatus.DRAFT)
        .filter(starts_at__isnull=False, ends_at__gt=since)
        .order_by("starts_at", "pk")
    )
    return [
        DatedEntry(
            f"exercise-{exercise.code}@enlace",
            pgettext("calendar entry", "Exercise"),
            f"{_('EXERCISE')} – {exercise.title}",
            exercise.starts_at,
            exercise.ends_at,
            exercise.get_absolute_url(),
        )
        for exercise in exercises
    ]


add_calendar_source(CalendarSource("exercises.times", exercise_times, order=30))
