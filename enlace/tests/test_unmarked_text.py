"""Text a reader sees is marked for translation: in templates, and where Python hands words to a page."""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

from enlace.tests.catalogue_sources import BASE_DIR, MAKEMESSAGES_COMMAND, source_files

# What a template fills in (a variable, a tag, a translated text) stands as one character with no letter.
FILLED_IN = "\ufffc"

# Words a page may show as they are in every language, and why:
UNTRANSLATED = re.compile(
    r"Enlace"  # the product's name
    r"|TLP(?::(?:CLEAR|GREEN|AMBER\+STRICT|AMBER|RED))?"  # FIRST's Traffic Light Protocol and its labels never are
)
WORD = re.compile(r"[^\W\d_]+")
# Named placeholders of a Python string ("%(name)s", "{name}") are filled in, not read.
PLACEHOLDER = re.compile(r"%\(\w+\)\w|\{\w*\}")

# Attributes a reader hears or sees; an input button's value is its caption (a <button>'s is only sent).
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}

FIX = (
    "Mark each with {% translate %} or {% blocktranslate %} (or gettext in Python), then run "
    f"`{MAKEMESSAGES_COMMAND}`, translate the new entries in every catalogue, and `make messages`."
)


def template_files() -> list[Path]:
    return [path for path in source_files() if path.suffix != ".py" and "templates" in path.relative_to(BASE_DIR).parts]


def unmarked_source(template: str) -> str:
    """The template with everything but its own literal text replaced by FILLED_IN, on the same lines.

    Translated text, comments and tags go; so the words left are the ones no catalogue will ever translate.
    """
    parts: list[str] = []
    line = 1
    skip_until = None
    for token in Lexer(template).tokenize():
        if skip_until:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] in skip_until:
                skip_until = None
            continue
        parts.append("\n" * (token.lineno - line))
        line = token.lineno
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            line += token.contents.count("\n")
            continue
        parts.append(FILLED_IN)
        name = token.contents.split()[0] if token.token_type == TokenType.BLOCK else None
        if name in ("blocktranslate", "blocktrans"):
            skip_until = {"endblocktranslate", "endblocktrans"}
        elif name == "comment":
            skip_until = {"endcomment"}
    return "".join(parts)


def words_in(text: str, first_line: int) -> list[tuple[int, str]]:
    """The words of the text that are not allowed untranslated, each with its line."""
    text = UNTRANSLATED.sub(FILLED_IN, text)
    return [(first_line + text.count("\n", 0, word.start()), word.group()) for word in WORD.finditer(text)]


class ReadText(HTMLParser):
    """Collects the words of an HTML page's text and read attributes.

    Scripts, styles and code (an HTTP header, a command) are not prose, so their words are left alone.
    """

    CODE = ("script", "style", "code", "kbd", "samp")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[tuple[int, str]] = []
        self.in_code = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.CODE:
            self.in_code += 1
        attributes = dict(attrs)
        is_button = tag == "input" and attributes.get("type") in BUTTON_INPUT_TYPES
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or (name == "value" and is_button)):
                self.words += [(line, f'{name}="{word}"') for line, word in words_in(value, self.getpos()[0])]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.CODE and self.in_code:
            self.in_code -= 1

    def handle_data(self, data: str) -> None:
        if not self.in_code:
            self.words += words_in(data, self.getpos()[0])


