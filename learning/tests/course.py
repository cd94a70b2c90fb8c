"""A short module of the OAS network for the learning tests, built once on the shared network: three lessons and a
quiz of two questions (one answer, several answers), pass mark 100%."""

from dataclasses import dataclass

from django.test import Client

from enlace.testing import built_once
from enlace.testing.world import Network, build_network
from learning import services
from learning.choices import QuestionKind
from learning.models import Choice, Lesson, Module, Question

LESSONS = [
    ("Reachability", "Answer the ping test every six months."),
    ("Deadlines", "Acknowledge within **72 hours**; answer within 15 days."),
    ("TLP", "AMBER and RED content never goes on the platform."),
]
# The quiz's right answers: question position → choice positions.
RIGHT = {1: [2], 2: [1, 3]}
WRONG = {1: [1], 2: [1]}


@dataclass
class Course:
    network: Network
    module: Module


def add_question(version, position: int, text: str, kind: str, answers: list[tuple[str, bool]]) -> Question:
    question = Question.objects.create(version=version, position=position, text=text, kind=kind)
    for index, (answer, correct) in enumerate(answers, start=1):
        Choice.objects.create(question=question, position=index, text=answer, is_correct=correct)
    return question


def write_course(directory, manager, *, language: str = "en", title: str = "Points of contact 101") -> Module:
    """The module, published, in ``directory`` (written by its ``manager``)."""
    module = services.create_module(
        directory, language=language, title=title, summary="The rules", pass_mark=100, user=manager
    )
    version = module.versions.get()
    for position, (lesson_title, body) in enumerate(LESSONS, start=1):
        Lesson.objects.create(version=version, position=position, title=lesson_title, body=body)
    add_question(
        version,
        1,
        "Within how long is a communication acknowledged?",
        QuestionKind.SINGLE,
        [("15 days", False), ("72 hours", True), ("A week", False)],
    )
    add_question(
        version,
        2,
        "Which content never goes on the platform?",
        QuestionKind.MULTIPLE,
        [("TLP:AMBER", True), ("TLP:CLEAR", False), ("TLP:RED", True)],
    )
    services.publish(module)
    return module


@built_once(on=[build_network])
def course(network: Network) -> Course:
    return Course(network=network, module=write_course(network.oas, network.manager))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer_data(answers: dict[int, list[int]]) -> dict:
    return {f"q{position}": [str(choice) for choice in chosen] for position, chosen in answers.items()}
