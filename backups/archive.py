"""Backups that restore: the database and the uploaded files, taken at one moment, in one directory.

A backup is a directory ``enlace-<UTC time>`` holding the database (``database.dump``, PostgreSQL's custom
format, or ``database.sqlite3``), the uploaded files under ``media/`` and ``manifest.json``: when it was
made, by which version of Enlace, the migrations applied, the rows of every table, the SHA-256 of the
database file and of every file. It is written as ``….partial`` and renamed once complete, so a directory
without the suffix is a whole backup.

Consistency: the database is read at one moment (PostgreSQL: ``pg_dump`` in a snapshot exported from a
repeatable-read transaction, which also counts the rows and lists the files the rows name; SQLite: the online
backup API, then the copy is read). The files are copied afterwards. A file is written to storage before the
row naming it is committed, so every file the snapshot names is already there; one missing when copied (deleted
since) fails the backup. A file uploaded after the snapshot is copied if it is found, marked as named by no
row: restoring it is harmless, nothing points at it.

No secret is in a backup: ``SECRET_KEY`` and the other settings come from the environment. Content of AMBER
and above is never stored (it is delivered encrypted and forgotten), so there is no key for data at rest.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.models import FileField

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup, check or restore that cannot go on; the message says why."""


@dataclass
class DatabaseState:
    """What the database held at the moment it was copied."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]
    referenced: set[str]
    server_version: str = ""
    tool_version: str = ""


@dataclass
class Check:
    """The outcome of checking a backup: what is wrong with it, if anything."""

    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def program(name: str) -> str:
    """The full path of a program on PATH (pg_dump, pg_restore, git)."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (or not on PATH).")
    return path


def enlace_version() -> str:
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as stream:
        return tomllib.load(stream)["project"]["version"]


