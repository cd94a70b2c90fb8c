"""The change log is a hash chain: a chain of untouched entries verifies; an entry edited, deleted or moved is
named as the first one broken."""

import threading
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from audit.chain import verify_chain
from audit.models import ChainHead, ChainLink
from directory.models import Contact

pytestmark = pytest.mark.django_db


def write_entries(count: int, label: str = "entry") -> list[LogEntry]:
    kind = ContentType.objects.get_for_model(Contact)
    return [
        LogEntry.objects.create(
            content_type=kind,
            object_pk=str(number),
            object_id=number,
            object_repr=f"{label} {number}",
            action=LogEntry.Action.UPDATE,
            changes={"name": ["Before", f"After {number}"]},
            additional_data={"state": 1},
        )
        for number in range(count)
    ]


@pytest.fixture
def chained(django_capture_on_commit_callbacks) -> list[LogEntry]:
    """Three entries, chained as they are once their transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        entries = write_entries(3)
    return entries


def test_entries_are_chained_once_their_transaction_commits(chained):
    links = list(ChainLink.objects.order_by("position").values_list("entry_id", flat=True))

    assert links == [entry.pk for entry in chained]
    assert ChainHead.objects.get().position == 3


def test_an_untouched_chain_verifies(chained, capsys):
    call_command("verify_change_log")

    assert capsys.readouterr().out.startswith("OK: 3 entries chained, head ")


def test_an_edited_entry_is_named(chained):
    LogEntry.objects.filter(pk=chained[1].pk).update(object_repr="Someone else")

    with pytest.raises(CommandError, match=f"Broken at entry {chained[1].pk} \\(position 2\\): changed or moved"):
        call_command("verify_change_log")


def test_an_entry_with_edited_changes_is_named(chained):
    LogEntry.objects.filter(pk=chained[0].pk).update(changes={"name": ["Before", "Forged"]})

    assert verify_chain().message.startswith(f"Broken at entry {chained[0].pk} (position 1): changed")


def test_a_deleted_entry_is_named(chained):
    LogEntry.objects.filter(pk=chained[1].pk).delete()

    with pytest.raises(CommandError, match=f"Broken at entry {chained[1].pk} \\(position 2\\): deleted"):
        call_command("verify_change_log")


def test_an_entry_deleted_with_its_link_is_noticed_at_the_next_one(chained):
    LogEntry.objects.filter(pk=chained[1].pk).delete()
    ChainLink.objects.filter(entry_id=chained[1].pk).delete()

    assert verify_chain().message.startswith(f"Broken before entry {chained[2].pk}: the chain skips from position 1")


def test_the_latest_entry_deleted_with_its_link_is_noticed(chained):
    LogEntry.objects.filter(pk=chained[2].pk).delete()
    ChainLink.objects.filter(entry_id=chained[2].pk).delete()

    verdict = verify_chain()

    assert not verdict.ok
    assert verdict.message.startswith(
        f"Broken after entry {chained[1].pk} (position 2): the chain went on to position 3"
    )


def test_entries_put_in_another_order_are_named(chained):
    first, second = chained[0], chained[1]
    LogEntry.objects.filter(pk=first.pk).update(timestamp=second.timestamp + timedelta(seconds=1))
    LogEntry.objects.filter(pk=second.pk).update(timestamp=first.timestamp)

    assert verify_chain().message.startswith(f"Broken at entry {first.pk} (position 1): changed or moved")


def test_links_put_in_another_order_are_named(chained):
    first, second = (ChainLink.objects.get(entry_id=entry.pk) for entry in chained[:2])
    ChainLink.objects.filter(pk=first.pk).update(position=100)  # (out of the way: positions are unique)
    ChainLink.objects.filter(pk=second.pk).update(position=1)
    ChainLink.objects.filter(pk=first.pk).update(position=2)

    assert verify_chain().message.startswith(f"Broken at entry {chained[1].pk} (position 1): it does not follow")


def test_entries_of_a_transaction_rolled_back_leave_no_link(chained, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        write_entries(1)
        transaction.set_rollback(True)

    assert ChainLink.objects.count() == 3
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time")
def test_two_writers_at_once_form_one_chain():
    both_inside = threading.Barrier(2, timeout=30)
    failures = []

    def writer(label: str) -> None:
        try:
            with transaction.atomic():
                write_entries(5, label)
                both_inside.wait()  # both transactions hold unlinked entries; each links once it commits
        except Exception as error:  # (reported by the assertion below)
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(label,)) for label in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    verdict = verify_chain()
    assert failures == []
    assert (verdict.ok, verdict.checked, verdict.unlinked) == (True, 10, 0)
