"""Report drift between the search index and the records; exits non-zero when there is any."""

from django.core.management.base import BaseCommand, CommandError

from search.indexing import check_index

SHOWN = 10


class Command(BaseCommand):
    help = "檢查全文檢索索引與紀錄是否一致（缺少、過時、多餘的索引行）；不一致時以非零狀態退出。"

    def handle(self, *args, **options):
        drift = check_index()
        for name in ("missing", "stale", "orphaned"):
            keys = getattr(drift, name)
            self.stdout.write(f"{name:9} {len(keys)}")
            for kind, object_id, part in keys[:SHOWN]:
                self.stdout.write(f"  {kind} {object_id} part {part}")
        if drift:
            raise CommandError(
                f"The search index has drifted ({len(drift.missing)} missing, {len(drift.stale)} stale, "
                f"{len(drift.orphaned)} orphaned of {drift.checked} rows); run rebuild_search_index."
            )
        self.stdout.write(self.style.SUCCESS(f"The search index is current ({drift.checked} rows checked)."))
