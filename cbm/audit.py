"""Every State's report on a confidence-building measure goes to the change log."""

from auditlog.registry import auditlog

from cbm.models import Implementation

auditlog.register(Implementation, exclude_fields=["created", "updated"])