def code_revision() -> str:
    """The git commit the code was run from, where it is a git checkout (empty otherwise)."""
    try:
        result = subprocess.run(
            [program("git"), "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10
        )
    except (BackupError, OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


# --- Taking a backup -----------------------------------------------------------------------------------------


def create_backup(destination: Path, using: str = "default", storage: Storage | None = None) -> Path:
    """Back up the database and the uploaded files into a new directory under ``destination``; return it."""
    storage = storage or default_storage
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DUMP:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    created = datetime.now(UTC)
    name = f"enlace-{created:%Y%m%dT%H%M%S%fZ}"
    final = Path(destination) / name
    partial = Path(destination) / f"{name}.partial"
    partial.mkdir(parents=True)
    try:
        dump = partial / DUMP[vendor]
        state = _dump_postgresql(using, dump) if vendor == "postgresql" else _dump_sqlite(connection, dump)
        files = _copy_media(storage, partial / MEDIA, state.referenced)
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "enlace_version": enlace_version(),
            "code_revision": code_revision(),
            "database": {
                "vendor": vendor,
                "file": dump.name,
                "sha256": sha256_of(dump),
                "size": dump.stat().st_size,
                "server_version": state.server_version,
                "tool_version": state.tool_version,
            },
            "migrations": state.migrations,
            "tables": state.tables,
            "files": files,
            "secrets": "not included: keep SECRET_KEY and the other settings apart from the backups",
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(final)
    return final


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field: the rows that name uploaded files."""
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
        for field in model._meta.concrete_fields
        if isinstance(field, FileField)
    ]


def _read_state(cursor, tables: list[str], quote) -> DatabaseState:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the schema)
        counts[table] = cursor.fetchone()[0]
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    referenced = set()
    for table, column in _file_columns():
        if table in tables:
            cursor.execute(f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} <> ''")  # noqa: S608
            referenced.update(name for (name,) in cursor.fetchall() if name)
    return DatabaseState(counts, migrations, referenced)


# PostgreSQL


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's environment for the client programs, so that no password is on a command line."""
    environment = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    environment["PGDATABASE"] = settings_dict["NAME"]
    options = settings_dict.get("OPTIONS", {})
    for variable, key in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert")):
        if options.get(key):
            environment[variable] = str(options[key])
    return environment


def pg_tool_version(tool: str, connection: BaseDatabaseWrapper) -> str:
    """``tool --version``, refused when older than the server (it could not read or write its format)."""
    try:
        version = subprocess.run(
            [program(tool), "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(f"{tool} cannot be run: {error}") from error
    found = re.search(r"(\d+)(?:\.(\d+))?", version)
    server_major = connection.pg_version // 10000
    if found is None or int(found.group(1)) < server_major:
        raise BackupError(
            f"{version} is older than the PostgreSQL {server_major} server: install {tool} {server_major}."
        )
    return version


def _pg_server_version(connection: BaseDatabaseWrapper) -> str:
    major, rest = divmod(connection.pg_version, 10000)
    return f"{major}.{rest}"


def _dump_postgresql(using: str, path: Path) -> DatabaseState:
    """``pg_dump`` of a snapshot, counted and read in that same snapshot."""
    connection = connections.create_connection(using)
    try:
        connection.ensure_connection()
        tool = pg_tool_version("pg_dump", connection)
        connection.set_autocommit(False)
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            result = subprocess.run(
                [program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={path}"],
                env=_pg_environment(connection.settings_dict),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
            tables = connection.introspection.table_names(cursor)
            state = _read_state(cursor, tables, connection.ops.quote_name)
        state.server_version, state.tool_version = _pg_server_version(connection), tool
        return state
    finally:
        if connection.connection is not None:
            connection.rollback()
        connection.close()


# SQLite


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_tables(database: sqlite3.Connection) -> list[str]:
    rows = database.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return [name for (name,) in rows]


def _dump_sqlite(connection: BaseDatabaseWrapper, path: Path) -> DatabaseState:
    """SQLite's online backup (one consistent copy while others write), then the copy is read."""
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        state = _read_state(copy.cursor(), _sqlite_tables(copy), _sqlite_quote)
        state.server_version = sqlite3.sqlite_version
        state.tool_version = f"sqlite3 online backup API (SQLite {sqlite3.sqlite_version})"
        return state
    finally:
        copy.close()


# Files


def _walk(storage: Storage, folder: str = ""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _walk(storage, f"{folder}/{directory}" if folder else directory)


def _copy_media(storage: Storage, into: Path, referenced: set[str]) -> list[dict]:
    try:
        names = sorted(_walk(storage))
    except FileNotFoundError:  # no upload yet: the folder does not exist
        names = []
    copied = []
    for name in names:
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with storage.open(name, "rb") as source, target.open("wb") as stream:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    stream.write(chunk)
        except FileNotFoundError:
            target.unlink(missing_ok=True)
            continue  # deleted while the backup ran; if a row names it, it is reported below
        copied.append(
            {
                "name": name,
                "sha256": digest.hexdigest(),
                "size": target.stat().st_size,
                "referenced": name in referenced,
            }
        )
    missing = sorted(referenced - {entry["name"] for entry in copied})
    if missing:
        raise BackupError(f"Files named by the database are missing from storage: {', '.join(missing)}.")
    return copied


# --- Checking a backup ---------------------------------------------------------------------------------------


def read_manifest(backup: Path) -> dict:
    try:
        manifest = json.loads((Path(backup) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{backup} has no readable {MANIFEST}: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{backup} is in backup format {manifest.get('format')!r}; this Enlace reads {FORMAT}.")
    return manifest


def _safe_member(backup: Path, name: str) -> Path:
    path = (backup / MEDIA / name).resolve()
    if not path.is_relative_to((backup / MEDIA).resolve()):
        raise BackupError(f"The manifest names a file outside the backup: {name!r}.")
    return path


def verify_backup(backup: Path) -> Check:
    """Every member is there with its recorded hash, and the database copy can be read."""
    backup = Path(backup)
    check = Check()
    try:
        manifest = read_manifest(backup)
    except BackupError as error:
        return Check([str(error)])
    database = manifest["database"]
    dump = backup / database["file"]
    if not dump.is_file():
        check.problems.append(f"The database file {database['file']} is missing.")
    elif sha256_of(dump) != database["sha256"]:
        check.problems.append(f"The database file {database['file']} does not match its SHA-256.")
    elif database["vendor"] == "postgresql":
        try:
            listed = subprocess.run([program("pg_restore"), "--list", str(dump)], capture_output=True, text=True)
        except BackupError as error:
            check.problems.append(str(error))
        else:
            if listed.returncode != 0:
                check.problems.append(f"pg_restore cannot read {dump.name}: {listed.stderr.strip()}")
    else:
        check.problems.extend(_check_sqlite_copy(dump, manifest["tables"]))
    recorded = set()
    for entry in manifest["files"]:
        recorded.add(entry["name"])
        try:
            path = _safe_member(backup, entry["name"])
        except BackupError as error:
            check.problems.append(str(error))
            continue
        if not path.is_file():
            check.problems.append(f"The file {entry['name']} is missing.")
        elif sha256_of(path) != entry["sha256"]:
            check.problems.append(f"The file {entry['name']} does not match its SHA-256.")
    media = backup / MEDIA
    if media.is_dir():
        for path in sorted(media.rglob("*")):
            name = path.relative_to(media).as_posix()
            if path.is_file() and name not in recorded:
                check.problems.append(f"The file {name} is not in the manifest.")
    return check


def _check_sqlite_copy(dump: Path, tables: dict[str, int]) -> list[str]:
    try:
        copy = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [f"{dump.name} cannot be opened: {error}"]
    try:
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return [f"{dump.name} fails SQLite's integrity check."]
        return _count_differences(
            {
                table: copy.execute(f"SELECT COUNT(*) FROM {_sqlite_quote(table)}").fetchone()[0]  # noqa: S608
                for table in _sqlite_tables(copy)
            },
            tables,
        )
    except sqlite3.Error as error:
        return [f"{dump.name} cannot be read: {error}"]
    finally:
        copy.close()


def _count_differences(found: dict[str, int], recorded: dict[str, int]) -> list[str]:
    problems = []
    for table in sorted(set(found) | set(recorded)):
        if found.get(table) != recorded.get(table):
            problems.append(f"Table {table}: {found.get(table)} rows, the manifest says {recorded.get(table)}.")
    return problems


# --- Restoring -----------------------------------------------------------------------------------------------


def table_counts(using: str = "default") -> dict[str, int]:
    connection = connections[using]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            tables = [name for (name,) in cursor.fetchall()]
        return _read_state(cursor, tables, connection.ops.quote_name).tables


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the backup's database has that this code does not (it was made by a newer Enlace)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    ]


def restore_backup(backup: Path, using: str = "default", storage: Storage | None = None, replace: bool = False) -> dict:
    """Restore ``backup`` into this instance's database and storage, which must be empty unless ``replace``.

    Returns the manifest. Raises ``BackupError`` before writing anything when the backup fails its check,
    comes from a newer Enlace, or the instance is not empty.
    """
    backup = Path(backup)
    storage = storage or default_storage
    check = verify_backup(backup)
    if not check.ok:
        raise BackupError("The backup fails its check:\n" + "\n".join(check.problems))
    manifest = read_manifest(backup)
    connection = connections[using]
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(f"A {manifest['database']['vendor']} backup cannot be restored into {connection.vendor}.")
    newer = unknown_migrations(manifest)
    if newer:
        raise BackupError(
            f"The backup was made by a newer Enlace (migrations {', '.join(newer)}): restore it with that."
        )
    if not replace:
        with connection.cursor() as cursor:
            if connection.introspection.table_names(cursor):
                raise BackupError("The database is not empty: restore into an empty one, or give --replace.")
        try:
            directories, files = storage.listdir("")
        except FileNotFoundError:
            directories, files = [], []
        if directories or files:
            raise BackupError("The uploaded files' storage is not empty: restore into an empty one, or give --replace.")
    dump = backup / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        _restore_postgresql(connection, dump, replace)
    else:
        _restore_sqlite(connection, dump)
    for entry in manifest["files"]:
        if replace and storage.exists(entry["name"]):
            storage.delete(entry["name"])
        with _safe_member(backup, entry["name"]).open("rb") as stream:
            saved = storage.save(entry["name"], File(stream))
        if saved != entry["name"]:
            raise BackupError(f"The file {entry['name']} was stored as {saved}.")
    differences = _count_differences(table_counts(using), manifest["tables"])
    if differences:
        raise BackupError("The restored database differs from the backup:\n" + "\n".join(differences))
    return manifest


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path, replace: bool) -> None:
    connection.ensure_connection()
    pg_tool_version("pg_restore", connection)
    command = [program("pg_restore"), "--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges"]
    if replace:
        command += ["--clean", "--if-exists"]
    environment = _pg_environment(connection.settings_dict)
    command += [f"--dbname={environment['PGDATABASE']}", str(dump)]
    connection.close()  # no session of ours holds a lock the restore waits for
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
