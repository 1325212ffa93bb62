"""The full-text structures, per database (see search/models.py for why they are not model fields).

PostgreSQL: a stored generated tsvector over the bigram text with a GIN index (core only, no
extension). SQLite: an external-content FTS5 ``unicode61`` table with triggers that mirror every
insert, update and delete of ``search_searchentry``, so bulk writes and cascades stay in sync.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, bigrams)) STORED",
    "CREATE INDEX searchentry_tsv_gin ON search_searchentry USING gin (tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS searchentry_tsv_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "bigrams, content='search_searchentry', content_rowid='id', tokenize='unicode61', detail='full')",
    "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, bigrams) VALUES (new.id, new.bigrams); END",
    "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, bigrams) VALUES ('delete', old.id, old.bigrams); END",
    "CREATE TRIGGER search_fts_au AFTER UPDATE OF bigrams ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, bigrams) VALUES ('delete', old.id, old.bigrams); "
    "INSERT INTO search_fts(rowid, bigrams) VALUES (new.id, new.bigrams); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
