"""PostgreSQL: a partial GIN index over the title and name rows only (rank > 0).

Frequent words are served by walking body rows newest first; the few short title rows they
must rank above are fetched through this small index instead of being walked one by one.
SQLite needs nothing: its FTS5 plan does not depend on it.
"""

from django.db import migrations

FORWARD = "CREATE INDEX searchentry_title_tsv_gin ON search_searchentry USING gin (tsv) WHERE rank > 0"
BACKWARD = "DROP INDEX IF EXISTS searchentry_title_tsv_gin"


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
