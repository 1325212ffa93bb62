"""Load a backup_archive file into an empty database, then rebuild the search index."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from minutes.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by backup_archive into a freshly migrated, empty database, in one "
        "transaction; resets id sequences and rebuilds the search index. Refuses a database that "
        "already holds records or users unless --force, which deletes them first (same transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", help="Backup file (.json or .json.gz).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to write.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete the archive's records, history and users already in the database, then restore.",
        )
        parser.add_argument(
            "--no-search-index", action="store_true", help="Do not rebuild the search index afterwards."
        )

    def handle(self, *args, input, database, force, no_search_index, verbosity, **options):
        progress = (lambda message: self.stderr.write(message)) if verbosity >= 1 else None
        try:
            result = restore_backup(
                input, using=database, force=force, rebuild_search=not no_search_index, progress=progress
            )
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            total = sum(result.counts.values())
            self.stdout.write(self.style.SUCCESS(f"Restored {total} rows from {input}."))
            if result.search_index:
                self.stdout.write(f"Search index: {result.search_index}")
