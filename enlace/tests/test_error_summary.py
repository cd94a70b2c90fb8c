"""A form that failed to submit opens on a summary of its problems, each linked to its field.

Every form Enlace's renderer draws shows the summary at its top; a page with several forms (and formsets)
in one ``<form>`` shows one summary for all of them. Its links go to the control a keyboard reaches, and
the fields in error say so to a screen reader (aria-invalid) and point at their message (aria-describedby).
"""

import re

import pytest
from django import forms
from django.forms import RadioSelect
from django.template import Context, Template
from django.urls import reverse

from enlace.testing.factories import PASSWORD, UserFactory


class MeetingForm(forms.Form):
    title = forms.CharField(label="Title", help_text="As the invitation will show it.")
    channel = forms.ChoiceField(label="Channel", choices=[("email", "E-mail"), ("tel", "Phone")], widget=RadioSelect)
    agenda = forms.CharField(label="Agenda", required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("The meeting overlaps another one.")


class PhoneForm(forms.Form):
    number = forms.CharField(label="Number", max_length=3)


PhoneFormSet = forms.formset_factory(PhoneForm, extra=0)


def summary_of(html: str) -> str:
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>\s*</div>', html, re.S)
    assert match, html
    return match.group(0)


def test_a_blank_form_has_no_summary():
    assert "error-summary" not in str(MeetingForm())


def test_the_summary_counts_the_problems_and_links_each_field_in_error_to_its_control():
    summary = summary_of(str(MeetingForm({"agenda": "Budget"})))

    assert 'tabindex="-1"' in summary
    assert "There are 4 problems to correct" in summary
    assert '<a href="#id_title" class="alert-link">Title: This field is required.</a>' in summary
    # A list of choices has no control of its own: its link goes to its first choice.
    assert '<a href="#id_channel_0" class="alert-link">Channel: This field is required.</a>' in summary
    assert "id_agenda" not in summary


def test_the_summary_lists_the_problems_of_the_whole_form_and_of_hidden_fields_without_a_link():
    summary = summary_of(str(MeetingForm({"title": "Annual", "channel": "email"})))

    assert "There are 2 problems to correct" in summary
    assert "<li>The meeting overlaps another one.</li>" in summary
    assert "<li>This field is required.</li>" in summary  # the hidden token


def test_a_form_summarised_once_does_not_repeat_its_problems_above_its_fields():
    html = str(MeetingForm({"title": "Annual", "channel": "email", "token": "x"}))

    assert html.count("The meeting overlaps another one.") == 1


def test_a_field_in_error_is_marked_invalid_and_described_by_its_message():
    html = str(MeetingForm({"agenda": "Budget"}))

    title = re.search(r'<input type="text" name="title"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in title
    assert 'aria-describedby="id_title_helptext id_title_error"' in title
    assert '<div class="invalid-feedback d-block" id="id_title_error">This field is required.</div>' in html
    # A list of choices is described on its fieldset, each choice marked invalid.
    assert re.search(r'<fieldset class="mb-3" aria-describedby="id_channel_error">', html)
    assert 'aria-invalid="true"' in re.search(r'<input type="radio" name="channel"[^>]*>', html).group(0)
    assert "aria-invalid" not in re.search(r'<input type="text" name="agenda"[^>]*>', html).group(0)


def test_one_summary_covers_a_form_and_the_formsets_beside_it():
    management = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    phones = PhoneFormSet({**management, "form-0-number": "12345"})
    template = Template("{% load error_summary %}{% error_summary meeting phones %}")

    summary = template.render(Context({"meeting": MeetingForm({"title": "Annual"}), "phones": phones}))

    assert "There are 4 problems to correct" in summary
    assert '<a href="#id_form-0-number" class="alert-link">Number: Ensure this value' in summary


def test_a_field_focused_on_a_blank_form_is_not_focused_after_a_failed_submit():
    class CodeForm(forms.Form):
        code = forms.CharField(widget=forms.TextInput(attrs={"autofocus": True}))

    assert "autofocus" in str(CodeForm())
    assert "autofocus" not in str(CodeForm({"code": ""}))


@pytest.mark.django_db
def test_the_sign_in_page_opens_with_the_focus_on_the_e_mail_address(client):
    page = client.get(reverse("account_login")).content.decode()

    assert "autofocus" in re.search(r'<input type="email" name="login"[^>]*>', page).group(0)


@pytest.mark.django_db
def test_a_failed_sign_in_lists_its_problem_in_the_summary(client):
    user = UserFactory()

    page = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD + "x"}).content.decode()

    summary = summary_of(page)
    assert "There is 1 problem to correct" in summary
    assert "The email address and/or password you specified are not correct." in summary
    assert "autofocus" not in page


def test_the_form_script_is_loaded_with_the_pages_nonce(client):
    page = client.get(reverse("account_login")).content.decode()

    assert re.search(r'<script src="/static/enlace/forms\.js" nonce="[^"]+" defer></script>', page)
