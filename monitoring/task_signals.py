"""What follows a task from the request that enqueued it to the worker that runs it: the request's id (kept in
the cache under the task's id, so the worker's log lines while it runs carry it; with several processes the
cache must be Redis, as in production) and the time the task took (``metrics.TASK_SECONDS``)."""

from contextvars import Token

from django.core.cache import cache
from django.core.signals import request_finished
from django.dispatch import receiver
from django.tasks.signals import task_enqueued, task_finished, task_started

from monitoring import metrics, request_id

# Long enough for a task to wait out a busy queue; the worker deletes the key when the task has run.
KEPT_SECONDS = 24 * 60 * 60
_running: dict[str, Token] = {}


def _key(task_result) -> str:
    return f"task-request-id:{task_result.id}"


@receiver(task_enqueued)
def remember_the_request(sender, task_result, **kwargs) -> None:
    current = request_id.current.get()
    if current:
        cache.set(_key(task_result), current, KEPT_SECONDS)


@receiver(task_started)
def carry_the_request_id(sender, task_result, **kwargs) -> None:
    enqueued_by = cache.get(_key(task_result))
    if enqueued_by:
        _running[task_result.id] = request_id.current.set(enqueued_by)


@receiver(task_finished)
def measure_and_forget(sender, task_result, **kwargs) -> None:
    if task_result.started_at and task_result.finished_at:
        seconds = (task_result.finished_at - task_result.started_at).total_seconds()
        metrics.TASK_SECONDS.labels(task=task_result.task.module_path, status=task_result.status.lower()).observe(
            seconds
        )
    token = _running.pop(task_result.id, None)
    if token is not None:
        request_id.current.reset(token)
        cache.delete(_key(task_result))


@receiver(request_finished)
def forget_the_request_id(sender, **kwargs) -> None:
    """Lines logged between requests (in a web process's own threads) carry no request's id."""
    request_id.current.set(None)
