"""Placeholder: being written."""

from django.http import Http404

from access.guards import SIGNED_IN


@SIGNED_IN
def report(request, **kwargs):
    raise Http404


@SIGNED_IN
def report_csv(request, **kwargs):
    raise Http404


@SIGNED_IN
def report_print(request, **kwargs):
    raise Http404


@SIGNED_IN
def publish(request, **kwargs):
    raise Http404


@SIGNED_IN
def lesson_new(request, **kwargs):
    raise Http404


@SIGNED_IN
def lesson_delete(request, **kwargs):
    raise Http404
