"""Write the whole archive (records, history, source texts, users and groups) to one JSON file."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from minutes.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Back up the whole archive — meetings and every child record, source report texts, people, posts, "
        "units, their history, users and groups — to OUT.json or OUT.json.gz (gzip). Sessions, login "
        "logs and the search index are not included. Restore with restore_archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="File to write; a name ending in .gz is gzip-compressed.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to read.")

    def handle(self, *args, output, database, verbosity, **options):
        progress = (lambda message: self.stderr.write(message)) if verbosity >= 1 else None
        try:
            counts = write_backup(output, using=database, progress=progress)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Wrote {sum(counts.values())} rows of {len(counts)} tables to {output}.")
            )
