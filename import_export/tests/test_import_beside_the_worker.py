"""A large import under the embedded database leaves the background worker running and e-mail flowing."""

import os
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from import_export.tests.test_spreadsheet_import import csv_file, row, run
from processes.tests.processes import Output, copy_of_test_database, environment_for, start_worker, stop, wait_until

ROWS = 2000

# What a coordinator's request does, run as a process of its own beside the worker: import the file,
# then invite one of the new points of contact (whose e-mail the worker must still deliver).
IMPORT_THEN_INVITE = """
import django
django.setup()
from accounts.principal import principal_for
from accounts.models import Role, User
from accounts.services import invite
from import_export.importing import import_records
from import_export.spreadsheets import read_spreadsheet
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


# A request applying a large file, run as a process of its own.
IMPORT = """
import django
django.setup()
from accounts.principal import principal_for
from accounts.models import User
from directory.models import Directory
from import_export.importing import import_records
from import_export.spreadsheets import read_spreadsheet

coordinator = User.objects.get(email={coordinator!r})
records, problems = read_spreadsheet(open({path!r}, "rb").read())
import_records(
    records, problems=problems, directory=Directory.objects.get(slug="un"), principal=principal_for(coordinator),
    user=coordinator, apply=True, update_contacts=True,
)
"""

# How long a writer beside the import may wait for the database: "a couple of seconds" (the worker itself
# waits up to five, then tries again).
PATIENCE_SECONDS = 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="one writer at a time is SQLite's case")
def test_a_writer_beside_a_large_import_never_waits_more_than_a_couple_of_seconds(network, transactional_db, tmp_path):
    """What the worker does all the time (claim a task, mark an e-mail sent) goes on while the file is written.

    The file changes a thousand contacts (a new title and phone each) and adds a thousand.
    """
    half = ROWS // 2
    run(network, csv_file(*(row(name=f"Analyst {n}", emails=f"analyst{n}@cert.mx.example.org") for n in range(half))))
    spreadsheet = tmp_path / "nominations.csv"
    spreadsheet.write_bytes(
        csv_file(
            *(
                row(
                    name=f"Analyst {n}",
                    emails=f"analyst{n}@cert.mx.example.org",
                    title="Incident handler",
                    phones=f"+52 55 1111 {n:04d}",
                )
                for n in range(ROWS)
            )
        )
    )
    database = copy_of_test_database(tmp_path)
    writer = sqlite3.connect(database, timeout=PATIENCE_SECONDS, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")  # as Enlace opens its database
    writer.execute("CREATE TABLE writer_beside_the_import (at REAL)")
    script = IMPORT.format(coordinator=network.coordinator_mex.email, path=str(spreadsheet))
    request = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "enlace.settings"},
        stderr=subprocess.PIPE,
        text=True,
    )
    written, refused = 0, []
    try:
        while request.poll() is None:
            try:
                writer.execute("BEGIN IMMEDIATE")
                writer.execute("INSERT INTO writer_beside_the_import VALUES (?)", [time.time()])
                writer.execute("COMMIT")
                written += 1
            except sqlite3.OperationalError as error:  # "database is locked": it waited its patience out
                refused.append(str(error))
                if writer.in_transaction:
                    writer.execute("ROLLBACK")
            time.sleep(0.05)
    finally:
        if request.poll() is None:
            request.kill()
        _output, errors = request.communicate(timeout=60)
    assert request.returncode == 0, errors
    assert refused == []
    assert written > 10, "the writer wrote all along"
    [(nominated, changed)] = writer.execute(
        "SELECT COUNT(*), SUM(c.title = 'Incident handler') FROM directory_nomination n"
        " JOIN directory_contact c ON c.id = n.contact_id WHERE c.name LIKE 'Analyst %'"
    )
    writer.close()
    assert (nominated, changed) == (ROWS, ROWS)


@pytest.fixture
def settings_with_database_tasks(settings):
    """The child processes use the real task queue in the database, as `make run` does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    return settings
