"""Model instances from rows read with the project's own SQL, for the hot paths.

``Model.from_db`` is how the ORM itself turns a row into an instance. ``partial_instance`` gives one from
some of its columns, leaving the others deferred, so code that reaches for one of them later reads it from
the database (a query more, which query-count tests see) instead of silently finding a default value.

``ModelColumns`` is for the few reads made on every request. The ORM builds and compiles its SQL on every
call: for a join of two tables that is about a millisecond of Python, which on an API request whose own work
takes two or three decides its throughput. It names a model's columns in a statement written out once and
turns the values read back into the instance the ORM would have built: each value through the field's and
the database's own converters (an SQLite timestamp becomes an aware datetime), then ``Model.from_db``.
"""

from collections.abc import Callable, Sequence

from django.db import connections, models
from django.db.models.expressions import Expression


def partial_instance(model: type[models.Model], values: dict, db: str | None = None) -> models.Model:
    """An instance of ``model`` with ``values`` (by attribute name, such as ``contact_id``), the rest deferred."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    if len(names) != len(values):
        raise ValueError(f"Not columns of {model.__name__}: {sorted(set(values) - set(names))}")
    return model.from_db(db, names, [values[name] for name in names])


class ModelColumns:
    """Every concrete column of ``model``, read from the table as ``alias`` in a hand-written statement."""

    def __init__(self, model: type[models.Model], alias: str):
        self.model, self.alias = model, alias
        self.fields = list(model._meta.concrete_fields)
        self._converters: dict[str, list[tuple[Expression, list[Callable]]]] = {}

    def __len__(self) -> int:
        return len(self.fields)

    def select(self, using: str = "default") -> str:
        """The statement's select list for this model: ``alias."column", …``."""
        quote = connections[using].ops.quote_name
        return ", ".join(f"{quote(self.alias)}.{quote(field.column)}" for field in self.fields)

    def instance(self, values: Sequence, using: str = "default") -> models.Model:
        """The instance the ORM would have built from these values (in ``select()``'s order)."""
        connection, converted = connections[using], []
        for value, (column, converters) in zip(values, self.converters(using), strict=True):
            for convert in converters:
                value = convert(value, column, connection)
            converted.append(value)
        return self.model.from_db(using, [field.attname for field in self.fields], converted)

    def converters(self, using: str) -> list[tuple[Expression, list[Callable]]]:
        """Each column with the converters the ORM would apply to its values, worked out once per database."""
        if using not in self._converters:
            connection = connections[using]
            columns = [field.get_col(self.alias) for field in self.fields]
            self._converters[using] = [
                (column, connection.ops.get_db_converters(column) + column.get_db_converters(connection))
                for column in columns
            ]
        return self._converters[using]
