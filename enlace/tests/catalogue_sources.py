"""The messages the sources mark for translation, found the way `makemessages` finds them.

`makemessages` needs GNU gettext; the suite must run with Python alone. So this walks the same
files (the same ignore list as the command in docs/operations.md), turns each template into Python
with Django's own `templatize`, as `makemessages` does before it calls xgettext, and reads the
marked strings with Babel's Python extractor and `makemessages`' keywords.
"""

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract
from django.conf import settings
from django.utils.translation.template import templatize

BASE_DIR = Path(settings.BASE_DIR)

# The directories `makemessages` is told to skip (its --ignore options), plus what it always skips:
# hidden directories, the locale directories, and the static and media roots.
IGNORED_DIRECTORIES = {".venv", "bench", "staticfiles", "locale"}
EXTENSIONS = {".py", ".html", ".txt"}

MAKEMESSAGES_COMMAND = (
    ".venv/bin/python manage.py makemessages -l es -l fr -l ar -l ru -l zh_Hans -l pt"
    " --ignore='.venv/*' --ignore='bench/*' --ignore='staticfiles/*' --no-obsolete"
)

# gettext's own Python keywords plus the ones `makemessages` adds, argument positions as xgettext's.
KEYWORDS = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}


@dataclass(frozen=True)
class Key:
    """What tells one catalogue entry from another: its context, its text and its plural."""

    context: str | None
    msgid: str
    plural: str | None = None

    def __str__(self) -> str:
        text = repr(self.msgid) if self.plural is None else f"{self.msgid!r} / {self.plural!r}"
        return text if self.context is None else f"{text} (context {self.context!r})"


def source_files(root: Path = BASE_DIR) -> Iterator[Path]:
    """Every file `makemessages` reads for the django domain, in a stable order."""
    skipped = {Path(path).resolve() for path in (settings.STATIC_ROOT, settings.MEDIA_ROOT) if path}
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or path.name.endswith("~"):
            continue
        if path.is_dir() and not path.is_symlink():
            # A virtual environment made elsewhere than .venv (make's VENV=) is no more a source than .venv.
            is_environment = (path / "pyvenv.cfg").exists()
            if path.name not in IGNORED_DIRECTORIES and path.resolve() not in skipped and not is_environment:
                yield from source_files(path)
        elif path.is_file() and path.suffix in EXTENSIONS:
            yield path


def python_of(path: Path) -> bytes:
    """The Python text xgettext would read for this file: the file itself, or its templatized form."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        # xgettext does not mind the indentation a template leaves; Python's tokenizer does. No line
        # of templatize's output starts inside a string, so dropping it changes no message nor line.
        text = "".join(line.lstrip(" \t") for line in templatize(text, origin=str(path)).splitlines(True))
    return text.encode("utf-8")


def marked_messages(root: Path = BASE_DIR) -> dict[Key, list[str]]:
    """Each marked message, with the places ("app/file.py:12") that mark it."""
    messages: dict[Key, list[str]] = {}
    for path in source_files(root):
        fileobj = io.BytesIO(python_of(path))
        for lineno, message, _comments, context in extract("python", fileobj, KEYWORDS, options={"encoding": "utf-8"}):
            key = Key(context, *message) if isinstance(message, tuple) else Key(context, message)
            messages.setdefault(key, []).append(f"{path.relative_to(root)}:{lineno}")
    return messages
