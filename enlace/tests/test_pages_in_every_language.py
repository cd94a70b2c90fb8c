"""A reader meets no English sentence on the pages of its journeys, in any of the interface's languages.

Every role's key pages (those the accessibility checks walk: a list, a record and a form in each part of the
product) are read in English, then in each other language: no fixed text of the English reading may be left
in the other (``enlace.tests.english_left``). What the API documentation quotes from its schema is marked
English on purpose (``lang="en"``) and is left out, as are scripts and styles.
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.utils.translation import get_language_info

from directory.models import Contact, Directory, Institution
from enlace.app_modules import each_app_module
from enlace.tests.english_left import english_texts_in, still_english
from enlace.tests.test_accessibility import ROLE_PAGES, address
from repository.models import Document

# Each language is offered by its own name too ("Anglais (English)"), as language menus do.
AUTONYMS = {get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}
# The change log shows each record's changes as they were written, in the words of the day (field names,
# values and the record's name as stored): not yet put in the reader's language.
KEPT_AS_WRITTEN: set[str] = set()
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
_NOT_READ = {"script", "style", "code", "kbd", "samp"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _ReadText(HTMLParser):
    """The text a reader reads in the page's language, and the attributes a screen reader or a tooltip reads
    out. Left out: scripts and styles, code (``<code>``, ``<kbd>``, ``<samp>``), what is marked as written in
    another language (``lang``: the API's schema, a text shown in its original language for want of a
    translation) and names kept as written (``translate="no"``: a record's name in the change log)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.language = ""
        self.skipping: list[str] = []  # the open elements, from the first one whose text is not read

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.language = attributes.get("lang", "")
            return
        other_language = attributes.get("lang", self.language) != self.language
        if self.skipping or tag in _NOT_READ or other_language or attributes.get("translate") == "no":
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        read_out = ("title", "alt", "placeholder", "aria-label")
        self.parts += [attributes[name] or "" for name in read_out if name in attributes]

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def readable(html: str) -> str:
    """The page's text as read, without addresses and identifiers (a path, a time zone, an e-mail address)."""
    reader = _ReadText()
    reader.feed(html)
    return " ".join(re.sub(r"\S*/\S*|\S+@\S+", " ", " ".join(reader.parts)).split())


def words_people_wrote() -> set[str]:
    """The words of the names the test world's people gave their records ("Institution 3" is data, not text)."""
    names = [
        *Contact.objects.values_list("name", flat=True),
        *Institution.objects.values_list("name", flat=True),
        *Directory.objects.values_list("name", flat=True),
        *Document.objects.values_list("name", flat=True),
    ]
    # Each app may name what its records' writers wrote (``names_people_wrote()`` beside its access rows).
    for module in each_app_module("tests.access_table"):
        names += getattr(module, "names_people_wrote", list)()
    return {word for name in names for word in re.findall(r"\w+", name)}


def read_pages(world, role: str, language: str) -> dict[str, str]:
    client = Client(headers={"accept-language": language})
    if (user := world.users[role]) is not None:
        client.force_login(user)
    pages = {}
    for url_name, arguments in ROLE_PAGES[role]:
        where = address(world, url_name, arguments)
        response = client.get(where, follow=True)
        assert response.status_code == 200, f"{where}: {response.status_code}"
        pages[where] = readable(response.content.decode())
    return pages


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
@pytest.mark.parametrize("role", list(ROLE_PAGES))
def test_no_english_sentence_is_left_on_a_roles_pages(world, role, language):
    english, translated = read_pages(world, role, "en"), read_pages(world, role, language)
    allowed = words_people_wrote() | AUTONYMS
    left = {}
    for where, text in translated.items():
        found = [
            found for found in still_english(text, english_texts_in(english[where], language)) if found not in allowed
        ]
        if found and where not in KEPT_AS_WRITTEN:
            left[where] = found
    assert not left, f"English left for {role} in {language}:\n" + "\n".join(f"{w}: {f}" for w, f in left.items())


def test_the_check_finds_the_english_of_each_page():
    """Each page's English reading has fixed texts for the check above to look for."""
    html = (
        '<html lang="fr"><p title="Sign out">Confirm your details</p><script>var x = "Send my answer";</script>'
        '<p lang="en">Send my answer</p><code>/api/v1/</code> Africa/Nairobi</html>'
    )
    assert readable(html) == "Sign out Confirm your details"
    assert english_texts_in(readable(html), "fr") >= {"Confirm your details", "Sign out"}
