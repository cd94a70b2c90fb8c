"""Many rows for several tables written as one short transaction: staged first, then moved by set statements.

A writer with thousands of rows (the spreadsheet import) prepares every one of them before it
writes (ids taken beforehand with ``bulk_insert.reserve_ids``, so rows can already point at each
other), then ``StagedWrites.write()``:

1. *stages* them: each operation's rows go into a temporary table of the connection (``COPY`` on
   PostgreSQL, one ``executemany`` on SQLite). A temporary table is the connection's alone, and
   SQLite keeps it outside the database file: staging holds no lock that the worker or another
   request could wait for, however long it takes;
2. *writes* them in one transaction of set statements, one per operation whatever the number of
   rows (``INSERT … SELECT``, ``UPDATE … FROM``, ``DELETE … WHERE EXISTS``), which the database
   runs without a round trip, a parameter or a line of Python per row. All of it, or on any error
   none of it.

On SQLite, where a write transaction keeps every other writer waiting, this keeps the import's
write transaction to the time the database needs to copy the rows in; on PostgreSQL, where
readers never wait for a writer, it also keeps row locks short.

A guarded update or delete changes a row only if some of its columns still hold what the writer
read (its ``updated`` time, its status): if someone changed one of the rows since, ``StaleRows``
is raised and the transaction rolled back, so nothing is overwritten unseen.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, models, transaction

from enlace.bulk_insert import missing_columns, value_preparers

_STAGE = "enlace_stage_{}"


class StaleRows(Exception):
    """A guarded row changed (or went) since it was read; nothing was written."""


@dataclass
class _Operation:
    action: str  # "insert", "update" or "delete"
    model: type[models.Model]
    columns: list[str]  # attnames: for an update or a delete, the primary key first
    rows: list[Sequence]
    guard: list[str] = field(default_factory=list)  # attnames whose value as read ends each row
    fills: list = field(default_factory=list)  # (field, fill) of the columns an insert leaves to their defaults

    def fields(self) -> list[models.Field]:
        meta = self.model._meta
        named = [meta.get_field(name) for name in self.columns]
        return [*named, *(meta.get_field(name) for name in self.guard), *(fill[0] for fill in self.fills)]


class StagedWrites:
    """Rows to insert, update and delete, table by table, in the order they are added."""

    def __init__(self) -> None:
        self._operations: list[_Operation] = []

    def insert(self, model: type[models.Model], columns: Sequence[str], rows: list[Sequence]) -> None:
        """New rows, their ids given (``columns`` name the primary key); columns left out take their defaults."""
        if rows:
            given = [model._meta.get_field(name) for name in columns]
            self._operations.append(
                _Operation("insert", model, list(columns), rows, fills=missing_columns(model, given))
            )

    def update(
        self, model: type[models.Model], columns: Sequence[str], rows: list[Sequence], guard: Sequence[str] = ()
    ) -> None:
        """Set ``columns`` of existing rows: each row is (primary key, *values, *the guard columns' values as read)."""
        if rows:
            self._operations.append(_Operation("update", model, [model._meta.pk.attname, *columns], rows, list(guard)))

    def delete(self, model: type[models.Model], rows: list[Sequence], guard: Sequence[str] = ()) -> None:
        """Delete rows: each is (primary key, *the guard columns' values as read)."""
        if rows:
            self._operations.append(_Operation("delete", model, [model._meta.pk.attname], rows, list(guard)))

    def __bool__(self) -> bool:
        return bool(self._operations)

    def write(self) -> None:
        """Stage every row, then write them all in one transaction; StaleRows (and nothing written) if a guard fails."""
        staged = []
        try:
            with connection.cursor() as cursor:
                for operation in self._operations:
                    staged.append(_stage(cursor, operation, _STAGE.format(len(staged))))
            with transaction.atomic(), connection.cursor() as cursor:
                for operation, table in zip(self._operations, staged, strict=True):
                    _apply(cursor, operation, table)
        finally:
            if staged:
                _drop(staged)


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: type[models.Model], attname: str) -> str:
    return _quoted(model._meta.get_field(attname).column)


def _stage(cursor, operation: _Operation, table: str) -> str:
    """A temporary table with the operation's columns (typed as the target's), holding its rows."""
    model = operation.model
    columns = [_column(model, name) for name in operation.columns]
    columns += [f"{_column(model, name)} AS {_quoted('was_' + name)}" for name in operation.guard]
    columns += [_quoted(fill[0].column) for fill in operation.fills]
    # Only the models' own quoted names are put into these statements; every value is a parameter.
    source = f"SELECT {', '.join(columns)} FROM {_quoted(model._meta.db_table)} WHERE 1 = 0"  # noqa: S608
    cursor.execute(f"CREATE TEMPORARY TABLE {_quoted(table)} AS {source}")
    preparers = value_preparers(operation.fields())
    width = len(preparers)
    prepare = [(index, preparer) for index, preparer in enumerate(preparers) if preparer is not None]
    fills = [fill for _field, fill in operation.fills]

    def prepared(row) -> list:
        values = [*row, *(fill() for fill in fills)]
        for index, preparer in prepare:
            values[index] = preparer(values[index])
        return values

    if connection.vendor == "postgresql":
        # Django's cursor wrapper has no COPY; the psycopg cursor under it does.
        with cursor.cursor.copy(f"COPY {_quoted(table)} FROM STDIN") as copy:
            for row in operation.rows:
                copy.write_row(prepared(row))
    else:
        insert = f"INSERT INTO {_quoted(table)} VALUES ({', '.join(['%s'] * width)})"  # noqa: S608
        cursor.executemany(insert, [prepared(row) for row in operation.rows])
    return table


def _apply(cursor, operation: _Operation, table: str) -> None:
    model = operation.model
    target, stage, pk = _quoted(model._meta.db_table), _quoted(table), _quoted(model._meta.pk.column)
    guards = "".join(f" AND {target}.{_column(model, name)} = s.{_quoted('was_' + name)}" for name in operation.guard)
    if operation.action == "insert":
        names = ", ".join(
            [
                *(_column(model, name) for name in operation.columns),
                *(_quoted(f.column) for f, _fill in operation.fills),
            ]
        )
        cursor.execute(f"INSERT INTO {target} ({names}) SELECT {names} FROM {stage}")  # noqa: S608
        return
    if operation.action == "update":
        assignments = ", ".join(f"{_column(model, name)} = s.{_column(model, name)}" for name in operation.columns[1:])
        statement = f"UPDATE {target} SET {assignments} FROM {stage} AS s WHERE {target}.{pk} = s.{pk}{guards}"  # noqa: S608
    else:
        statement = (
            f"DELETE FROM {target} WHERE EXISTS (SELECT 1 FROM {stage} AS s WHERE s.{pk} = {target}.{pk}{guards})"  # noqa: S608
        )
    cursor.execute(statement)
    if cursor.rowcount != len(operation.rows):
        stale = len(operation.rows) - cursor.rowcount
        raise StaleRows(f"{model._meta.label}: {stale} rows changed or went since they were read")


def _drop(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(_quoted(table) for table in tables)}")
        else:  # one table a statement
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS {_quoted(table)}")