def unmarked_words(template: str, *, html: bool = True) -> list[tuple[int, str]]:
    """Each word of the template a reader would see in English whatever their language, with its line."""
    source = unmarked_source(template)
    if not html:
        return words_in(source, 1)
    reader = ReadText()
    # A tag whose name the template chooses (<{% if link %}a{% else %}button{% endif %}>) is still a tag.
    reader.feed(re.sub(f"<(/?){FILLED_IN}", r"<\1filled-in ", source))
    reader.close()
    return reader.words


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("<p>Save</p>", [(1, "Save")]),
        ('{% load i18n %}<p>{% translate "Save" %}</p>', []),
        ("{% blocktranslate %}Sent {{ count }} times{% endblocktranslate %}", []),
        ("<p>{{ count }}\n pings</p>", [(2, "pings")]),
        ('<img src="{{ url }}" alt="Logo">', [(1, 'alt="Logo"')]),
        ('<input type="submit" value="Go">', [(1, 'value="Go"')]),
        ('<button type="submit" name="action" value="approve">{% translate "Approve" %}</button>', []),
        ('<input type="checkbox" value="on" name="all">', []),
        ("{% comment %}Why this is here{% endcomment %}{# a note #}<!-- markup -->", []),
        ("<script>let label = 'none';</script><span>Enlace · TLP:AMBER+STRICT · 3 ×</span>", []),
        ("<p><code>Authorization: Bearer {{ secret }}</code> header</p>", [(1, "header")]),
        ('<{% if href %}a href="{{ href }}"{% else %}button{% endif %} class="btn">{{ label }}</{{ tag }}>', []),
    ],
)
def test_the_scan_finds_words_only_where_a_reader_sees_them_unmarked(template, words):
    assert unmarked_words(template) == words


