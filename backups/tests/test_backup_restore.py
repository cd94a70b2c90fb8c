"""A backup restores into an empty instance that then works: sign-in, directories, documents byte for byte."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from backups.archive import MANIFEST, create_backup, read_manifest, verify_backup
from backups.smoke import observe
from enlace.testing.factories import PASSWORD, ContactFactory, DocumentFactory, InstitutionFactory, NominationFactory
from repository.choices import Visibility
from repository.pdf import make_pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backed_up_world(network, settings):
    """The network, two more contacts nominated to the OAS network, and a document of Mexico with its PDF.

    Argentina's point of contact signs in on the restored instance, in a process with the production settings:
    its password is hashed as they hash it (the tests' own hasher is a faster one).
    """
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    network.poc_arg.set_password(PASSWORD)
    network.poc_arg.save(update_fields=["password"])
    institution = InstitutionFactory(state=network.mexico, name="Ministerio de Respaldo")
    for name in ("Pointperson Respaldo Uno", "Pointperson Respaldo Dos"):
        NominationFactory(directory=network.oas, contact=ContactFactory(institution=institution, name=name))
    document = DocumentFactory(state=network.mexico, name="Plan de Respaldo", visibility=Visibility.PARTICIPANTS)
    document.file.save("plan.pdf", ContentFile(make_pdf(["Plan de respaldo"])), save=False)
    document.file_type = "pdf"
    document.save()
    return network, document


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a database nothing was ever written to: a new file, or a new PostgreSQL database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{connection.settings_dict['NAME']}_restore"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    given = connection.settings_dict
    credentials = given["USER"] + (f":{given['PASSWORD']}" if given["PASSWORD"] else "")
    yield f"postgres://{credentials}@{given['HOST'] or '127.0.0.1'}:{given['PORT'] or 5432}/{name}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*arguments: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """``manage.py`` in a process of its own, as an operator runs it on the new machine."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "ENLACE_SMOKE_PASSWORD": PASSWORD,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_into_an_empty_instance_that_shows_the_same(backed_up_world, empty_database, tmp_path):
    network, document = backed_up_world
    before = observe(network.poc_arg.email, PASSWORD)
    backup = create_backup(tmp_path / "backups")
    restored_media = tmp_path / "restored-media"

    restored = manage("restore", str(backup), database_url=empty_database, media_root=restored_media)
    assert restored.returncode == 0, restored.stderr
    smoke = manage(
        "smoke_check",
        "--email",
        network.poc_arg.email,
        "--against",
        str(backup),
        database_url=empty_database,
        media_root=restored_media,
    )

    assert smoke.returncode == 0, smoke.stderr
    after = json.loads(smoke.stdout)
    assert after["signed_in"]
    assert after["directories"] == before.directories
    assert after["directories"]["oas"]["active_nominations"] == 2
    assert after["documents"][str(document.code)]["sha256"] == before.documents[str(document.code)]["sha256"]
    assert (restored_media / document.file.name).read_bytes() == document.file.open("rb").read()


def test_the_manifest_records_each_member_the_rows_and_the_migrations(backed_up_world, tmp_path):
    _network, document = backed_up_world

    manifest = read_manifest(create_backup(tmp_path))

    assert [entry["name"] for entry in manifest["files"] if entry["referenced"]] == [document.file.name]
    assert manifest["tables"]["repository_document"] == 1
    assert "0001_initial" in manifest["migrations"]["repository"]
    assert manifest["database"]["vendor"] == connection.vendor
    assert "SECRET_KEY" not in json.dumps(manifest).replace("keep SECRET_KEY", "")


def test_a_changed_file_fails_the_check_by_name(backed_up_world, tmp_path):
    _network, document = backed_up_world
    backup = create_backup(tmp_path)
    (backup / "media" / document.file.name).write_bytes(b"not the plan")

    check = verify_backup(backup)

    assert check.problems == [f"The file {document.file.name} does not match its SHA-256."]


def test_a_changed_database_copy_fails_the_check(backed_up_world, tmp_path):
    backup = create_backup(tmp_path)
    manifest = read_manifest(backup)
    with (backup / manifest["database"]["file"]).open("ab") as dump:
        dump.write(b"\0")

    assert verify_backup(backup).problems == [
        f"The database file {manifest['database']['file']} does not match its SHA-256."
    ]


def test_a_backup_that_verifies_says_ok(backed_up_world, tmp_path, capsys):
    backup = create_backup(tmp_path)

    call_command("verify_backup", str(backup))

    assert capsys.readouterr().out.strip() == f"OK {backup}"
    assert (backup / MANIFEST).is_file()


def test_restore_refuses_a_database_that_is_not_empty(backed_up_world, tmp_path):
    backup = create_backup(tmp_path)

    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore", str(backup))
    assert verify_backup(backup).ok
