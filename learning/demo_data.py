"""The learning modules of the demo's UN directory: "Points of contact 101", the directory's rules (reachability,
deadlines, TLP, the OpenPGP key, what never to send), one module in each interface language, written as data in
``learning/content/poc101/<language>/``. A few demo people have taken it: Kenya's point of contact passed the
English module, Estonia's failed it once and stopped at the third lesson. Called by the demo's builder
(``load_demo``)."""

import random
from datetime import datetime, timedelta

from django.conf import settings

from access.principal import principal_of
from accounts.models import Role, User
from directory.models import Directory
from learning import services
from learning.content import WrittenModule, read_module
from learning.models import Choice, Lesson, Module, Question

POC_101 = "poc101"


def build(directory: Directory, now: datetime, rng: random.Random) -> None:
    manager = User.objects.filter(role_assignments__role=Role.MANAGER, role_assignments__directory=directory).first()
    modules = {
        code: publish_written(directory, read_module(POC_101, code), manager, now=now - timedelta(days=40))
        for code, _name in settings.LANGUAGES
    }
    english = modules["en"]
    passed = User.objects.filter(email="poc.ken@enlace.example.org").first()
    if passed is not None:
        for position in range(1, english.current_version.lessons.count() + 1):
            services.reach(passed, english, position)
        right = _right_answers(english)
        services.submit_quiz(principal_of(passed), passed, english, right, now=now - timedelta(days=12))
    failed = User.objects.filter(email="poc.est@enlace.example.org").first()
    if failed is not None:
        services.reach(failed, english, 3)
        services.submit_quiz(principal_of(failed), failed, english, {1: [1], 2: [1]}, now=now - timedelta(days=5))


def publish_written(directory: Directory, written: WrittenModule, manager, *, now: datetime) -> Module:
    """A module written as data, published as its first version."""
    module = services.create_module(
        directory,
        language=written.language,
        title=written.title,
        summary=written.summary,
        pass_mark=written.pass_mark,
        user=manager,
    )
    version = module.versions.get()
    Lesson.objects.bulk_create(
        Lesson(version=version, position=position, title=lesson.title, body=lesson.body)
        for position, lesson in enumerate(written.lessons, start=1)
    )
    for position, written_question in enumerate(written.questions, start=1):
        question = Question.objects.create(
            version=version, position=position, text=written_question.text, kind=written_question.kind
        )
        Choice.objects.bulk_create(
            Choice(question=question, position=index, text=text, is_correct=correct)
            for index, (text, correct) in enumerate(written_question.answers, start=1)
        )
    services.publish(module, now=now)
    return module


def _right_answers(module: Module) -> dict[int, list[int]]:
    return {
        question.position: [choice.position for choice in question.choices.all() if choice.is_correct]
        for question in module.current_version.questions.prefetch_related("choices")
    }
