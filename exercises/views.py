"""Placeholder: being written."""

from django.http import Http404

from access.guards import SIGNED_IN


@SIGNED_IN
def exercise_list(request, **kwargs):
    raise Http404


@SIGNED_IN
def exercise_new(request, **kwargs):
    raise Http404


@SIGNED_IN
def exercise_detail(request, **kwargs):
    raise Http404


@SIGNED_IN
def exercise_edit(request, **kwargs):
    raise Http404


@SIGNED_IN
def board(request, **kwargs):
    raise Http404


@SIGNED_IN
def control(request, **kwargs):
    raise Http404


@SIGNED_IN
def inject_new(request, **kwargs):
    raise Http404


@SIGNED_IN
def inject_edit(request, **kwargs):
    raise Http404


@SIGNED_IN
def inject_delete(request, **kwargs):
    raise Http404


@SIGNED_IN
def inject_send(request, **kwargs):
    raise Http404


@SIGNED_IN
def mark_action(request, **kwargs):
    raise Http404


@SIGNED_IN
def record_check(request, **kwargs):
    raise Http404


@SIGNED_IN
def acknowledge(request, **kwargs):
    raise Http404
