"""Modules written as data: each is a folder per language of Markdown lessons (``1-….md``, each opening with its
``# Title``) and a ``quiz.toml`` (the module's title, summary, pass mark and questions).

Kept as data rather than in the interface's catalogues: a lesson is a text a manager may rewrite, not a label
of the interface.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class WrittenLesson:
    title: str
    body: str


@dataclass(frozen=True)
class WrittenQuestion:
    text: str
    kind: str
    answers: list[tuple[str, bool]]


@dataclass(frozen=True)
class WrittenModule:
    language: str
    title: str
    summary: str
    pass_mark: int
    lessons: list[WrittenLesson]
    questions: list[WrittenQuestion]


def _lesson(path: Path) -> WrittenLesson:
    heading, _newline, body = path.read_text(encoding="utf-8").partition("\n")
    return WrittenLesson(title=heading.removeprefix("# ").strip(), body=body.strip() + "\n")


def read_module(name: str, language: str) -> WrittenModule:
    folder = HERE / name / language
    quiz = tomllib.loads((folder / "quiz.toml").read_text(encoding="utf-8"))
    return WrittenModule(
        language=language,
        title=quiz["title"],
        summary=quiz["summary"],
        pass_mark=quiz["pass_mark"],
        lessons=[_lesson(path) for path in sorted(folder.glob("*.md"))],
        questions=[
            WrittenQuestion(
                text=question["text"],
                kind=question["kind"],
                answers=[(text, bool(correct)) for text, correct in question["answers"]],
            )
            for question in quiz["questions"]
        ],
    )


def languages_of(name: str) -> list[str]:
    return sorted(path.name for path in (HERE / name).iterdir() if path.is_dir())
