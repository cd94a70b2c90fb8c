from auditlog.models import LogEntry
from django.core.paginator import Paginator
from django.shortcuts import render

from access.guards import MANAGER_OR_COORDINATOR
from access.restriction import restrict
from directory.models import State


@MANAGER_OR_COORDINATOR
def change_log(request):
    """Who changed what, when and from where, in the directories and States the reader oversees."""
    entries = restrict(LogEntry.objects.all(), request.principal).select_related("actor", "content_type")
    state = None
    iso3 = request.GET.get("state", "").upper()
    if iso3:
        state = State.objects.filter(iso3=iso3).first()
        entries = entries.filter(additional_data__state=state.pk if state else -1)
    contact = request.GET.get("contact", "")
    if contact:
        entries = entries.filter(additional_data__contact=contact)
    page = Paginator(entries.order_by("-timestamp"), 50).get_page(request.GET.get("page"))
    return render(request, "audit/change_log.html", {"page": page, "state": state, "contact": contact})
