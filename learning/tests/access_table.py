"""Who may open the learning pages, role by role: this app's rows of the access table, and the records of the test
world they need (``add_to_world``)."""

from django.core.files.base import ContentFile

from access.principal import principal_of
from access.tests.access_cases import D1_READERS, EVERYONE, Case
from enlace.testing.world import World
from learning import services
from learning.choices import AttachmentKind, QuestionKind
from learning.models import Attachment, Choice, Lesson, ModuleVersion, Question
from learning.tests.samples import PNG

SIGNED_IN = EVERYONE - {"public"}
MANAGER_D1 = frozenset({"manager_d1"})
COORD_A = frozenset({"coord_a"})


def add_to_world(world: World) -> dict:
    """A published module of D1 (a lesson with an image, a question), a draft module, and poc_a's passed attempt."""
    manager = world.users["manager_d1"]
    published = services.create_module(
        world.d1, language="en", title="Reaching the network", summary="", pass_mark=50, user=manager
    )
    version = published.versions.get()
    lesson = Lesson.objects.create(version=version, position=1, title="Answer the ping", body="Answer **every** ping.")
    image = Attachment(lesson=lesson, kind=AttachmentKind.IMAGE, name="Ping diagram", extension="png")
    image.content_type = "image/png"
    image.file.save("diagram.png", ContentFile(PNG), save=False)
    image.save()
    question = Question.objects.create(
        version=version, position=1, text="How often is the ping test?", kind=QuestionKind.SINGLE
    )
    Choice.objects.create(question=question, position=1, text="Every six months", is_correct=True)
    Choice.objects.create(question=question, position=2, text="Never", is_correct=False)
    services.publish(published)

    draft = services.create_module(
        world.d1, language="fr", title="Module en préparation", summary="", pass_mark=80, user=manager
    )
    draft_version = draft.versions.get()
    Lesson.objects.create(version=draft_version, position=1, title="Leçon préparée", body="Texte.")
    draft_question = Question.objects.create(version=draft_version, position=1, text="Prête ?")
    Choice.objects.create(question=draft_question, position=1, text="Oui", is_correct=True)
    Choice.objects.create(question=draft_question, position=2, text="Non", is_correct=False)

    poc_a = world.users["poc_a"]
    attempt = services.submit_quiz(principal_of(poc_a), poc_a, published, {1: [1]})
    return {
        "learning_module": published,
        "learning_draft": draft,
        "learning_image": image,
        "learning_attempt_a": attempt,
    }


def _code(name: str):
    return lambda world: {"code": getattr(world, name).code}


def _lesson(name: str, position: int = 1):
    return lambda world: {"code": getattr(world, name).code, "position": position}


def _d1(world: World) -> dict:
    return {"slug": world.d1.slug}


ROWS = {
    "learning:mine": [Case(SIGNED_IN)],
    "learning:list": [Case(D1_READERS, _d1)],
    "learning:module": [
        Case(D1_READERS, _code("learning_module"), note="published: every reader of its directory"),
        Case(MANAGER_D1, _code("learning_draft"), note="never published: its managers only (sent to the editor)"),
    ],
    "learning:lesson": [
        Case(D1_READERS, _lesson("learning_module")),
        Case(frozenset(), _lesson("learning_draft"), note="a draft's lessons are read in the editor"),
    ],
    "learning:quiz": [
        Case(D1_READERS, _code("learning_module")),
        Case(D1_READERS, _code("learning_module"), method="POST", data=lambda w: {"q1": "1"}),
    ],
    "learning:result": [Case(frozenset({"poc_a"}), _code("learning_attempt_a"), note="one's own attempts only")],
    "learning:file": [Case(D1_READERS, _code("learning_image"))],
    "learning:completions": [Case(COORD_A, _d1)],
    "learning:counts": [Case(MANAGER_D1, _d1)],
    "learning:new": [
        Case(MANAGER_D1, _d1),
        Case(
            MANAGER_D1,
            _d1,
            method="POST",
            data=lambda w: {"language": "es", "title": "Nuevo módulo", "summary": "", "pass_mark": "80"},
        ),
    ],
    "learning:image_hosts": [Case(MANAGER_D1, _d1)],
    "learning:edit": [Case(MANAGER_D1, _code("learning_module")), Case(MANAGER_D1, _code("learning_draft"))],
    "learning:lesson_new": [Case(MANAGER_D1, _code("learning_module"))],
    "learning:lesson_edit": [Case(MANAGER_D1, _lesson("learning_module"))],
    "learning:attachment_new": [Case(MANAGER_D1, _lesson("learning_module"))],
    "learning:question_new": [Case(MANAGER_D1, _code("learning_module"))],
    "learning:question_edit": [Case(MANAGER_D1, _lesson("learning_module"))],
    "learning:publish": [Case(MANAGER_D1, _code("learning_draft"), method="POST")],
}

# The learning pages the accessibility and every-language tests open for each role.
KEY_PAGES = {
    "poc_a": [
        ("learning:mine", lambda w: {}),
        ("learning:list", _d1),
        ("learning:module", _code("learning_module")),
        ("learning:lesson", _lesson("learning_module")),
        ("learning:quiz", _code("learning_module")),
        ("learning:result", _code("learning_attempt_a")),
    ],
    "coord_a": [("learning:completions", _d1)],
    "manager_d1": [
        ("learning:list", _d1),
        ("learning:new", _d1),
        ("learning:edit", _code("learning_module")),
        ("learning:lesson_edit", _lesson("learning_module")),
        ("learning:attachment_new", _lesson("learning_module")),
        ("learning:question_edit", _lesson("learning_module")),
        ("learning:image_hosts", _d1),
        ("learning:counts", _d1),
    ],
}


def names_people_wrote() -> list[str]:
    """What the modules' writers wrote in the test world: data, not the interface's text."""
    return [
        *ModuleVersion.objects.values_list("title", flat=True),
        *Lesson.objects.values_list("title", flat=True),
        *Lesson.objects.values_list("body", flat=True),
        *Question.objects.values_list("text", flat=True),
        *Choice.objects.values_list("text", flat=True),
        *Attachment.objects.values_list("name", flat=True),
    ]
