"""Each language's alphabetical order of the States' names, computed by ICU inside PostgreSQL.

ICU's collations (the Unicode Collation Algorithm with CLDR's rules for each
language) are what a reader expects of a list: accents count only after the
letters (Côte d'Ivoire after Costa Rica), Spanish ñ follows n, Russian and
Arabic follow their alphabets, Chinese goes by pinyin. PostgreSQL carries them;
Python would need PyICU, which compiles against ICU's C++ headers. So the order
is computed once, on a PostgreSQL server, and kept as data
(``data/state_name_order.json``); the application only looks it up.
"""

from directory import names

#: The ICU collation PostgreSQL provides for each language names are shown in.
ICU_COLLATIONS = {
    "en": "en-x-icu",
    "fr": "fr-x-icu",
    "es": "es-x-icu",
    "ru": "ru-x-icu",
    "zh-hans": "zh-Hans-x-icu",  # CLDR's default for Simplified Chinese: pinyin
    "ar": "ar-x-icu",
    "pt": "pt-x-icu",
}


def icu_order(cursor, language: str) -> list[str]:
    """The UN States' alpha-3 codes in the order of their names in ``language``, sorted by PostgreSQL's ICU.

    ``cursor`` is a cursor on a PostgreSQL connection (ICU collations are a PostgreSQL feature).
    """
    import pycountry

    collation = ICU_COLLATIONS[language]
    rows = [
        (pycountry.countries.get(alpha_2=iso2).alpha_3, name) for iso2, name in names.state_names_in(language).items()
    ]
    values = ", ".join(["(%s, %s)"] * len(rows))
    cursor.execute(
        # The collation's name is one of the fixed names above, never input.
        f'SELECT iso3 FROM (VALUES {values}) AS state (iso3, name) ORDER BY name COLLATE "{collation}", iso3',  # noqa: S608
        [value for row in rows for value in row],
    )
    return [iso3 for (iso3,) in cursor.fetchall()]


def state_name_orders(cursor) -> dict[str, list[str]]:
    """Every language's order, as ``data/state_name_order.json`` keeps it."""
    return {language: icu_order(cursor, language) for language in ICU_COLLATIONS}
