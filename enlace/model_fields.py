"""Columns many apps' models declare alike."""

from typing import Any

from django.conf import settings
from django.db import models


def account_field(verbose_name: Any = None, **options: Any) -> models.ForeignKey:
    """The account that did something to a row (added it, wrote it, reported it).

    Null when no account did (a scheduled job) or when the account is deleted: the row stays and forgets who.
    No reverse accessor: nothing asks an account for the rows it touched.
    """
    if verbose_name is not None:
        options["verbose_name"] = verbose_name
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", **options
    )
