"""Model instances from some of their columns, for the hot paths that read or return rows with their own SQL.

``Model.from_db`` is how the ORM itself turns a row into an instance; given only
some columns, it leaves the others deferred, so code that reaches for one of
them later reads it from the database (a query more, which query-count tests
see) instead of silently finding a default value.
"""

from django.db import models


def partial_instance(model: type[models.Model], values: dict, db: str | None = None) -> models.Model:
    """An instance of ``model`` with ``values`` (by attribute name, such as ``contact_id``), the rest deferred."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    if len(names) != len(values):
        raise ValueError(f"Not columns of {model.__name__}: {sorted(set(values) - set(names))}")
    return model.from_db(db, names, [values[name] for name in names])
