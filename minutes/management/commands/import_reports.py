"""``manage.py import_reports PATH [PATH ...]``: import meeting reports (a thin shell over
``minutes.importing``).

With ``--dry-run --format json`` standard output carries exactly the extraction document
(``minutes-extraction/1``) and nothing else; every message goes to standard error.
"""

import json
import logging
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from minutes.importing import import_files
from minutes.models import Meeting, SourceReport

# Reports written in the style of the department's news items (with hand-made gold extractions for
# the parser's tests): what `make demo` loads so a new user sees a lived-in archive.
DEMO_REPORTS = Path(settings.BASE_DIR) / "tests" / "corpus" / "texts"


class Command(BaseCommand):
    help = (
        "Import meeting reports (text files or folders of them; UTF-8, GB18030 or Big5) into the archive. "
        "Importing the same file again changes nothing; a changed report becomes a new revision that keeps "
        "what staff edited."
    )
    # The system checks import every URLconf and admin (0.3 s): a third of a one-file run, which
    # scripts call once per report. The server runs them; `manage.py check` is there for the rest.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH", help="report files or folders of them")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="run the whole import, then roll it back: nothing is written",
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="json: print the extraction (minutes-extraction/1) on standard output",
        )
        parser.add_argument(
            "--status",
            choices=[Meeting.Status.DRAFT, Meeting.Status.PUBLISHED],
            default=Meeting.Status.DRAFT,
            help="status of the meetings created (default: draft)",
        )
        parser.add_argument(
            "--seed",
            action="store_true",
            help="import the seed reports (published) when the archive holds no report yet",
        )

        parser.add_argument(
            "--demo",
            action="store_true",
            help=(
                "import the written example reports (tests/corpus/texts), published, so a new archive "
                "has something to browse; reports imported before are left as they are"
            ),
        )

    def handle(self, *args, paths, dry_run, format, status, seed, demo, verbosity, **options):
        # jieba announces its dictionary loading through logging; keep it off both streams.
        logging.getLogger("jieba").setLevel(logging.WARNING)
        as_json = format == "json"
        # In json mode standard output is reserved for the document.
        say = self.stderr if as_json else self.stdout
        if seed:
            if paths:
                raise CommandError("--seed takes no PATH")
            if SourceReport.objects.exists():
                say.write("Seed reports already imported; nothing to do.")
                return
            paths = [str(settings.MINUTES_SEED_REPORTS)]
            status = Meeting.Status.PUBLISHED
        if demo:
            if paths or seed:
                raise CommandError("--demo takes no PATH and no --seed")
            if not DEMO_REPORTS.is_dir():
                raise CommandError(f"The example reports are not here: {DEMO_REPORTS}")
            # Importing a file again changes nothing, so running this twice adds nothing.
            paths = [str(DEMO_REPORTS)]
            status = Meeting.Status.PUBLISHED
        if not paths:
            raise CommandError("Give at least one report file or folder (or --seed).")

        show_progress = any(Path(p).is_dir() for p in paths) and (verbosity >= 2 or sys.stderr.isatty())
        tty = sys.stderr.isatty()

        def progress(n, total, path):
            line = f"[{n}/{total}] {Path(path).name}"
            if tty:
                self.stderr.write(f"\r\033[K{line}", ending="\n" if n == total else "")
            else:
                self.stderr.write(line)
            self.stderr.flush()

        # A dry run must work on a fresh checkout too: without a migrated database there is no
        # writer to try, but the extraction can still be printed.
        write = True
        if dry_run and not _database_is_migrated():
            write = False
            self.stderr.write(
                "The database is not migrated (run `manage.py migrate`); printing the extraction "
                "without trying the writer."
            )
        summary = import_files(
            paths,
            dry_run=dry_run,
            status=status,
            progress=progress if show_progress else None,
            write=write,
        )

        if as_json:
            from minutes.parsing import extraction_document

            self.stdout.write(
                json.dumps(extraction_document(summary.parsed_files), ensure_ascii=False, indent=2)
            )
        for line in summary.lines():
            say.write(line)
        drafts = summary.counts()["meetings_created"] if status == Meeting.Status.DRAFT else 0
        if drafts and not dry_run:
            say.write(_drafts_note(drafts))
        to_review = summary.counts()["needs_review"]
        if to_review and not dry_run:
            say.write(_review_note(to_review))
        for line in summary.problem_lines():
            self.stderr.write(line)
        failed = summary.failed
        if failed and len(failed) == len(summary.files):
            raise CommandError("Nothing could be read: " + "; ".join(f.error for f in failed))
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(summary.files)} file(s) could not be imported (see above)."
            )


def _drafts_note(n: int) -> str:
    """Imported meetings are drafts that readers cannot see yet: how to publish them."""
    url = reverse("admin:minutes_meeting_changelist") + f"?status__exact={Meeting.Status.DRAFT}"
    text = ngettext(
        "%(n)d 次會議以草稿匯入，讀者還看不到。發佈：在管理後台的會議列表（%(url)s）勾選它們，"
        "執行「%(action)s」（須有發佈權限）。",
        "%(n)d 次會議以草稿匯入，讀者還看不到。發佈：在管理後台的會議列表（%(url)s）勾選它們，"
        "執行「%(action)s」（須有發佈權限）。",
        n,
    )
    # The action's own label, so the note names the button staff see.
    return text % {"n": n, "url": url, "action": gettext("發佈所選的會議")}


def _review_note(n: int) -> str:
    """Where the importer guessed, staff should look: the admin's 需要核對 filter lists them."""
    url = reverse("admin:minutes_meeting_changelist") + "?review=yes"
    text = ngettext(
        "%(n)d 次會議有匯入時推定的內容，需要核對：管理後台的會議列表（%(url)s）逐一打開，核對後儲存。",
        "%(n)d 次會議有匯入時推定的內容，需要核對：管理後台的會議列表（%(url)s）逐一打開，核對後儲存。",
        n,
    )
    return text % {"n": n, "url": url}


def _database_is_migrated() -> bool:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        return not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # no database file, server down: there is nothing to write to either
        return False
