"""Inserting many rows at once, for the hot paths of a ping round (pings, outbox rows, delivery attempts).

Why not only ``bulk_create``: it builds a model instance for every row and runs
every field of it through the ORM's preparation, which costs several times what
PostgreSQL spends storing the row; a round of 100,000 pings writes several
hundred thousand rows. On PostgreSQL, ``insert_rows`` takes the new ids from
the table's sequence in one statement and streams the rows with ``COPY`` (a
single row, such as a confirmation's change-log entry, goes in with one
``INSERT ... RETURNING``); on SQLite (the embedded quick start) it writes
multi-row ``INSERT ... RETURNING`` statements itself; elsewhere it hands them to
``bulk_create``. Either way the result is the same rows, ids in row order, and
the caller's transaction holds them. ``update_rows`` changes many rows with one statement run per row.

``reserve_ids`` takes ids from the tables' own numbering before anything is
written, so that a writer can prepare rows that point at each other (a contact
and its addresses, and their change-log entries) before its transaction, and
``value_preparers`` turns Python values into what the database driver stores.

Values go in as the fields' Python values (a ``uuid.UUID``, an aware
``datetime``, a ``dict`` for a JSON field); columns left out take their field's
default (called per row when callable, such as ``uuid.uuid4``; what
``Model()`` would leave there otherwise), and ``auto_now`` / ``auto_now_add``
fields one timestamp for the whole call.
"""

