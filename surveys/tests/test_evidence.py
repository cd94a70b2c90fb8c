"""Evidence is a link, a file, or both: the file is checked by its content as the repository checks a document,
stored under a random name, kept with the draft, replaced or removed, and downloaded only by those who may read
the answer that holds it."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from repository.pdf import make_pdf
from surveys import services
from surveys.choices import QuestionKind
from surveys.models import Answer, EvidenceFile, Section
from surveys.tests.questionnaire import add_question, build_respondents, new_survey

__all__ = ["build_respondents"]  # the fixture ``respondents``


def _pdf(name: str = "Estrategia nacional.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(["National cyber strategy"]), content_type="application/pdf")


@pytest.fixture
def survey(respondents):
    """An open survey of the States of the OAS asking for the strategy as evidence."""
    survey = new_survey(respondents.network.oas, is_open=False)
    section = Section.objects.create(version=survey.current_version, title="Evidence", position=2)
    add_question(section, "e1", QuestionKind.EVIDENCE, "The strategy, as published")
    services.open_survey(survey)
    return survey


def _answer(client, survey, data: dict):
    return client.post(reverse("surveys:answer", args=[survey.code]), {**data, "save": ""}, follow=True)


def _evidence_answer(survey) -> Answer:
    return Answer.objects.get(response__survey=survey, question__code="e1")


def test_a_file_and_a_link_are_kept_as_evidence_under_a_random_name(respondents, survey, client):
    client.force_login(respondents.network.coordinator_mex)
    _answer(client, survey, {"q_e1": "https://example.org/strategy", "q_e1_file": _pdf()})
    [evidence] = EvidenceFile.objects.all()
    assert _evidence_answer(survey).value == {"link": "https://example.org/strategy", "file": str(evidence.pk)}
    assert evidence.file_type == "pdf"
    folder, name = evidence.file.name.rsplit("/", 1)
    assert folder == "surveys/evidence"
    assert "Estrategia" not in name and len(name) == len("0" * 32 + ".pdf")


def test_those_who_read_the_answer_download_its_file_as_an_attachment(respondents, survey, client):
    client.force_login(respondents.network.coordinator_mex)
    _answer(client, survey, {"q_e1_file": _pdf()})
    evidence = EvidenceFile.objects.get()
    for reader in (respondents.network.coordinator_mex, respondents.pocs[0], respondents.network.manager):
        client.force_login(reader)
        download = client.get(evidence.get_absolute_url())
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_another_state_never_downloads_the_file(respondents, survey, client):
    client.force_login(respondents.network.coordinator_mex)
    _answer(client, survey, {"q_e1_file": _pdf()})
    evidence = EvidenceFile.objects.get()
    for outsider in (respondents.network.coordinator_arg, respondents.pocs[1]):
        client.force_login(outsider)
        assert client.get(evidence.get_absolute_url()).status_code == 404


def test_a_program_named_like_a_pdf_is_refused_and_changes_nothing(respondents, survey, client):
    client.force_login(respondents.network.coordinator_mex)
    _answer(client, survey, {"q_e1": "https://example.org/strategy", "q_e1_file": _pdf()})
    kept = EvidenceFile.objects.get()
    disguised = SimpleUploadedFile("strategy.pdf", b"MZ\x90\x00\x03 a program", content_type="application/pdf")
    page = _answer(client, survey, {"q_e1": "https://example.org/other", "q_e1_file": disguised})
    assert "This file is not a PDF or an office document" in page.content.decode()
    assert list(EvidenceFile.objects.all()) == [kept]
    assert _evidence_answer(survey).value == {"link": "https://example.org/strategy", "file": str(kept.pk)}


@override_settings(SURVEYS_EVIDENCE_MAX_UPLOAD_MB=0)
def test_a_file_over_the_limit_is_refused(respondents, survey, client):
    client.force_login(respondents.network.coordinator_mex)
    page = _answer(client, survey, {"q_e1_file": _pdf()})
    assert "The file is too large" in page.content.decode()
    assert not EvidenceFile.objects.exists()


def test_a_draft_keeps_its_file_and_a_new_file_replaces_it(
    respondents, survey, client, django_capture_on_commit_callbacks
):
    client.force_login(respondents.network.coordinator_mex)
    _answer(client, survey, {"q_e1_file": _pdf()})
    first = EvidenceFile.objects.get()
    _answer(client, survey, {"q_e1": "https://example.org/strategy"})
    assert _evidence_answer(survey).value == {"link": "https://example.org/strategy", "file": str(first.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, survey, {"q_e1_file": _pdf("v2.pdf")})
    second = EvidenceFile.objects.get()
    assert second.pk != first.pk
    assert not default_storage.exists(first.file.name)
    assert default_storage.exists(second.file.name)


def test_clearing_the_file_removes_it(respondents, survey, client, django_capture_on_commit_callbacks):
    client.force_login(respondents.network.coordinator_mex)
    _answer(client, survey, {"q_e1": "https://example.org/strategy", "q_e1_file": _pdf()})
    stored = EvidenceFile.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        _answer(client, survey, {"q_e1": "https://example.org/strategy", "q_e1_file-clear": "on"})
    assert _evidence_answer(survey).value == "https://example.org/strategy"
    assert not EvidenceFile.objects.exists() and not default_storage.exists(stored)


def test_the_printable_copy_and_the_export_say_a_file_is_attached(respondents, survey, client):
    client.force_login(respondents.network.coordinator_mex)
    _answer(client, survey, {"q_e1": "https://example.org/strategy", "q_e1_file": _pdf()})
    evidence = EvidenceFile.objects.get()
    copy = client.get(_evidence_answer(survey).response.get_absolute_url()).content.decode()
    assert "file attached; https://example.org/strategy" in copy
    assert f'href="{evidence.get_absolute_url()}"' in copy
    client.force_login(respondents.network.manager)
    export = client.get(reverse("surveys:answers_export", args=[survey.code, "csv"])).content.decode()
    assert "file attached; https://example.org/strategy" in export


def test_the_api_takes_a_link_keeps_the_file_and_refuses_anything_else(respondents, survey, client):
    client.force_login(respondents.network.coordinator_mex)
    _answer(client, survey, {"q_e1_file": _pdf()})
    evidence = EvidenceFile.objects.get()
    url = reverse("api:survey-draft", args=[survey.code])
    refused = client.post(url, {"answers": {"e1": {"file": "x"}}}, content_type="application/json")
    assert refused.status_code == 400
    assert "Evidence is given in the API as a link" in refused.json()["e1"][0]
    saved = client.post(url, {"answers": {"e1": "https://example.org/law"}}, content_type="application/json")
    assert saved.status_code == 200
    assert _evidence_answer(survey).value == {"link": "https://example.org/law", "file": str(evidence.pk)}
