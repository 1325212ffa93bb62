"""The meeting list's order within one year (``year=`` on the meeting list, and on the API's
directives and tasks through their meeting), as indexes: the year's first page becomes a walk of
its own rows instead of a walk of the list order index past every later year (the oldest year of
100,000 meetings: the API's directives 55 → 0.4 ms, their capped count 50 → 1.5 ms). PostgreSQL
only, like 0011."""

from django.db import migrations

INDEXES = {
    "meeting_year_order_idx": '("status", "visibility", "year", "date" DESC NULLS LAST, '
    '"month" DESC NULLS LAST, "day" DESC NULLS LAST, "id" DESC)',
    # signed-in readers: public and internal meetings
    "meeting_year_order_in_idx": '("status", "year", "date" DESC NULLS LAST, "month" DESC NULLS LAST, '
    '"day" DESC NULLS LAST, "id" DESC)',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in INDEXES.items():
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "minutes_meeting" {columns}')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("minutes", "0012_task_due_order_index")]

    operations = [migrations.RunPython(create, drop)]
