from auditlog.models import LogEntry
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from access.guards import MANAGER_OR_COORDINATOR
from access.restriction import restrict
from audit import changes
from audit.filtersets import ChangeLogFilter
from directory.models import Contact
from enlace.keyset import Keyset
from enlace.listing import SortColumn, Sorting, capped_count

PER_PAGE = 50
# The total is counted up to here: every change ever made is a long list, and "more than 500" says enough.
# Counting reads up to this many entries, each checked against the reader's rule (for a manager, an entry
# about a contact costs a look-up of that contact): a page itself reads about 51.
COUNT_CAP = 500
SORTING = Sorting(columns=(SortColumn("when", _("When")),), default="when", default_descending=True)


@MANAGER_OR_COORDINATOR
def change_log(request):
    """Who changed what, when and from where, in the directories and States the reader oversees.

    Read a page at a time from a position in time (keyset pagination, newest first unless the reader
    sorts oldest first): any page costs the same, however far back it is.
    """
    entries = restrict(LogEntry.objects.all(), request.principal)
    filters = ChangeLogFilter(request.GET or None, queryset=entries, principal=request.principal)
    entries = filters.filtered(entries)
    _key, descending = SORTING.parse(request.GET.get("sort"))
    keyset = Keyset(("timestamp", "id"), descending=descending)
    page = keyset.page(
        entries.select_related("actor", "content_type"),
        size=PER_PAGE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    for entry in page:
        entry.action_label, entry.changes = changes.action_label(entry), changes.changes_of(entry)
    contact = None
    if filters.is_valid() and filters.form.cleaned_data.get("contact"):
        contact = (
            Contact.objects.restrict(request.principal, "view")
            .filter(code=filters.form.cleaned_data["contact"])
            .only("code", "name")
            .first()
        )
    return render(
        request,
        "audit/change_log.html",
        {
            "filters": filters.form,
            "page": page,
            "total": capped_count(entries, COUNT_CAP),
            "newest_first": descending,
            "sort": SORTING.url_value("when", descending),
            "sort_links": SORTING.links("when", descending),
            "state": filters.chosen_state,
            "contact": contact,
        },
    )
