"""Placeholder: being written."""

from django.http import Http404

from access.guards import SIGNED_IN


@SIGNED_IN
def save_as_template(request, **kwargs):
    raise Http404


@SIGNED_IN
def use_template(request, **kwargs):
    raise Http404


@SIGNED_IN
def copy(request, **kwargs):
    raise Http404


@SIGNED_IN
def export_json(request, **kwargs):
    raise Http404


@SIGNED_IN
def import_json(request, **kwargs):
    raise Http404
