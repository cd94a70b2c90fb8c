"""Enlace's own apps' modules of a given name: what each app contributes to a shared part (the demo data, the
test world and the access table) without that part naming the app."""

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings


def each_app_module(name: str) -> Iterator[ModuleType]:
    """``<app>.<name>`` of every installed app of Enlace that has one, in the order of ``INSTALLED_APPS``
    (the libraries' apps are left out)."""
    for app in apps.get_app_configs():
        if not Path(app.path).is_relative_to(settings.BASE_DIR):
            continue
        package, _dot, _module = f"{app.name}.{name}".rpartition(".")
        if find_spec(package) is None or find_spec(f"{app.name}.{name}") is None:
            continue
        yield import_module(f"{app.name}.{name}")
