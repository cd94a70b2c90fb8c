"""Mail merge: one render per language and variant, each recipient's fields filled in safely."""

import pytest

from mail import merge
from mail.services import render_email


def test_a_merged_message_reads_exactly_like_one_rendered_for_the_recipient():
    mail = merge.MailMerge("mail/email/test_message", context={}, fields=("name",))
    for language in ("en", "es"):
        assert mail.render(language, {"name": "Lucía Quiroga"}) == render_email(
            "mail/email/test_message", {"name": "Lucía Quiroga"}, language
        )


def test_the_html_part_escapes_a_field_and_the_text_part_keeps_it_as_written():
    mail = merge.MailMerge("mail/email/test_message", context={}, fields=("name",))
    rendered = mail.render("en", {"name": "O'Brien <Ops & Co>"})
    assert "O'Brien <Ops & Co>" in rendered.text
    assert "O&#x27;Brien &lt;Ops &amp; Co&gt;" in rendered.html
    assert "<Ops" not in rendered.html


def test_the_templates_are_rendered_once_per_language_and_variant(monkeypatch):
    renders = []

    def counting_render(template, context, language):
        renders.append((language, context.get("flag")))
        return render_email(template, context, language)

    monkeypatch.setattr(merge, "render_email", counting_render)
    mail = merge.MailMerge("mail/email/test_message", context={}, fields=("name",))
    for number in range(5):
        mail.render("en", {"name": f"Desk {number}"})
        mail.render("es", {"name": f"Mesa {number}"}, {"flag": True})
    assert sorted(renders, key=str) == [("en", None), ("es", True)]


def test_a_template_that_changes_a_merge_field_is_refused():
    mail = merge.MailMerge("mail/email/test_merge_filtered", context={}, fields=("name",))
    with pytest.raises(merge.MergeError):
        mail.render("en", {"name": "Lucía"})


def test_values_must_match_the_declared_fields():
    mail = merge.MailMerge("mail/email/test_message", context={}, fields=("name",))
    with pytest.raises(merge.MergeError):
        mail.render("en", {"nombre": "Lucía"})


def _merged_letters(mail, names, *, sensitive=False):
    return [
        mail.letter(
            to=f"desk{number}@example.org", language="es", values={"name": name}, purpose="test", sensitive=sensitive
        )
        for number, name in enumerate(names)
    ]


def test_merged_copies_share_one_stored_body_and_keep_only_their_own_values(db):
    from mail.models import OutboundEmail, SharedBody
    from mail.services import queue_many

    mail = merge.MailMerge("mail/email/test_message", context={}, fields=("name",))
    queue_many(_merged_letters(mail, ["Lucía", "Wanjiru", "Kadri"]))
    assert SharedBody.objects.count() == 1
    rows = list(OutboundEmail.objects.order_by("pk").values("body_text", "body_html", "merge_values"))
    assert rows[1] == {"body_text": "", "body_html": "", "merge_values": {"name": "Wanjiru"}}


def test_a_merged_copy_arrives_filled_in_for_its_recipient(db, mailbox):
    from mail.services import deliver_batch, queue_many

    mail = merge.MailMerge("mail/email/test_message", context={}, fields=("name",))
    queue_many(_merged_letters(mail, ["O'Brien <Ops & Co>", "Lucía"]))
    deliver_batch()
    expected = mail.render("es", {"name": "O'Brien <Ops & Co>"})
    received = mailbox.to("desk0@example.org")[0]
    assert received.get_body(("plain",)).get_content().rstrip() == expected.text.rstrip()
    assert received.get_body(("html",)).get_content().rstrip() == expected.html.rstrip()
    assert received["Subject"] == expected.subject


def test_a_sensitive_merged_copy_forgets_its_values_once_delivered(db, mailbox):
    from mail.models import EmailStatus, OutboundEmail
    from mail.services import deliver_batch, queue_many

    mail = merge.MailMerge("mail/email/test_message", context={}, fields=("name",))
    queue_many(_merged_letters(mail, ["Lucía"], sensitive=True))
    deliver_batch()
    assert list(OutboundEmail.objects.values_list("status", "merge_values")) == [(EmailStatus.SENT, {})]
