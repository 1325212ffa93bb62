"""``manage.py run_import_batch ID``: run a queued upload (started by the admin; a thin shell over
``minutes.import_batches.run_batch``)."""

import logging

from django.core.management.base import BaseCommand, CommandError

from minutes.import_batches import run_batch
from minutes.models import ImportBatch


class Command(BaseCommand):
    help = "Run a queued import batch (the admin starts this for large uploads)."

    def add_arguments(self, parser):
        parser.add_argument("batch_id", type=int)

    def handle(self, *args, batch_id, **options):
        logging.getLogger("jieba").setLevel(logging.WARNING)
        try:
            batch = run_batch(batch_id)
        except ImportBatch.DoesNotExist:
            raise CommandError(f"No import batch {batch_id}.") from None
        self.stdout.write(
            f"Batch {batch.pk} {batch.state}: {batch.reports_done}/{batch.reports_total} report(s), "
            f"{batch.written} written, {batch.unchanged} unchanged, {batch.failed} failed."
        )
