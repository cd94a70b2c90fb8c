"""Each language's alphabetical order, for the lists a person reads in that language.

Sorting by code point puts "Côte d'Ivoire" after "Czechia" and every accented or capital letter out of
place; each language has its own order. The Unicode Collation Algorithm (``pyuca``, with the Unicode
Consortium's default table) is the order CLDR starts every language from, and it is already right
for English, French, Portuguese and Russian. Three languages differ from it in ways their readers
notice, and those differences are written here:

- Spanish: ñ is a letter of its own, after n ("anzuelo" before "año").
- Arabic: alef with hamza above or below (أ إ) sorts as alef (ا); the hamza only breaks ties.
- Chinese: characters come after digits and Latin letters, and sort by their pinyin, then tone
  (CLDR's default for Simplified Chinese). The
  reading of each character comes from ``pypinyin`` in the context of its word (秘鲁 is "bì lǔ").
  Characters with the same syllable and tone keep their code point order, where ICU uses its own
  table; that is the one way this order can differ from ICU's.

The States' names are sorted by ICU itself, once, and kept as data (``directory/collation.py``);
this module orders every other list, whose entries are only known at run time.
"""

from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from django.utils.translation import get_language

_HAMZA_ON_ALEF = str.maketrans({"أ": "ا", "إ": "ا"})
# After every letter: the Unicode Collation Algorithm gives an unassigned code point a weight above all of them.
_AFTER_N = "n\U0010fffd"


@cache
def _collator():
    import pyuca  # its table takes a fifth of a second to load: only when a list is sorted

    return pyuca.Collator()


def _chinese_key(text: str) -> tuple:
    from pypinyin import Style, pinyin  # its dictionary loads on first use

    sort_key = _collator().sort_key
    key = []
    position = 0
    for (reading,) in pinyin(text, style=Style.TONE3, errors="default", strict=False):
        if "\u4e00" <= text[position : position + 1] <= "\u9fff":
            # One Chinese character: after every other script, then by its syllable, its tone (5 for the
            # neutral one), then the character itself.
            syllable, tone = (reading[:-1], int(reading[-1])) if reading[-1:].isdigit() else (reading, 5)
            key.append((1, sort_key(syllable), tone, ord(text[position])))
            position += 1
        else:
            # A run of other characters, kept whole.
            key.append((0, sort_key(reading), 0, 0))
            position += len(reading)
    return tuple(key)


@lru_cache(maxsize=8192)
def _key(text: str, language: str) -> tuple:
    if language.startswith("zh"):
        return _chinese_key(text)
    sort_key = _collator().sort_key
    if language == "es":
        return sort_key(text.replace("ñ", _AFTER_N).replace("Ñ", _AFTER_N.upper()))
    if language == "ar":
        return (sort_key(text.translate(_HAMZA_ON_ALEF)), sort_key(text))
    return sort_key(text)


def sort_key(text: str, language: str | None = None) -> tuple:
    """Where ``text`` comes in a list sorted in ``language`` (by default the language of the request)."""
    return _key(str(text), (language or get_language() or "en").lower())


def sorted_alphabetically[Item](
    items: Iterable[Item], key: Callable[[Item], str] = str, language: str | None = None
) -> list[Item]:
    """``items`` sorted by the text ``key`` gives for each, in ``language``'s alphabetical order."""
    language = (language or get_language() or "en").lower()
    return sorted(items, key=lambda item: _key(str(key(item)), language))
