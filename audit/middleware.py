"""Who made a change, and from where, for the change-log entries a request writes.

auditlog's own middleware puts the request's actor and address where its receiver finds them, but it
connects that receiver to Django's ``pre_save`` on entering every request and disconnects it on leaving: each
connection and disconnection empties the signal's cache of receivers for every sender, so the next save of any
model works out its receivers again. Here one receiver is connected once, for good, and each request only puts
its values in place (auditlog's context variable, as its middleware does) and takes them away again.

The entries are the same: the receiver is auditlog's, applied only while a request's own values are current,
so a ``set_actor`` block inside a request still names its own actor, as it does under auditlog's middleware.
"""

from auditlog.cid import set_cid
from auditlog.context import _set_extra_data, auditlog_value
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.db.models.signals import pre_save
from django.http import HttpRequest, HttpResponse

# The mark of a request's values; auditlog marks those of each ``set_actor`` block with a mark of its own.
_REQUEST = ("enlace-request", 0)


def _request_values(sender, instance, **kwargs) -> None:
    _set_extra_data(sender, instance, signal_duid=_REQUEST, **kwargs)


pre_save.connect(_request_values, sender=LogEntry, dispatch_uid="audit.middleware.request_values", weak=False)


class AuditMiddleware(AuditlogMiddleware):
    """``auditlog.middleware.AuditlogMiddleware`` with its receiver connected once (settings: ``MIDDLEWARE``)."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        set_cid(request)
        values = self.get_extra_data(request)
        values["signal_duid"] = _REQUEST
        token = auditlog_value.set(values)
        try:
            return self.get_response(request)
        finally:
            auditlog_value.reset(token)
