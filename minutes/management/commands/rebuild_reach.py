"""Recompute every person's and unit's kept meeting counts (minutes.reach)."""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, transaction

from minutes import reach


class Command(BaseCommand):
    help = (
        "Recompute the kept counts of the meetings each person and unit is in (what decides who readers "
        "may see). Writes keep them current; run this after changing rows with raw SQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to write.")

    def handle(self, *args, database, verbosity, **options):
        with transaction.atomic(using=database):
            people, units = reach.recompute_all(using=database)
        if verbosity >= 1:
            self.stdout.write(f"Counts changed for {people} people and {units} units.")
