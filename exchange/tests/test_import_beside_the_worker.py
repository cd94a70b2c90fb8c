"""A large import under the embedded database leaves the background worker running and e-mail flowing."""

import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from exchange.tests.test_spreadsheet_import import csv_file, row
from jobs.tests.processes import Output, copy_of_test_database, environment_for, start_worker, stop, wait_until

ROWS = 2000

# What a coordinator's request does, run as a process of its own beside the worker: import the file,
# then invite one of the new points of contact (whose e-mail the worker must still deliver).
IMPORT_THEN_INVITE = """
import django
django.setup()
from access.principal import principal_for
from accounts.models import Role, User
from accounts.services import invite
from exchange.importing import import_records
from exchange.spreadsheets import read_spreadsheet
from directory.models import ContactEmail, Directory

coordinator = User.objects.get(email={coordinator!r})
directory = Directory.objects.get(slug="un")
records, problems = read_spreadsheet(open({path!r}, "rb").read())
report = import_records(
    records, problems=problems, directory=directory, principal=principal_for(coordinator), user=coordinator,
    apply=True, update_contacts=True,
)
print("imported", sum(1 for outcome in report.outcomes if outcome.action == "created"), flush=True)
analyst = ContactEmail.objects.get(address="analyst0@cert.mx.example.org").contact
invite(
    principal=principal_for(coordinator), inviter=coordinator, email="analyst0@cert.mx.example.org",
    role=Role.POINT_OF_CONTACT, state=analyst.institution.state, contact=analyst,
)
print("invited", flush=True)
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="a database file shared by two processes is SQLite's case")
def test_an_import_of_two_thousand_rows_beside_the_worker_then_an_invitation_is_delivered(
    network, transactional_db, settings_with_database_tasks, smtp_server, mailbox, tmp_path
):
    spreadsheet = tmp_path / "nominations.csv"
    spreadsheet.write_bytes(
        csv_file(*(row(name=f"Analyst {n}", emails=f"analyst{n}@cert.mx.example.org", phones="") for n in range(ROWS)))
    )
    database = copy_of_test_database(tmp_path)
    environment = environment_for(database, smtp_server)
    worker = start_worker(environment)
    try:
        output = Output(worker)
        output.wait_for("Starting worker")
        script = IMPORT_THEN_INVITE.format(coordinator=network.coordinator_mex.email, path=str(spreadsheet))
        request = subprocess.run(
            [sys.executable, "-c", script],
            cwd=settings.BASE_DIR,
            env={**environment, "DJANGO_SETTINGS_MODULE": "enlace.settings"},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert request.returncode == 0, request.stderr
        assert f"imported {ROWS}" in request.stdout
        wait_until(lambda: mailbox.to("analyst0@cert.mx.example.org"), output)
        assert worker.poll() is None, "the worker exited:\n" + "".join(output.lines)
    finally:
        stop(worker)
    reader = sqlite3.connect(database)
    [(nominated,)] = reader.execute(
        "SELECT COUNT(*) FROM directory_nomination n JOIN directory_contact c ON c.id = n.contact_id"
        " WHERE c.name LIKE 'Analyst %'"
    )
    reader.close()
    assert nominated == ROWS


@pytest.fixture
def settings_with_database_tasks(settings):
    """The child processes use the real task queue in the database, as `make run` does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    return settings
