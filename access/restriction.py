"""Object-level permissions: one registry of rules, one way to apply them.

Each domain app registers, per model and action, a function that turns a
Principal into a filter (a Q object, or True/False for all/none). Lists use
``Model.objects.restrict(principal, action)``; single objects are checked with
``can()``, which asks the same question of the database. Nothing else in the
code base decides who sees what.

A rule that asks whether a related row exists (a contact "nominated to one of
my directories") writes it with ``exists()``, not Django's ``Exists``: the same
question, which ``restrict(..., row_by_row=True)`` asks one candidate row at a
time. PostgreSQL answers an EXISTS under an OR either by probing an index for
each row or by first reading every related row into a hash table; when it
expects more than a few hundred rows it hashes, which for a search that then
shows 50 contacts means reading all 100,000 nominations of a directory on every
request. A caller that has already narrowed the rows by an index (a search)
asks row by row; whole-table uses (a count of everything visible, a subquery
of all visible ids) keep the hash, which is cheaper there.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, Q

from access.principal import Principal

Condition = Q | bool
Rule = Callable[[Principal], Condition]

_rules: dict[tuple[type[models.Model], str], Rule] = {}
_row_by_row: ContextVar[bool] = ContextVar("restrict_row_by_row", default=False)


class ExistsRowByRow(Exists):
    """EXISTS as a scalar subquery ("(SELECT 1 … LIMIT 1) IS NOT NULL"), which PostgreSQL never hashes:
    it runs the subquery, an index probe, for each row that reaches it."""

    template = "(%(subquery)s) IS NOT NULL"


def exists(queryset: models.QuerySet) -> Exists:
    """Whether a row of ``queryset`` (correlated with ``OuterRef``) exists: how rules say "has a related row"."""
    return ExistsRowByRow(queryset) if _row_by_row.get() else Exists(queryset)


@contextmanager
def _rows_checked_one_by_one(row_by_row: bool) -> Iterator[None]:
    if not row_by_row:  # a rule's own restrict() inside a row-by-row one stays row by row
        yield
        return
    token = _row_by_row.set(True)
    try:
        yield
    finally:
        _row_by_row.reset(token)


class NoRuleError(LookupError):
    pass


def rule(model: type[models.Model], action: str) -> Callable[[Rule], Rule]:
    """Register the rule deciding which rows of ``model`` a principal may ``action``."""

    def register(function: Rule) -> Rule:
        _rules[(model, action)] = function
        return function

    return register


def condition_for(model: type[models.Model], action: str, principal: Principal) -> Condition:
    try:
        function = _rules[(model, action)]
    except KeyError:
        raise NoRuleError(f"No access rule for {model.__name__}.{action}") from None
    return function(principal)


def restrict(
    queryset: models.QuerySet, principal: Principal, action: str = "view", *, row_by_row: bool = False
) -> models.QuerySet:
    """The rows of ``queryset`` that ``principal`` may ``action`` (for models of other libraries too).

    ``row_by_row``: the caller narrows the rows by an index and reads a page of them (a search), so the
    rule's related-row checks are made for those rows only (see ``exists``). The rows are the same.
    """
    row_by_row = row_by_row or _row_by_row.get()
    if _is_whole_table(queryset):
        kept = _restricted_table(type(queryset), queryset.model, queryset._db, principal, action, row_by_row)
        return kept._chain()  # a copy: the kept query is never evaluated or changed
    return _restricted(queryset, principal, action, row_by_row)


def _restricted(queryset: models.QuerySet, principal: Principal, action: str, row_by_row: bool) -> models.QuerySet:
    with _rows_checked_one_by_one(row_by_row):
        condition = condition_for(queryset.model, action, principal)
    if condition is True:
        return queryset
    if condition is False:
        return queryset.none()
    return queryset.filter(condition)


# A principal's restriction of a whole table, kept per process. The same reader asks the same rule again and
# again (a live search asks on every keystroke, twice: contacts and institutions), and building the filter
# (the rule's conditions, then the ORM's joins and lookups) cost a search more than its queries' own work.
# Only the unevaluated query is kept, never rows; rules read nothing but the principal, whose every right is
# in the key, so a change of roles is a new key. Bounded: a process serves a few hundred readers at a time.
@functools.lru_cache(maxsize=1024)
def _restricted_table(
    queryset_class: type[models.QuerySet],
    model: type[models.Model],
    using: str | None,
    principal: Principal,
    action: str,
    row_by_row: bool,
) -> models.QuerySet:
    return _restricted(queryset_class(model=model, using=using), principal, action, row_by_row)


def _is_whole_table(queryset: models.QuerySet) -> bool:
    """Whether ``queryset`` is its model's whole table as a manager gives it: no filter, order or anything."""
    fresh = type(queryset)(model=queryset.model, using=queryset._db, hints=queryset._hints)
    ours, theirs = vars(queryset), vars(fresh)
    return (
        ours.keys() == theirs.keys()
        and all(ours[name] == theirs[name] for name in ours if name != "_query")
        and vars(queryset.query) == vars(fresh.query)
    )


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, principal: Principal, action: str = "view", *, row_by_row: bool = False) -> "models.QuerySet":
        return restrict(self, principal, action, row_by_row=row_by_row)


def can(principal: Principal, action: str, obj: models.Model) -> bool:
    condition = condition_for(type(obj), action, principal)
    if isinstance(condition, bool):
        return condition
    return type(obj)._default_manager.filter(condition, pk=obj.pk).exists()


def get_object_for(principal: Principal, action: str, queryset: models.QuerySet, **lookup) -> models.Model:
    """The object, if ``principal`` may ``action`` it: 404 when it may not even see it, else 403.

    A 404 for the unseen keeps other States' records from being confirmed to exist.
    """
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    # Models without a separate "view" rule (accounts) are visible exactly where actionable.
    visibility = "view" if (queryset.model, "view") in _rules else action
    visible = restrict(queryset, principal, visibility)
    try:
        obj = visible.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if action != "view" and not can(principal, action, obj):
        raise PermissionDenied
    return obj
