"""import_reports, bench_import."""
