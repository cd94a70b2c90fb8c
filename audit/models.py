"""The change log's chain (``audit.chain``): one link per entry, and the head every writer locks."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainLink(models.Model):
    """An entry's place in the chain: its position, the hash before it and its own."""

    position = models.PositiveBigIntegerField(unique=True)
    # The entry's id, with no foreign key: a deleted entry must leave its link behind to be noticed.
    entry_id = models.BigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("change log chain link")

    def __str__(self) -> str:
        return f"{self.position}: {self.entry_id}"


class ChainHead(models.Model):
    """The chain's last position and hash: one row, locked by a writer while it links entries."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    position = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("change log chain head")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"{self.position}: {self.hash}"


class ChainPending(models.Model):
    """An entry written and not chained yet. A trigger on the change log's table adds it, whoever writes the
    entry (the ORM, a bulk insert, a statement of its own), so that linking reads only what is new."""

    entry_id = models.BigIntegerField(primary_key=True)

    class Meta:
        verbose_name = _("change log entry not chained yet")

    def __str__(self) -> str:
        return str(self.entry_id)
