"""Every kind of question is asked, kept as a draft, shown again and printed: choices with "other", yes/no, a
scale, a number, a date, texts, a grid and an evidence link."""

from django.urls import reverse

from surveys import services
from surveys.choices import QuestionKind
from surveys.models import Answer, Section
from surveys.tests.questionnaire import add_question, build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def _every_kind(survey) -> None:
    """Added to a draft survey's questionnaire, before it opens."""
    section = Section.objects.create(version=survey.current_version, title="Capacities", position=2)
    add_question(
        section, "k1", QuestionKind.MULTIPLE, "Which sectors?", choices=["Energy", "Health"], allows_other=True
    )
    add_question(section, "k2", QuestionKind.YES_NO, "Is there a CERT?")
    add_question(section, "k3", QuestionKind.SCALE, "How ready?", scale_min=1, scale_max=5)
    add_question(section, "k4", QuestionKind.NUMBER, "How many staff?")
    add_question(section, "k5", QuestionKind.DATE, "Adopted on?")
    add_question(
        section, "k6", QuestionKind.MATRIX, "Threats by level", choices=["Low", "High"], rows=["Phishing", "DDoS"]
    )
    add_question(section, "k7", QuestionKind.EVIDENCE, "Link to the strategy")


def test_every_kind_of_question_is_kept_shown_again_and_printed(respondents, client):
    survey = new_survey(respondents.network.oas, is_open=False)
    _every_kind(survey)
    services.open_survey(survey)
    client.force_login(respondents.network.coordinator_mex)
    url = reverse("surveys:answer", args=[survey.code])
    client.post(
        url,
        {
            "q_k1": ["c2", "_other"],
            "q_k1_other": "Finance",
            "q_k2": "yes",
            "q_k3": "4",
            "q_k4": "12.50",
            "q_k5": "2024-05-01",
            "q_k6__r1": "c2",
            "q_k6__r2": "c1",
            "q_k7": "https://example.org/strategy.pdf",
            "save": "",
        },
    )
    kept = {
        answer.question.code: (answer.value, answer.other_text) for answer in Answer.objects.select_related("question")
    }
    assert kept == {
        "k1": (["c2"], "Finance"),
        "k2": (True, ""),
        "k3": (4, ""),
        "k4": ("12.5", ""),
        "k5": ("2024-05-01", ""),
        "k6": ({"r1": "c2", "r2": "c1"}, ""),
        "k7": ("https://example.org/strategy.pdf", ""),
    }
    form = client.get(url).content.decode()
    assert 'value="Finance"' in form and 'value="2024-05-01"' in form
    copy = client.get(reverse("surveys:response", args=[Answer.objects.first().response_id])).content.decode()
    assert "Health; Other: Finance" in copy
    assert "Phishing: High" in copy and "DDoS: Low" in copy


def test_other_without_saying_what_is_refused(respondents, client):
    survey = new_survey(respondents.network.oas, is_open=False)
    _every_kind(survey)
    services.open_survey(survey)
    client.force_login(respondents.network.coordinator_mex)
    page = client.post(reverse("surveys:answer", args=[survey.code]), {"q_k1": ["_other"], "save": ""})
    assert "Say what the other answer is." in page.content.decode()
    assert not Answer.objects.exists()
