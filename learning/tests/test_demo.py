"""The demo ships "Points of contact 101" in every interface language, real lessons and a real quiz each."""

import random

from django.conf import settings
from django.utils import timezone

from enlace.testing.factories import DirectoryFactory, manager_of
from learning import demo_data
from learning.content import languages_of, read_module
from learning.models import Module
from learning.text import to_html


def test_the_module_is_written_in_every_interface_language():
    assert languages_of(demo_data.POC_101) == sorted(code for code, _name in settings.LANGUAGES)


def test_each_language_has_five_lessons_and_five_questions_on_the_same_rules():
    english = read_module(demo_data.POC_101, "en")
    for code, _name in settings.LANGUAGES:
        written = read_module(demo_data.POC_101, code)
        assert len(written.lessons) == 5, code
        assert len(written.questions) == 5, code
        # The same quiz in every language: the same kinds and the same right answers.
        assert [(q.kind, [c for _t, c in q.answers]) for q in written.questions] == [
            (q.kind, [c for _t, c in q.answers]) for q in english.questions
        ], code
        text = " ".join(lesson.body for lesson in written.lessons)
        for rule in ("72", "15", "TLP:AMBER+STRICT", "TLP:RED", "OpenPGP"):
            assert rule in text, (code, rule)


def test_the_english_module_says_the_directorys_rules():
    text = " ".join(lesson.body for lesson in read_module(demo_data.POC_101, "en").lessons)
    for rule in ("six months", "72 hours", "15 days", "never put on the platform", "expiry", "passwords"):
        assert rule in text


def test_the_demo_builds_the_module_in_all_seven_languages(db):
    directory = DirectoryFactory(slug="un-global", name="UN Global PoC Directory")
    manager_of(directory)
    demo_data.build(directory, timezone.now(), random.Random(1))
    modules = Module.objects.filter(directory=directory).select_related("current_version")
    assert sorted(module.language for module in modules) == sorted(code for code, _name in settings.LANGUAGES)
    for module in modules:
        version = module.current_version
        assert (version.number, version.lessons.count(), version.questions.count()) == (1, 5, 5)
        for lesson in version.lessons.all():
            assert "<p>" in to_html(lesson.body)
    assert modules.get(language="zh-hans").current_version.title == "联络点入门"
