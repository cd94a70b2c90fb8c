"""The site the HTTP benchmarks serve: Enlace's own URLs plus two bare views to measure the limit against.

    granian --interface wsgi --working-dir <repo> bench.bench_site:application

* ``/bench/hello/``: a "hello" view, through the same middleware as every page;
* ``/bench/update-select/<id>/``: one indexed UPDATE of a ping (its ``updated``
  column, by primary key) and one SELECT of it, each in autocommit: the least a
  confirmation could do against the same database. Its POST must carry the CSRF
  cookie and token, as the confirmation's must (the middleware checks both alike).

Benchmarks only: nothing in the project imports this module.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402

from access.guards import PUBLIC  # noqa: E402


@PUBLIC
def hello(request):
    return HttpResponse("hello")


@PUBLIC
def update_select(request, pk: int):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pings_ping SET updated = %s WHERE id = %s", [timezone.now(), pk])
        cursor.execute("SELECT id, status, answered_at FROM pings_ping WHERE id = %s", [pk])
        row = cursor.fetchone()
    return HttpResponse(f"ok {row[0] if row else '-'}")


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/update-select/<int:pk>/", update_select),
    path("", include("enlace.urls")),
]

settings.ROOT_URLCONF = __name__
application = get_wsgi_application()
