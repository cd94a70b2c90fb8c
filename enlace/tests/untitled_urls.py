"""The site's addresses and one page without a title of its own, rendered in full and in the frame."""

from django.shortcuts import render
from django.urls import path

from access.guards import PUBLIC
from enlace.page_frame import render_framed
from enlace.urls import handler404
from enlace.urls import urlpatterns as site


@PUBLIC
def untitled(request):
    return render(request, "untitled.html")


@PUBLIC
def untitled_framed(request):
    return render_framed(request, "untitled.html")


urlpatterns = [path("untitled/", untitled), path("untitled/framed/", untitled_framed), *site]
__all__ = ["handler404", "urlpatterns"]
