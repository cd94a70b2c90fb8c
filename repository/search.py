"""Full-text search of policy documents with the database's own index, never ``LIKE`` scans.

SQLite: an FTS5 table (``repository_document_fts``) over name, description and file text, kept in
step by triggers, with the ``unicode61 remove_diacritics 2`` tokenizer, so "politica" finds
"política"; every word typed must match, as a prefix (so "infraestructura" finds "infraestructuras").

PostgreSQL: a ``tsvector`` column filled by a trigger with the text search configuration of the
document's main language (Spanish stemming for Spanish documents, English for English...), each an
``enlace_*`` copy of PostgreSQL's own configuration with ``unaccent`` in front. A query is parsed in
every configuration and matches a document when one of them does; the GIN index answers all.
Migration 0002 creates both.
"""

import re

from django.db import connection
from django.db.models.expressions import RawSQL

# PostgreSQL text search configuration per ISO 639 language; others use "simple" (no stemming).
POSTGRES_CONFIGS = {
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "pt": "portuguese",
    "ru": "russian",
    "ar": "arabic",
    "nl": "dutch",
}
FALLBACK_CONFIG = "simple"
ALL_CONFIGS = sorted({*POSTGRES_CONFIGS.values(), FALLBACK_CONFIG})
WORD = re.compile(r"\w+")
MAX_WORDS = 12


def config_for(language_code: str) -> str:
    """The ``enlace_*`` configuration a document in this language is indexed with."""
    return f"enlace_{POSTGRES_CONFIGS.get(language_code, FALLBACK_CONFIG)}"


def words(text: str) -> list[str]:
    return WORD.findall(text or "")[:MAX_WORDS]


# Relevance: a word in the name counts most, then the description, then the file's text.
SQLITE_WEIGHTS = "10.0, 4.0, 1.0"
POSTGRES_QUERY = " || ".join(f"websearch_to_tsquery('enlace_{config}', %s)" for config in ALL_CONFIGS)


def _fts5_expression(found: list[str]) -> str:
    # FTS5 query syntax: each word quoted (so AND, OR, NEAR and punctuation are just words), as a prefix.
    return " ".join('"' + word.replace('"', '""') + '"*' for word in found)


def matching_ids(text: str) -> RawSQL | list:
    """A subquery of the ids of documents matching every word of ``text`` (an empty list if no word)."""
    found = words(text)
    if not found:
        return []
    if connection.vendor == "postgresql":
        return RawSQL(  # noqa: S611  (the text is a parameter; the names are fixed)
            f"SELECT id FROM repository_document WHERE search_vector @@ ({POSTGRES_QUERY})",  # noqa: S608
            [" ".join(found)] * len(ALL_CONFIGS),
        )
    return RawSQL(
        "SELECT rowid FROM repository_document_fts WHERE repository_document_fts MATCH %s", [_fts5_expression(found)]
    )


def rank(text: str) -> RawSQL:
    """How well each matching document answers ``text``: the lower, the better (for ``order_by``)."""
    found = words(text)
    if connection.vendor == "postgresql":
        return RawSQL(  # noqa: S611  (the text is a parameter; the names are fixed)
            f'-ts_rank("repository_document"."search_vector", ({POSTGRES_QUERY}))',
            [" ".join(found)] * len(ALL_CONFIGS),
        )
    return RawSQL(  # noqa: S611  (the text is a parameter; the names are fixed)
        f"(SELECT bm25(repository_document_fts, {SQLITE_WEIGHTS}) FROM repository_document_fts"  # noqa: S608
        ' WHERE repository_document_fts MATCH %s AND rowid = "repository_document"."id")',
        [_fts5_expression(found)],
    )


SQLITE_SETUP = [
    """CREATE VIRTUAL TABLE repository_document_fts USING fts5(
        name, description, text, content='repository_document', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER repository_document_fts_insert AFTER INSERT ON repository_document BEGIN
        INSERT INTO repository_document_fts(rowid, name, description, text)
        VALUES (new.id, new.name, new.description, new.text);
    END""",
    """CREATE TRIGGER repository_document_fts_delete AFTER DELETE ON repository_document BEGIN
        INSERT INTO repository_document_fts(repository_document_fts, rowid, name, description, text)
        VALUES ('delete', old.id, old.name, old.description, old.text);
    END""",
    """CREATE TRIGGER repository_document_fts_update AFTER UPDATE OF name, description, text
        ON repository_document BEGIN
        INSERT INTO repository_document_fts(repository_document_fts, rowid, name, description, text)
        VALUES ('delete', old.id, old.name, old.description, old.text);
        INSERT INTO repository_document_fts(rowid, name, description, text)
        VALUES (new.id, new.name, new.description, new.text);
    END""",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS repository_document_fts_update",
    "DROP TRIGGER IF EXISTS repository_document_fts_delete",
    "DROP TRIGGER IF EXISTS repository_document_fts_insert",
    "DROP TABLE IF EXISTS repository_document_fts",
]


def _postgres_configs() -> list[str]:
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    for config in ALL_CONFIGS:
        dictionary = "simple" if config == "simple" else f"{config}_stem"
        statements += [
            f"CREATE TEXT SEARCH CONFIGURATION enlace_{config} (COPY = pg_catalog.{config})",
            f"ALTER TEXT SEARCH CONFIGURATION enlace_{config} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}",
        ]
    return statements


POSTGRES_SETUP = [
    *_postgres_configs(),
    "ALTER TABLE repository_document ADD COLUMN search_vector tsvector",
    "CREATE INDEX repository_document_search ON repository_document USING gin (search_vector)",
    """CREATE FUNCTION repository_document_search_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.name, '')), 'A')
            || setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.description, '')), 'B')
            || setweight(to_tsvector(NEW.search_config::regconfig, coalesce(NEW.text, '')), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER repository_document_search BEFORE INSERT OR UPDATE OF name, description, text, search_config
        ON repository_document FOR EACH ROW EXECUTE FUNCTION repository_document_search_update()""",
]
POSTGRES_TEARDOWN = [
    "DROP TRIGGER IF EXISTS repository_document_search ON repository_document",
    "DROP FUNCTION IF EXISTS repository_document_search_update()",
    "DROP INDEX IF EXISTS repository_document_search",
    "ALTER TABLE repository_document DROP COLUMN IF EXISTS search_vector",
    *[f"DROP TEXT SEARCH CONFIGURATION IF EXISTS enlace_{config}" for config in ALL_CONFIGS],
]


def create_index(schema_editor) -> None:
    """Called by migration 0002: the full-text index of this database."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}.get(vendor, []):
        schema_editor.execute(statement)
