"""The answer a confirmation posts is read as the confirmation form reads it, whichever path reads it."""

import pytest
from django.http import QueryDict

from pings.forms import ConfirmForm, posted_answer

POSTED = [
    "answer=correct&attest=on",
    "answer=correct&attest=on&changes=",
    "answer=correct&attest=on&changes=+a+note+",
    "answer=changes&attest=on&changes=New+phone+number",
    "answer=changes&attest=on&changes=++%0A",
    "answer=changes&attest=on",
    "answer=changes&attest=on&changes=a%00b",
    "answer=correct&attest=on&changes=%00",
    "answer=correct",
    "answer=correct&attest=",
    "answer=correct&attest=false",
    "answer=correct&attest=0",
    "answer=correct&attest=true",
    "answer=correct&attest=TRUE",
    "answer=correct&attest=yes",
    "answer=correct&attest=off&attest=on",
    "answer=correct&attest=on&attest=false",
    "answer=Correct&attest=on",
    "answer=correct+&attest=on",
    "answer=maybe&attest=on",
    "answer=&attest=on",
    "attest=on",
    "answer=changes&answer=correct&attest=on",
    "answer=correct&answer=changes&attest=on",
    "",
]


@pytest.mark.parametrize("body", POSTED)
def test_a_posted_answer_is_accepted_and_cleaned_exactly_as_the_form_does(body):
    data = QueryDict(body)
    form = ConfirmForm(data)
    expected = form.cleaned_data if form.is_valid() else None
    assert posted_answer(data) == expected


def test_an_answer_with_changes_keeps_the_changes_without_the_spaces_around_them():
    posted = posted_answer(QueryDict("answer=changes&attest=on&changes=%0A+New+phone+%0A"))
    assert posted == {"answer": "changes", "changes": "New phone", "attest": True}


def test_an_answer_without_the_mailbox_attested_is_not_an_answer():
    assert posted_answer(QueryDict("answer=correct")) is None
