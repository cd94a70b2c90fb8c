"""The API's reference page, read from its OpenAPI schema: the same schema tools download, in the site's own layout.

The schema is built once per process (it takes seconds and changes only with the code), in English: the
API's descriptions are written in English in the code, and the page marks them as such around its own
translated headings.
"""

from dataclasses import dataclass
from functools import cache

from django.utils import translation
from drf_spectacular.settings import spectacular_settings

# The order in which an endpoint's methods are listed: reading first, then writing.
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    description: str
    parameters: tuple[Parameter, ...]
    status_codes: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    name: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    groups: tuple[Group, ...]


def _parameter(parameter: dict) -> Parameter:
    schema = parameter.get("schema", {})
    kind = schema.get("type") or ("array" if "items" in schema else "")
    if "format" in schema:
        kind = f"{kind} ({schema['format']})"
    return Parameter(
        name=parameter["name"],
        location=parameter["in"],
        type=kind,
        required=parameter.get("required", False),
        description=parameter.get("description", ""),
    )


@cache
def reference() -> Reference:
    """The API's endpoints grouped by their schema tag, in the schema's order."""
    with translation.override("en"):
        schema = spectacular_settings.DEFAULT_GENERATOR_CLASS().get_schema(request=None, public=True)
    groups: dict[str, list[Operation]] = {}
    for path, item in schema["paths"].items():
        for method in METHODS:
            if (operation := item.get(method)) is None:
                continue
            groups.setdefault((operation.get("tags") or ["api"])[0], []).append(
                Operation(
                    method=method.upper(),
                    path=path,
                    anchor=operation["operationId"],
                    description=operation.get("description") or operation.get("summary", ""),
                    parameters=tuple(_parameter(parameter) for parameter in operation.get("parameters", [])),
                    status_codes=tuple(operation.get("responses", {})),
                )
            )
    info = schema["info"]
    return Reference(
        title=info["title"],
        version=info["version"],
        description=info.get("description", ""),
        groups=tuple(Group(name, tuple(operations)) for name, operations in groups.items()),
    )
