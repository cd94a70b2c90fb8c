"""Mail merge: one render per language and variant, each recipient's fields filled in safely."""

import pytest

from delivery import merge
from delivery.services import render_email


def test_a_merged_message_reads_exactly_like_one_rendered_for_the_recipient():
    mail = merge.MailMerge("delivery/email/test_message", context={}, fields=("name",))
    for language in ("en", "es"):
        assert mail.render(language, {"name": "Lucía Quiroga"}) == render_email(
            "delivery/email/test_message", {"name": "Lucía Quiroga"}, language
        )


def test_the_html_part_escapes_a_field_and_the_text_part_keeps_it_as_written():
    mail = merge.MailMerge("delivery/email/test_message", context={}, fields=("name",))
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
    mail = merge.MailMerge("delivery/email/test_message", context={}, fields=("name",))
    for number in range(5):
        mail.render("en", {"name": f"Desk {number}"})
        mail.render("es", {"name": f"Mesa {number}"}, {"flag": True})
    assert sorted(renders, key=str) == [("en", None), ("es", True)]


def test_a_template_that_changes_a_merge_field_is_refused():
    mail = merge.MailMerge("delivery/email/test_merge_filtered", context={}, fields=("name",))
    with pytest.raises(merge.MergeError):
        mail.render("en", {"name": "Lucía"})


def test_values_must_match_the_declared_fields():
    mail = merge.MailMerge("delivery/email/test_message", context={}, fields=("name",))
    with pytest.raises(merge.MergeError):
        mail.render("en", {"nombre": "Lucía"})
