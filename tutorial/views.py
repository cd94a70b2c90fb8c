"""The help page and the tour's steps. Every signed-in user may open them; a tour is shown only to the roles it
is written for (another role's tour is not found), and the progress read or written is the user's own."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.guards import SIGNED_IN
from tutorial import services
from tutorial.choices import Track
from tutorial.models import TutorialProgress
from tutorial.tracks import STEPS, SUMMARIES, Places, tracks_for


def _track_for(request, track: str) -> Track:
    """The track named in the address, if it is one of the user's roles' (else 404, as for any unseen page)."""
    if track not in tracks_for(request.principal):
        raise Http404
    return Track(track)


@SIGNED_IN
def index(request):
    """The tours of the user's roles, how far it got in each, and the rules every user asks about."""
    tracks = tracks_for(request.principal)
    progress = {
        row.track: row for row in TutorialProgress.objects.restrict(request.principal, "view").filter(track__in=tracks)
    }
    tours = []
    for track in tracks:
        row = progress.get(track)
        steps = STEPS[track]
        tours.append(
            {
                "track": track,
                "summary": SUMMARIES[track],
                "count": len(steps),
                "done": len([step for step in steps if row and step.key in row.steps_done]),
                "finished": bool(row and row.finished_at),
            }
        )
    return render(request, "tutorial/index.html", {"tours": tours})


@SIGNED_IN
def resume(request, track):
    """The step to go on from: the first one not done yet."""
    track = _track_for(request, track)
    progress = TutorialProgress.objects.restrict(request.principal, "view").filter(track=track).first()
    number = services.resume_at(progress) if progress else 1
    return redirect("tutorial:step", track=track.value, number=number)


@SIGNED_IN
@require_http_methods(["GET", "POST"])
def step(request, track, number):
    track = _track_for(request, track)
    steps = STEPS[track]
    if not 1 <= number <= len(steps):
        raise Http404
    if request.method == "POST":
        # "Next" (or "Finish" on the last step): this step is done.
        progress = services.go_past(request.user, track, number)
        if number < len(steps):
            return redirect("tutorial:step", track=track.value, number=number + 1)
        if progress.finished_at:
            services.withdraw_offer(request)
        messages.success(request, _("You finished the tour. This help page stays in the menu whenever you need it."))
        return redirect("tutorial:index")
    progress = TutorialProgress.objects.restrict(request.principal, "view").filter(track=track).first()
    done = set(progress.steps_done) if progress else set()
    current = steps[number - 1]
    return render(
        request,
        "tutorial/step.html",
        {
            "track": track,
            "step": current,
            "number": number,
            "count": len(steps),
            "steps": [{"title": s.title, "done": s.key in done, "number": n} for n, s in enumerate(steps, start=1)],
            "page_address": current.page(Places(request.principal)),
            "is_last": number == len(steps),
        },
    )


@SIGNED_IN
@require_POST
def dismiss(request):
    """ "Not now": the offer above the pages is put aside for good; the tours stay on the help page."""
    tracks = tracks_for(request.principal)
    if tracks:
        services.dismiss(request.user, tracks[0])
    services.withdraw_offer(request)
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("tutorial:index")
