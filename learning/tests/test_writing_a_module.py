"""A manager writes a module in the editor, publishes it, and changes it: a change makes a new version, and what
people completed stays tied to the version they took."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning import services
from learning.models import Attachment, Completion, Module
from learning.tests.course import (
    RIGHT,
    client_for,
)
from learning.tests.samples import FAKE_PNG, PNG
from learning.tests.test_taking_a_module import take_quiz


def question_data(**changes) -> dict:
    data = {
        "text": "Who answers the ping?",
        "kind": "single",
        "choice_1": "The point of contact",
        "correct_1": "on",
        "choice_2": "Nobody",
    }
    return {**data, **changes}


def test_a_manager_creates_writes_and_publishes_a_module(course):
    manager = client_for(course.network.manager)
    slug = course.network.oas.slug
    response = manager.post(
        reverse("learning:new", args=[slug]),
        {"language": "es", "title": "Puntos de contacto 101", "summary": "", "pass_mark": "80"},
    )
    module = Module.objects.get(language="es")
    assert response["Location"] == reverse("learning:edit", args=[module.code])
    manager.post(reverse("learning:lesson_new", args=[module.code]), {"title": "Alcance", "body": "Responda."})
    manager.post(reverse("learning:question_new", args=[module.code]), question_data())
    assert module.current_version is None
    response = manager.post(reverse("learning:publish", args=[module.code]))
    module.refresh_from_db()
    assert module.current_version.number == 1
    assert module.current_version.lessons.get().title == "Alcance"
    assert client_for(course.network.poc_arg).get(module.get_absolute_url()).status_code == 200


def test_a_draft_is_not_shown_to_learners(course):
    manager = client_for(course.network.manager)
    manager.post(
        reverse("learning:new", args=[course.network.oas.slug]),
        {"language": "fr", "title": "Brouillon", "summary": "", "pass_mark": "80"},
    )
    draft = Module.objects.get(language="fr")
    assert client_for(course.network.poc_arg).get(draft.get_absolute_url()).status_code == 404
    assert "Brouillon" not in client_for(course.network.poc_arg).get(reverse("learning:mine")).content.decode()


def test_a_question_of_one_answer_needs_exactly_one_correct_answer(course):
    response = client_for(course.network.manager).post(
        reverse("learning:question_new", args=[course.module.code]), question_data(correct_2="on")
    )
    assert "A question with one answer has exactly one correct answer." in response.content.decode()


def test_changing_a_published_module_makes_a_new_version_and_keeps_old_completions(course):
    module, manager = course.module, client_for(course.network.manager)
    take_quiz(client_for(course.network.poc_arg), module, RIGHT)
    first = module.current_version
    manager.post(reverse("learning:lesson_edit", args=[module.code, 1]), {"title": "Reachability", "body": "New text"})
    module.refresh_from_db()
    assert module.current_version == first  # learners keep the published text until the draft is published
    assert first.lessons.get(position=1).body == "Answer the ping test every six months."
    manager.post(reverse("learning:publish", args=[module.code]))
    module.refresh_from_db()
    second = module.current_version
    assert (second.number, second.lessons.get(position=1).body, second.questions.count()) == (2, "New text", 2)
    completion = Completion.objects.get(user=course.network.poc_arg)
    assert completion.version == first
    page = client_for(course.network.poc_arg).get(reverse("learning:mine")).content.decode()
    assert "Completed an earlier version" in page


def test_a_person_completes_each_version_once(course):
    module = course.module
    poc = client_for(course.network.poc_arg)
    take_quiz(poc, module, RIGHT)
    take_quiz(poc, module, RIGHT)
    assert Completion.objects.filter(user=course.network.poc_arg).count() == 1
    services.draft_of(module)
    services.publish(module)
    take_quiz(poc, module, RIGHT)
    assert list(Completion.objects.filter(user=course.network.poc_arg).values_list("version__number", flat=True)) == [
        2,
        1,
    ]


def test_removing_a_lesson_renumbers_the_others_in_the_draft(course):
    module = course.module
    client_for(course.network.manager).post(
        reverse("learning:lesson_edit", args=[module.code, 1]), {"title": "x", "body": "y", "delete": "1"}
    )
    draft = services.draft(module)
    assert list(draft.lessons.values_list("position", "title")) == [(1, "Deadlines"), (2, "TLP")]
    assert module.current_version.lessons.count() == 3


def test_an_image_is_accepted_by_its_content_and_a_fake_one_refused(course, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    module, manager = course.module, client_for(course.network.manager)
    url = reverse("learning:attachment_new", args=[module.code, 1])
    refused = manager.post(
        url, {"kind": "image", "name": "Map", "upload": SimpleUploadedFile("map.png", FAKE_PNG, "image/png")}
    )
    assert "This file is not a PNG, JPEG, GIF or WebP image, whatever its name says." in refused.content.decode()
    manager.post(url, {"kind": "image", "name": "Map", "upload": SimpleUploadedFile("map.png", PNG, "image/png")})
    image = Attachment.objects.get()
    assert (image.content_type, image.lesson.version.is_draft) == ("image/png", True)
    services.publish(module)
    response = client_for(course.network.poc_arg).get(image.get_absolute_url())
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG


def test_a_file_that_is_not_a_pdf_or_office_document_is_refused(course):
    response = client_for(course.network.manager).post(
        reverse("learning:attachment_new", args=[course.module.code, 1]),
        {"kind": "file", "name": "Rules", "upload": SimpleUploadedFile("rules.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert "is not a PDF or an office document" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_manager_sees_counts_per_state_never_names(course):
    network = course.network
    take_quiz(client_for(network.poc_arg), course.module, RIGHT)
    take_quiz(client_for(network.coordinator_arg), course.module, RIGHT)
    take_quiz(client_for(network.coordinator_mex), course.module, {1: [1]})
    response = client_for(network.manager).get(reverse("learning:counts", args=[network.oas.slug]))
    table = {state.iso3: numbers for state, numbers in response.context["table"]}
    assert table == {"ARG": [2], "MEX": [0]}
    assert response.context["totals"] == [2]
    assert network.poc_arg.name not in response.content.decode()


def test_a_coordinator_cannot_open_the_managers_counts_or_editor(course):
    coordinator = client_for(course.network.coordinator_arg)
    assert coordinator.get(reverse("learning:counts", args=[course.network.oas.slug])).status_code == 403
    assert coordinator.get(reverse("learning:edit", args=[course.module.code])).status_code == 403
