"""Whether this deployment can do its work: the readiness checks (database, cache, migrations, the worker's and
the scheduler's heartbeats) and the figures the operators' page and the metrics show beside them."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Min
from django.tasks import TaskResultStatus
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from mail.models import EmailStatus, OutboundEmail
from processes.heartbeats import last_beats
from processes.models import ProcessKind


@dataclass(frozen=True)
class Check:
    name: str  # what /health/ready names when it fails: database, cache, migrations, worker, scheduler
    label: str
    passed: bool
    detail: str = ""


# Once this process has seen every migration applied it need not look again: a migration is only added by
# deploying new code, which starts new processes.
_migrations_applied = False


def _database() -> Check:
    label = _("Database")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return Check("database", label, False, str(error).strip().splitlines()[0] if str(error).strip() else "")
    return Check("database", label, True, connection.vendor)


def _cache() -> Check:
    label = _("Cache")
    key, value = "health-check", uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        passed = cache.get(key) == value
    except Exception as error:
        return Check("cache", label, False, type(error).__name__)
    return Check("cache", label, passed, "redis" if settings.REDIS_URL else _("this process's memory"))


def _migrations() -> Check:
    global _migrations_applied
    label = _("Migrations")
    if not _migrations_applied:
        try:
            executor = MigrationExecutor(connection)
            unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError as error:
            return Check("migrations", label, False, type(error).__name__)
        if unapplied:
            names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in unapplied[:5])
            return Check("migrations", label, False, _("not applied: %(names)s") % {"names": names})
        _migrations_applied = True
    return Check("migrations", label, True)


def heartbeat_ages(now: datetime) -> dict[str, timedelta | None]:
    """How long ago the worker and the scheduler last wrote their heartbeats (``None``: never)."""
    beats = last_beats()
    return {kind: (now - beats[kind]) if kind in beats else None for kind in ProcessKind.values}


def _heartbeats(now: datetime) -> list[Check]:
    limit = timedelta(seconds=settings.HEALTH_HEARTBEAT_MAX_AGE)
    checks = []
    try:
        ages = heartbeat_ages(now)
    except DatabaseError:
        ages = dict.fromkeys(ProcessKind.values)
    for kind in ProcessKind:
        age = ages[kind]
        detail = _("never") if age is None else _("%(seconds)d s ago") % {"seconds": age.total_seconds()}
        checks.append(Check(kind.value, kind.label, age is not None and age <= limit, detail))
    return checks


def readiness(now: datetime) -> list[Check]:
    """Every readiness check, in order; the database's first (the others need it but for the cache)."""
    database = _database()
    if not database.passed:
        return [database, _cache()]
    return [database, _cache(), _migrations(), *_heartbeats(now)]


def reset() -> None:
    """Forget that the migrations were seen applied (tests)."""
    global _migrations_applied
    _migrations_applied = False


def task_queue_depth() -> int:
    """Tasks ready to run and not yet taken by a worker."""
    return DBTaskResult.objects.ready().count()


def oldest_ready_task_age(now: datetime) -> timedelta | None:
    enqueued = DBTaskResult.objects.ready().aggregate(first=Min("enqueued_at"))["first"]
    return now - enqueued if enqueued else None


def running_tasks() -> int:
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()


def oldest_undelivered_email_age(now: datetime) -> timedelta | None:
    """Age of the oldest message still to go out (queued or being sent)."""
    created = OutboundEmail.objects.filter(status__in=[EmailStatus.QUEUED, EmailStatus.SENDING]).aggregate(
        first=Min("created")
    )["first"]
    return now - created if created else None
