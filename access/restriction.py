"""Object-level permissions: one registry of rules, one way to apply them.

Each domain app registers, per model and action, a function that turns a
Principal into a filter (a Q object, or True/False for all/none). Lists use
``Model.objects.restrict(principal, action)``; single objects are checked with
``can()``, which asks the same question of the database. Nothing else in the
code base decides who sees what.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from access.principal import Principal

Condition = Q | bool
Rule = Callable[[Principal], Condition]

_rules: dict[tuple[type[models.Model], str], Rule] = {}


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


def restrict(queryset: models.QuerySet, principal: Principal, action: str = "view") -> models.QuerySet:
    """The rows of ``queryset`` that ``principal`` may ``action`` (for models of other libraries too)."""
    condition = condition_for(queryset.model, action, principal)
    if condition is True:
        return queryset
    if condition is False:
        return queryset.none()
    return queryset.filter(condition)


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, principal: Principal, action: str = "view") -> "models.QuerySet":
        return restrict(self, principal, action)


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
