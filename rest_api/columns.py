"""Serializers whose list pages are read as plain values of the database (``ReadFromColumns``)."""

from collections.abc import Callable, Iterable

from rest_framework import serializers


class ReadFromColumns:
    """A serializer whose list pages are read as plain values of the database, without model instances.

    ``list_columns`` names, for each field, the lookup that holds its value (``"directory": "directory__slug"``):
    a list page is then one ``values()`` query, and each value is given as the field gives it (dates and
    times through the field itself; a UUID is left to the JSON encoder, as the field leaves it). Building a
    model instance and running every field per row cost more than the rest of a page together.
    ``api.tests.test_list_pages`` checks that both ways give the same JSON for every such list.
    """

    list_columns: dict[str, str] = {}

    @classmethod
    def rows_as_represented(cls, rows: Iterable[dict]) -> list[dict]:
        plan = cls._column_plan()
        represented = []
        for row in rows:
            item = {}
            for name, lookup, convert in plan:
                value = row[lookup]
                item[name] = value if convert is None or value is None else convert(value)
            represented.append(item)
        return represented

    @classmethod
    def _column_plan(cls) -> list[tuple[str, str, Callable | None]]:
        plan = cls.__dict__.get("_plan")
        if plan is None:
            fields = cls().fields
            temporal = (serializers.DateTimeField, serializers.DateField, serializers.TimeField)
            plan = [
                (name, lookup, fields[name].to_representation if isinstance(fields[name], temporal) else None)
                for name, lookup in cls.list_columns.items()
            ]
            cls._plan = plan
        return plan
