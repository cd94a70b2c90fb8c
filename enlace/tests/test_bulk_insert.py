"""insert_rows: many rows in one go (COPY on PostgreSQL), the same rows as bulk_create would store."""

import pytest
from django.db import transaction
from django.utils import timezone

from enlace.bulk_insert import insert_rows
from mail.models import DeliveryAttempt, EmailStatus, OutboundEmail

COLUMNS = ["purpose", "to_address", "subject", "merge_values", "language", "sensitive", "next_attempt_at"]


def _rows(count: int) -> list[tuple]:
    now = timezone.now()
    return [
        ("test", f"desk{number}@example.org", f"Subject {number}", {"name": f"Lucía {number}"}, "es", True, now)
        for number in range(count)
    ]


def test_the_ids_come_back_in_row_order(db):
    ids = insert_rows(OutboundEmail, COLUMNS, _rows(3))
    stored = dict(OutboundEmail.objects.values_list("pk", "to_address"))
    assert [stored[pk] for pk in ids] == ["desk0@example.org", "desk1@example.org", "desk2@example.org"]


def test_values_are_stored_as_given(db):
    (pk,) = insert_rows(OutboundEmail, COLUMNS, _rows(1))
    email = OutboundEmail.objects.get(pk=pk)
    assert (email.subject, email.merge_values, email.language, email.sensitive) == (
        "Subject 0",
        {"name": "Lucía 0"},
        "es",
        True,
    )


def test_columns_left_out_take_their_defaults(db):
    before = timezone.now()
    first, second = (OutboundEmail.objects.get(pk=pk) for pk in insert_rows(OutboundEmail, COLUMNS, _rows(2)))
    assert first.code != second.code, "a callable default is called for each row"
    assert (first.status, first.attempts, first.body_text, first.sent_at) == (EmailStatus.QUEUED, 0, "", None)
    assert first.created >= before and first.updated >= before


def test_rows_refer_to_rows_inserted_before(db):
    (email_id,) = insert_rows(OutboundEmail, COLUMNS, _rows(1))
    insert_rows(
        DeliveryAttempt, ["email_id", "started_at", "duration_ms", "succeeded"], [(email_id, timezone.now(), 5, True)]
    )
    assert OutboundEmail.objects.get(pk=email_id).delivery_attempts.get().duration_ms == 5


def test_nothing_is_inserted_when_the_transaction_rolls_back(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        insert_rows(OutboundEmail, COLUMNS, _rows(3))
        raise RuntimeError("rolled back")
    assert not OutboundEmail.objects.exists()


def test_no_rows_inserts_nothing(db):
    assert insert_rows(OutboundEmail, COLUMNS, []) == []