def test_templates_show_no_unmarked_words():
    found = [
        f"{path.relative_to(BASE_DIR)}:{line}: {word}"
        for path in template_files()
        for line, word in unmarked_words(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
    ]
    assert not found, "Templates show words no catalogue translates:" + "".join(f"\n  {f}" for f in found) + "\n" + FIX


# Python: where a string reaches a reader. Keyword arguments of form, serializer and model fields, choices,
# error messages, widget attributes, and the words of the calls that put a message on a page.
READ_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
READ_CLASS_ATTRIBUTES = {"verbose_name", "verbose_name_plural"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}


def literal_words(node: ast.expr | None) -> str | None:
    """The text of a literal string with words in it (plain, f-string, %- or .format()-ed), else None."""
    match node:
        case ast.Constant(value=str() as text) if WORD.search(UNTRANSLATED.sub(FILLED_IN, PLACEHOLDER.sub("", text))):
            return text
        case ast.JoinedStr(values=parts) if any(literal_words(part) for part in parts):
            return ast.unparse(node)
        case ast.BinOp(left=left, op=ast.Mod()) | ast.Call(func=ast.Attribute(value=left, attr="format")):
            return literal_words(left)
    return None


def dict_values(node: ast.expr | None, keys: set[str] | None = None) -> list[ast.expr]:
    """The values of a dict display (those of the given keys only, if keys are given)."""
    if not isinstance(node, ast.Dict):
        return []
    return [
        value
        for key, value in zip(node.keys, node.values, strict=True)
        if keys is None or (isinstance(key, ast.Constant) and key.value in keys)
    ]


def is_page(content_type: ast.expr | None) -> bool:
    """A response is a page unless it says it is some other type (a health check's "ok" is for machines)."""
    return content_type is None or (
        isinstance(content_type, ast.Constant) and content_type.value.startswith("text/html")
    )


def read_arguments(call: ast.Call) -> list[ast.expr | None]:
    """The arguments of a call whose text a reader sees."""
    match call.func:
        case ast.Name(id=name) | ast.Attribute(attr=name):
            pass
        case _:
            name = ""
    positional = dict(enumerate(call.args))
    keywords = {keyword.arg: keyword.value for keyword in call.keywords}
    found = [value for key, value in keywords.items() if key in READ_KEYWORDS]
    found += dict_values(keywords.get("error_messages"))
    found += dict_values(keywords.get("attrs"), READ_ATTRIBUTES)
    if isinstance(choices := keywords.get("choices"), ast.List | ast.Tuple):
        found += [pair.elts[-1] for pair in choices.elts if isinstance(pair, ast.Tuple)]
    is_messages_call = isinstance(call.func, ast.Attribute) and ast.unparse(call.func.value) == "messages"
    if name in MESSAGE_LEVELS and is_messages_call:
        found.append(keywords.get("message", positional.get(1)))
    elif name == "add_message" and is_messages_call:
        found.append(keywords.get("message", positional.get(2)))
    elif name == "ValidationError":
        found.append(keywords.get("message", positional.get(0)))
    elif name == "add_error":
        found.append(keywords.get("error", positional.get(1)))
    elif name.startswith("HttpResponse") and is_page(keywords.get("content_type")):
        found.append(keywords.get("content", positional.get(0)))
    return found


def read_class_attributes(cls: ast.ClassDef) -> list[ast.expr]:
    """Class attributes a reader sees: a Meta's or an app's verbose name, error messages, a choice's label."""
    is_choices = bool({ast.unparse(base).rsplit(".", 1)[-1] for base in cls.bases} & CHOICES_BASES)
    found: list[ast.expr] = []
    for statement in cls.body:
        if isinstance(statement, ast.Assign):
            names = {ast.unparse(target) for target in statement.targets}
            if names & READ_CLASS_ATTRIBUTES:
                found.append(statement.value)
            elif "default_error_messages" in names:
                found += dict_values(statement.value)
            elif is_choices and isinstance(statement.value, ast.Tuple):
                found.append(statement.value.elts[-1])
    return found


def unmarked_strings(source: str) -> list[tuple[int, str]]:
    """Each literal string of a module that reaches a reader without being marked, with its line."""
    found: list[ast.expr | None] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            found += read_arguments(node)
        elif isinstance(node, ast.ClassDef):
            found += read_class_attributes(node)
    return sorted((node.lineno, text) for node in found if (text := literal_words(node)) is not None)


def python_files() -> list[Path]:
    """The project's own modules: not its tests, migrations or benchmarks."""
    return [
        path
        for path in source_files()
        if path.suffix == ".py"
        and not {"tests", "migrations"} & set(path.relative_to(BASE_DIR).parts)
        and path.name != "conftest.py"
    ]


@pytest.mark.parametrize(
    ("source", "strings"),
    [
        ('name = forms.CharField(label="Name", help_text=_("Full name"))', [(1, "Name")]),
        ('name = forms.CharField(label=_("Name"), widget=forms.TextInput(attrs={"placeholder": "Ana"}))', [(1, "Ana")]),
        ('kind = forms.ChoiceField(choices=[("", "—"), ("a", "Any kind"), ("b", _("Bank"))])', [(1, "Any kind")]),
        ('class Kind(models.TextChoices):\n    BANK = "bank", "Bank"\n    CERT = "cert", _("CERT")', [(2, "Bank")]),
        ('class Tlp(models.TextChoices):\n    RED = "red", "TLP:RED"', []),
        ('class Meta:\n    verbose_name = "contact"\n    ordering = ["name"]', [(2, "contact")]),
        ('messages.success(request, f"Saved {name}.")', [(1, "f'Saved {name}.'")]),
        ('messages.success(request, _("Saved %(name)s.") % {"name": name})', []),
        ('raise ValidationError("Too late: %s" % day, code="late")', [(1, "Too late: %s")]),
        ('form.add_error("email", "Taken.")', [(1, "Taken.")]),
        ('return HttpResponse("Gone", status=410)', [(1, "Gone")]),
        ('return HttpResponse(json.dumps(body), content_type="application/json")', []),
        ('return HttpResponse("ok", content_type="text/plain")', []),
        ('return HttpResponse("%(count)s {total}" % values)', []),
        ('log.error("Delivery failed: %s", error)', []),
    ],
)
def test_the_scan_finds_unmarked_strings_only_where_python_hands_them_to_a_reader(source, strings):
    assert unmarked_strings(source) == strings


def test_python_hands_no_unmarked_string_to_a_reader():
    found = [
        f"{path.relative_to(BASE_DIR)}:{line}: {text!r}"
        for path in python_files()
        for line, text in unmarked_strings(path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "Python hands these strings to a reader unmarked:" + "".join(f"\n  {f}" for f in found) + "\n" + FIX
    )


def test_every_model_of_enlace_has_a_translated_name():
    # Django makes up a model's name from its class name ("contact language") when Meta gives none, in English
    # only; the change log's kinds of record and validation messages show it to readers of every language.
    from django.apps import apps
    from django.utils.functional import Promise

    unnamed = [
        model._meta.label
        for model in apps.get_models()
        if Path(model._meta.app_config.path).is_relative_to(BASE_DIR)
        and ".venv" not in Path(model._meta.app_config.path).parts
        and not isinstance(model._meta.original_attrs.get("verbose_name"), Promise)
    ]

    assert unnamed == [], f"Give these models a translated verbose_name in their Meta: {unnamed}"