import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone
from psycopg import sql


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> list[int]:
    """Insert ``rows`` (values in the order of ``fields``) into ``model``'s table; returns their new ids."""
    rows = list(rows)
    if not rows:
        return []
    # One row goes in with one INSERT: COPY would take three round trips for it, and bulk_create spends
    # more building the statement than PostgreSQL spends storing the row (a ping's change-log entry).
    if connection.vendor == "sqlite" or (connection.vendor == "postgresql" and len(rows) == 1):
        return _insert_returning(model, tuple(fields), rows)
    given = [model._meta.get_field(name) for name in fields]
    missing = missing_columns(model, given)
    if connection.vendor == "postgresql":
        return _copy(model, given, missing, rows)
    instances = []
    for row in rows:
        values = {field.attname: value for field, value in zip(given, row, strict=True)}
        values.update((field.attname, fill()) for field, fill in missing)
        instances.append(model(**values))
    return [instance.pk for instance in model.objects.bulk_create(instances)]


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Set ``fields`` of many rows: each row is (primary key, *values in the order of ``fields``).

    One statement run for every row (``executemany``): unlike ``bulk_update``, whose
    ``CASE WHEN`` grows with the rows and costs more to build than to run.
    """
    rows = list(rows)
    if not rows:
        return
    given = [model._meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in given)
    pk = connection.ops.quote_name(model._meta.pk.column)
    statement = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (the model's own quoted names)
    params = [
        [*(field.get_db_prep_save(value, connection) for field, value in zip(given, values, strict=True)), key]
        for key, *values in rows
    ]
    with connection.cursor() as cursor:
        if len(params) == 1:  # executemany would open a pipeline for it (psycopg)
            cursor.execute(statement, params[0])
        else:
            cursor.executemany(statement, params)


def reserve_ids(counts: Mapping[type[models.Model], int]) -> dict[type[models.Model], list[int]]:
    """New ids for rows about to be inserted with their ids given, ``counts[model]`` of each, in ascending order.

    They come from each table's own numbering, as the database would give them: on PostgreSQL the
    table's sequence (one statement for every table); on SQLite the counter of its AUTOINCREMENT key
    (``sqlite_sequence``, which SQLite documents as changeable by ordinary statements), moved on in
    one short write. Ids reserved and never used are skipped, as a rolled-back insert skips its own.
    """
    wanted = [(model, count) for model, count in counts.items() if count > 0]
    reserved: dict[type[models.Model], list[int]] = {model: [] for model in counts}
    if not wanted:
        return reserved
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            selects = [
                sql.SQL("SELECT {}, nextval({}::regclass) FROM generate_series(1, {})").format(
                    sql.Literal(index),
                    sql.Literal(_sequence_of(cursor, model._meta.db_table, model._meta.pk.column)),
                    sql.Literal(count),
                )
                for index, (model, count) in enumerate(wanted)
            ]
            cursor.execute(sql.SQL(" UNION ALL ").join(selects).as_string())
            for index, pk in cursor.fetchall():
                reserved[wanted[index][0]].append(pk)
        for ids in reserved.values():
            ids.sort()
        return reserved
    if connection.vendor != "sqlite":
        raise NotImplementedError("reserve_ids: PostgreSQL and SQLite only")
    tables = {model._meta.db_table: (model, count) for model, count in wanted}
    cases = " ".join("WHEN %s THEN %s" for _table in tables)
    names = ", ".join("%s" for _table in tables)
    with transaction.atomic(), connection.cursor() as cursor:
        # A table that never held a row has no counter yet: it starts at 0, as SQLite would start it.
        cursor.executemany(
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0"
            " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)",
            [(table, table) for table in tables],
        )
        cursor.execute(
            f"UPDATE sqlite_sequence SET seq = seq + CASE name {cases} END WHERE name IN ({names}) RETURNING name, seq",  # noqa: S608 (placeholders only)
            [*(value for table, (_model, count) in tables.items() for value in (table, count)), *tables],
        )
        for table, last in cursor.fetchall():
            model, count = tables[table]
            reserved[model] = list(range(last - count + 1, last + 1))
    return reserved


def value_preparers(fields: Sequence[models.Field]) -> list[Callable | None]:
    """For each field, what turns its Python value into what this database's driver is given, as Django would.

    None where the value goes as it is (most columns: texts, numbers, keys). JSON is written as its
    text, which both databases read into their JSON column (what Django sends, minus a wrapper; on
    PostgreSQL, for a field without its own encoder, orjson's compact text of the same value).
    """
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: each value prepared asks it for its backend
    as_is = _AS_IS_SQLITE if database.vendor == "sqlite" else (*_AS_IS, models.DateField, models.TimeField)
    preparers = []
    for field in fields:
        if isinstance(field, models.JSONField):
            preparers.append(_json_text(field, database.vendor))
        elif isinstance(field, as_is):
            preparers.append(None)
        else:
            preparers.append(_prepared_by(field, database))
    return preparers


def _json_text(field: models.JSONField, vendor: str) -> Callable:
    if vendor == "postgresql" and field.encoder is None:
        # PostgreSQL keeps a jsonb value, not its text: orjson's compact text is the same value, written in a
        # fraction of the time (an import's change-log entries are tens of thousands of them).
        def compact(value):
            return None if value is None else orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()

        return compact

    def text(value):
        return None if value is None else json.dumps(value, cls=field.encoder)

    return text


def _prepared_by(field: models.Field, database) -> Callable:
    return lambda value: field.get_db_prep_save(value, database)


def missing_columns(model: type[models.Model], given: list[models.Field]) -> list[tuple[models.Field, Callable]]:
    """The concrete fields the caller left out (but the primary key), each with what fills it."""
    named = {field.attname for field in given}
    now = timezone.now()
    missing = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in named:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            missing.append((field, _constant(now)))
        elif field.has_default() and callable(field.default):
            missing.append((field, field.get_default))
        else:
            # Its default, or what Django would store without one ("" for text, NULL where allowed).
            missing.append((field, _constant(field.get_default())))
    return missing


def _constant(value) -> Callable:
    return lambda: value


def _copy(model, given, missing, rows) -> list[int]:
    table = connection.ops.quote_name(model._meta.db_table)
    pk_column = model._meta.pk.column
    columns = [pk_column, *(field.column for field in given), *(field.column for field, _fill in missing)]
    preparers = [_preparer(field) for field in given] + [_preparer(field) for field, _fill in missing]
    fills = [fill for _field, fill in missing]
    with connection.cursor() as cursor:
        sequence = _sequence_of(cursor, model._meta.db_table, pk_column)
        # The sequence is named as a literal: through a parameter, PostgreSQL looked it up once per row.
        cursor.execute(
            sql.SQL("SELECT nextval({}::regclass) FROM generate_series(1, %s)")
            .format(sql.Literal(sequence))
            .as_string(),
            [len(rows)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        # Django's cursor wrapper has no COPY; the psycopg cursor under it does.
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                values = [*row, *(fill() for fill in fills)]
                copy.write_row([pk, *(prepare(value) for prepare, value in zip(preparers, values, strict=True))])
    return ids


# Fields whose Python values psycopg writes exactly as Django would on PostgreSQL.
_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateTimeField,
    models.UUIDField,
    models.ForeignKey,
)


def _sequence_of(cursor, table: str, column: str) -> str:
    """The sequence that numbers ``table.column``, looked up once per process and database."""
    key = (table, column, connection.settings_dict["NAME"])
    if key not in _sequences:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
        _sequences[key] = cursor.fetchone()[0]
    return _sequences[key]


_sequences: dict[tuple[str, str, str], str] = {}


def _preparer(field: models.Field) -> Callable:
    """How a value of ``field`` goes to psycopg: as it is where that is what Django sends, else through the field."""
    if isinstance(field, _AS_IS):
        return _as_is
    return lambda value: field.get_db_prep_save(value, connection)


def _as_is(value):
    return value


# On SQLite: fields whose Python values the sqlite3 module stores exactly as Django would.
_AS_IS_SQLITE = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def _insert_returning(model, fields: tuple[str, ...], rows) -> list[int]:
    """Multi-row ``INSERT ... RETURNING`` statements built here (``bulk_create`` spends more on building each
    row's SQL than SQLite spends storing it): every row on SQLite, a single row on PostgreSQL."""
    database = connections[DEFAULT_DB_ALIAS]  # not the proxy: each value prepared asks it for its backend
    plan = _insert_plan(model, fields, database.vendor)
    preparers, fills = plan.preparers, plan.per_row
    # A column left out is filled per row when its default is callable, else with one value prepared once.
    now = timezone.now()
    constants = [
        _prepare(prepare, now if auto else field.get_default(), database) for field, auto, prepare in plan.constant
    ]
    ids = []
    with database.cursor() as cursor:
        for start in range(0, len(rows), plan.per_statement):
            chunk = rows[start : start + plan.per_statement]
            params = []
            for row in chunk:
                values = [*row, *(fill() for fill in fills)]
                params.extend(
                    _prepare(prepare, value, database) for prepare, value in zip(preparers, values, strict=True)
                )
                params.extend(constants)
            statement = f"{plan.head}{', '.join([plan.placeholder] * len(chunk))}{plan.tail}"
            cursor.execute(statement, params)
            # Rowids are given in the order the rows go in; RETURNING may list them in another.
            ids.extend(sorted(row[0] for row in cursor.fetchall()))
    return ids


def _prepare(prepare: Callable | None, value, database):
    return value if prepare is None else prepare(value, database)


@dataclass(frozen=True)
class _InsertPlan:
    """What ``_insert_returning`` needs of a model and its given columns, worked out once per process."""

    head: str  # INSERT INTO table (columns) VALUES
    placeholder: str  # one row's
    tail: str  # RETURNING its key
    per_statement: int  # rows in one statement, within the database's limit on parameters
    preparers: tuple[Callable | None, ...]  # per given column then per column filled per row; None: as it is
    per_row: tuple[Callable, ...]  # what fills each column left out whose default is callable, per row
    constant: tuple[tuple[models.Field, bool, Callable | None], ...]  # other columns left out: (field, auto_now, …)


@functools.cache
def _insert_plan(model: type[models.Model], fields: tuple[str, ...], vendor: str) -> _InsertPlan:
    database = connections[DEFAULT_DB_ALIAS]
    as_is = _AS_IS_SQLITE if vendor == "sqlite" else _AS_IS

    def preparer(field: models.Field) -> Callable | None:
        if isinstance(field, as_is):
            return None
        return field.get_db_prep_save

    given = [model._meta.get_field(name) for name in fields]
    missing = [field for field, _fill in missing_columns(model, given)]
    per_row = [field for field in missing if _is_per_row(field)]
    constant = [field for field in missing if not _is_per_row(field)]
    columns = [*given, *per_row, *constant]
    names = ", ".join(database.ops.quote_name(field.column) for field in columns)
    limit = database.features.max_query_params
    return _InsertPlan(
        head=f"INSERT INTO {database.ops.quote_name(model._meta.db_table)} ({names}) VALUES ",  # noqa: S608
        placeholder="(" + ", ".join(["%s"] * len(columns)) + ")",
        tail=f" RETURNING {database.ops.quote_name(model._meta.pk.column)}",
        per_statement=(limit // len(columns) or 1) if limit is not None else 1_000_000_000,
        preparers=tuple(preparer(field) for field in [*given, *per_row]),
        per_row=tuple(field.get_default for field in per_row),
        constant=tuple(
            (field, getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False), preparer(field))
            for field in constant
        ),
    )


def _is_per_row(field: models.Field) -> bool:
    auto = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    return not auto and field.has_default() and callable(field.default)
