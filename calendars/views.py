"""A person's calendar ("My calendar": its address, how to subscribe, a reset, what comes next), its feed at the
secret address, and a directory's public calendar."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.guards import PUBLIC, SIGNED_IN
from access.principal import principal_of
from calendars import entries, feeds, services
from directory.models import Directory
from mail.languages import account_language

UPCOMING = 20


def _feed_url(request, feed) -> str:
    return request.build_absolute_uri(reverse("calendars:feed", args=[feed.token]))


@SIGNED_IN
def mine(request):
    feed = services.feed_of(request.user)
    url = _feed_url(request, feed)
    now = timezone.now()
    return render(
        request,
        "calendars/mine.html",
        {
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1],
            "upcoming": entries.person_entries(request.principal, now)[:UPCOMING],
        },
    )


@SIGNED_IN
@require_POST
def reset(request):
    """A new address, asked first on a page of its own (the calendars subscribed to the old one stop updating)."""
    if request.POST.get("confirm") != "on":
        return render(request, "calendars/reset_confirm.html")
    services.reset(request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("calendars:mine")


@PUBLIC
def feed(request, token):
    """The person's feed, to a calendar program (which signs in to nothing): found by its secret address alone."""
    found = services.find(token)
    if found is None:
        raise Http404
    user = found.user
    now = timezone.now()
    with translation.override(account_language(user)):
        rows = entries.person_entries(principal_of(user), now - entries.PAST)
        body = feeds.to_ical(_("Enlace: my calendar"), rows, public=False, stamp=now)
    return feeds.response(request, body, private=True)


@PUBLIC
def directory_feed(request, slug):
    """What a directory publishes: the events its managers made public, nothing about any person."""
    directory = get_object_or_404(Directory, slug=slug, is_listed_publicly=True)
    now = timezone.now()
    rows = entries.directory_entries(directory, now - entries.PAST)
    body = feeds.to_ical(directory.for_reader.name, rows, public=True, stamp=now)
    return feeds.response(request, body, private=False)
