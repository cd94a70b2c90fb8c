from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        # A request's id follows the tasks it enqueues into the worker's log lines, and the worker times its tasks.
        from monitoring import task_signals  # noqa: F401
