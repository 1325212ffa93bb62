"""Rebuild the search index from scratch, in one transaction."""

import time

from django.core.management.base import BaseCommand

from search.indexing import rebuild_index


class Command(BaseCommand):
    help = "重建全文檢索索引（清空後從全部紀錄重新生成）。"

    def handle(self, *args, verbosity=1, **options):
        started = time.monotonic()

        def progress(done):
            if verbosity >= 2:
                self.stdout.write(f"  {done} rows…")

        counts = rebuild_index(progress=progress)
        elapsed = time.monotonic() - started
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"{kind:12} {count:>10}")
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the search index: {sum(counts.values())} rows in {elapsed:.1f} s.")
        )
