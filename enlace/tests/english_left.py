"""English left in a page or an e-mail meant for a reader of another language.

What counts as English is the catalogue's own: the fixed texts (a message's pieces between its placeholders)
that a reading in English shows and that the other language's catalogue translates. Names, codes and what
people wrote are not messages, so they never count.
"""

import re

from django.utils.translation import trans_real

# Written the same in every language, or names: never a sign of English left in a message.
NOT_ENGLISH_WORDS = {"Enlace", "TLP", "OpenPGP", "UTC", "CLEAR", "GREEN", "AMBER", "RED", "CSIRT", "PoC", "Directory"}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{[^}]*\}\}|[{}]")


def _fragments(msgid: str) -> list[str]:
    """The fixed pieces of a catalogue message between its placeholders, as they are read."""
    return [" ".join(piece.split()) for piece in _PLACEHOLDER.split(msgid) if piece.strip()]


def english_texts_in(english: str, language: str) -> set[str]:
    """The catalogue's English texts found in ``english`` (text read in English) that ``language`` translates.

    Pieces of several words count as they stand. A single word counts when whole, and only when the language
    itself has no such word (French writes "contacts" too, Portuguese "ping").
    """
    catalogue = trans_real.translation(language)._catalog
    # Django's merged catalogue is not a dict: iterating it asks for items by position; its keys() are the msgids.
    msgids = list(catalogue.keys())
    own_words = {word.lower() for key in msgids for word in re.findall(r"\w+", str(catalogue.get(key)))}
    found = set()
    for key in msgids:
        msgid = (key[0] if isinstance(key, tuple) else key).split("\x04", 1)[-1]
        if not msgid or catalogue.get(key) == msgid:
            continue
        for piece in _fragments(msgid):
            words = re.findall(r"[A-Za-z]+", piece)
            if not words or piece in NOT_ENGLISH_WORDS:
                continue
            if len(words) == 1:
                if len(piece) >= 4 and piece.isalpha() and piece.lower() not in own_words and _has_word(english, piece):
                    found.add(piece)
            elif len(piece) >= 8 and piece in english:
                found.add(piece)
    return found


def still_english(text: str, english_texts: set[str]) -> list[str]:
    """Those of ``english_texts`` that ``text`` (read in another language) still shows."""
    return sorted(
        english for english in english_texts if (_has_word(text, english) if " " not in english else english in text)
    )


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None
