from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Benchmarks of search, pages and the importer; no models, only the `bench_*` commands."""

    name = "benchmarks"
    verbose_name = "Benchmarks"
