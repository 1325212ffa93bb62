"""Benchmark search on a synthetic archive in a throw-away database (never the user's archive).

Without --database-url: PostgreSQL when the configured database is PostgreSQL (a ``<name>_bench``
database on the same server, created and dropped), otherwise a temporary SQLite file. The work
runs in a child process whose DATABASE_URL points at that database.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dj_database_url
import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

DEFAULT_MEETINGS = 100_000


class Command(BaseCommand):
    help = "全文檢索基準測試：生成合成檔案庫（預設 100,000 次會議、約 1,000,000 段發言），比較索引檢索與 icontains。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of 100,000 meetings")
        parser.add_argument("--database-url", help="a throw-away database (its name must contain 'bench')")
        parser.add_argument("--repeats", type=int, default=5, help="timed runs of the query mix")
        parser.add_argument("--naive-repeats", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
        parser.add_argument(
            "--reuse", action="store_true", help="reuse a kept benchmark database's archive (with --keep)"
        )
        parser.add_argument(
            "--api", action="store_true", help="also time the JSON API (/api/v1/): pages of 50, a detail"
        )
        parser.add_argument("--api-repeats", type=int, default=20, help="timed requests per API URL")
        parser.add_argument(
            "--pages-only",
            action="store_true",
            help="skip the search query mix; time only the pages (and --api)",
        )
        parser.add_argument("--page-repeats", type=int, help="timed renders per page (default: --repeats)")
        parser.add_argument("--inside", action="store_true", help=None)

    def handle(self, *args, **options):
        if options["inside"]:
            return self.run_inside(**options)
        url, cleanup = self.bench_database(options["database_url"], options["reuse"])
        argv = [sys.executable, sys.argv[0], "bench_search", "--inside", "--scale", str(options["scale"])]
        argv += ["--repeats", str(options["repeats"]), "--naive-repeats", str(options["naive_repeats"])]
        argv += ["--reuse"] if options["reuse"] else []
        argv += ["--pages-only"] if options["pages_only"] else []
        argv += ["--page-repeats", str(options["page_repeats"])] if options["page_repeats"] else []
        argv += ["--api", "--api-repeats", str(options["api_repeats"])] if options["api"] else []
        self.stdout.write(f"Benchmark database: {url}")
        try:
            env = {**os.environ, "DATABASE_URL": url, "DB_CONN_MAX_AGE": "0"}
            result = subprocess.run(argv, env=env, cwd=settings.BASE_DIR, check=False)
            if result.returncode:
                raise CommandError(f"The benchmark failed (exit {result.returncode}).")
        finally:
            if not options["keep"]:
                cleanup()

    def bench_database(self, url, reuse=False):
        configured = settings.DATABASES["default"]
        if url is None and configured["ENGINE"].endswith("postgresql"):
            name = f"{configured['NAME']}_bench"
            url = f"postgres://{configured.get('USER') or ''}@{configured.get('HOST') or '127.0.0.1'}:{configured.get('PORT') or 5432}/{name}"
        if url is None:
            path = Path(tempfile.mkdtemp(prefix="bench_search_")) / "bench.sqlite3"
            return (
                f"sqlite:///{path}",
                lambda: [p.unlink() for p in path.parent.glob("*")] and path.parent.rmdir(),
            )
        parsed = dj_database_url.parse(url)
        if "bench" not in parsed["NAME"]:
            raise CommandError("--database-url must name a throw-away database whose name contains 'bench'.")
        if parsed["ENGINE"].endswith("sqlite3"):
            if not reuse:
                Path(parsed["NAME"]).unlink(missing_ok=True)
            return url, lambda: Path(parsed["NAME"]).unlink(missing_ok=True)
        admin = dict(parsed)

        def execute(sql):
            with psycopg.connect(
                host=admin["HOST"],
                port=admin["PORT"] or 5432,
                user=admin["USER"],
                password=admin["PASSWORD"] or None,
                dbname="postgres",
                autocommit=True,
            ) as conn:
                conn.execute(sql)

        if not reuse:
            execute(f'DROP DATABASE IF EXISTS "{parsed["NAME"]}"')
            execute(f'CREATE DATABASE "{parsed["NAME"]}"')
        return url, lambda: execute(f'DROP DATABASE IF EXISTS "{parsed["NAME"]}"')

    def run_inside(self, *, scale, repeats, naive_repeats, **options):
        from benchmarks import search as bench
        from minutes.models import Directive, Meeting, Speech, Task
        from orgunits.models import OrgUnit
        from people.models import Person
        from search.query import COUNT_CAP

        out = self.stdout.write
        meetings = max(1, round(DEFAULT_MEETINGS * scale))
        out(
            f"Backend: {connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
        )
        from benchmarks import load as bench_load
        from search.models import SearchEntry

        call_command("migrate", verbosity=0)
        if options.get("reuse") and SearchEntry.objects.filter(kind=SearchEntry.Kind.SPEECH).exists():
            out("Reusing the archive already in the benchmark database (--reuse).")
            counts = {
                "meetings": Meeting.objects.count(),
                "speeches": Speech.objects.count(),
                "directives": Directive.objects.count(),
                "tasks": Task.objects.count(),
                "entries": SearchEntry.objects.count(),
            }
        else:
            started = time.monotonic()
            last = [0.0]

            def progress(done, total):
                if time.monotonic() - last[0] > 30 or done == total:
                    last[0] = time.monotonic()
                    out(f"  loaded {done:,}/{total:,} meetings ({time.monotonic() - started:.0f} s)")

            counts = bench_load.load_archive(meetings=meetings, progress=progress)
            out(
                f"Load (rows incl. index rows, {'COPY' if connection.vendor == 'postgresql' else 'executemany'}): "
                f"{counts['load_seconds']:.1f} s; index build after load: {counts['index_seconds']:.1f} s"
                + (
                    f" (full-text GIN: {counts['fulltext_seconds']:.1f} s)"
                    if connection.vendor == "postgresql"
                    else " (FTS5 filled by triggers while loading)"
                )
            )
        out(
            f"Archive: {counts['meetings']:,} meetings, {counts['speeches']:,} speech paragraphs, "
            f"{counts['directives']:,} directives, {counts['tasks']:,} tasks; {counts['entries']:,} index rows"
        )
        for name, size in bench.index_size_bytes().items():
            out(f"Size, {name}: {size / 2**20:.1f} MiB")

        from benchmarks.pages import time_pages

        page_repeats = options.get("page_repeats") or repeats
        if options.get("pages_only"):
            out("")
            time_pages(out, repeats=page_repeats)
            if options.get("api"):
                from benchmarks.api import time_api

                out("")
                time_api(out, repeats=options["api_repeats"])
            return
        persons = {p.name: p for p in Person.objects.filter(name__in=["張國臣", "張邁曾", "柴渭"])}
        units = {u.name: u for u in OrgUnit.objects.all()}
        mix = bench.query_mix(persons, units)
        bench.run_mix(mix, repeats=1)  # warm the cache
        fast = bench.run_mix(mix, repeats=repeats)
        naive = bench.run_naive(mix, repeats=naive_repeats)
        out("")
        out(
            f"{'class':18} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'naive p50':>10} {'ratio':>7}  totals (capped at {COUNT_CAP})"
        )
        for klass, times in fast.items():
            p50, p95, worst = times.summary()
            naive_p50 = naive[klass].summary()[0]
            out(
                f"{klass:18} {p50:8.1f} {p95:8.1f} {worst:8.1f} {naive_p50:10.0f} {naive_p50 / p50:6.0f}×  "
                + ", ".join(times.totals)
            )
        all_fast = bench.ClassTimes(sorted(t for c in fast.values() for t in c.times))
        all_naive = bench.ClassTimes(sorted(t for c in naive.values() for t in c.times))
        fast_p50, fast_p95, fast_max = all_fast.summary()
        naive_p50 = all_naive.summary()[0]
        out(
            f"{'all':18} {fast_p50:8.1f} {fast_p95:8.1f} {fast_max:8.1f} {naive_p50:10.0f} {naive_p50 / fast_p50:6.0f}×"
        )
        speedups = bench.query_speedups(mix, fast, naive)
        out(
            f"Speed-up per query (naive median / search median): median {statistics.median(speedups):.0f}×, "
            f"lowest {min(speedups):.0f}×, highest {max(speedups):.0f}×; "
            f"{sum(1 for x in speedups if x >= 100)} of {len(speedups)} queries at 100× or more"
        )
        out("Naive totals: " + "; ".join(", ".join(c.totals) for c in naive.values()))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out(f"Peak memory (this process): {peak:.0f} MiB")
        out("")
        time_pages(out, repeats=page_repeats)
        if options.get("api"):
            from benchmarks.api import time_api

            out("")
            time_api(out, repeats=options["api_repeats"])
