"""The benchmark's API timings: every request is picked, answered and reported with p50/p95."""

import pytest

from benchmarks import api as bench_api
from tests.pages.factories import build_seed_like_archive


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 21)]
    assert bench_api.percentile(values, 0.5) == 10.0
    assert bench_api.percentile(values, 0.95) == 19.0
    assert bench_api.percentile([7.0], 0.95) == 7.0


@pytest.mark.django_db
def test_time_api_reports_every_request(settings):
    settings.API_ANON_RATE = "1/min"  # the benchmark turns the throttle off for itself
    build_seed_like_archive()
    lines = []
    results = bench_api.time_api(lines.append, repeats=3)

    names = [t.name for t in results]
    assert {"meetings p.1", "meeting detail", "people p.1", "tasks p.1"} <= set(names)
    for t in results:
        assert t.status == 200, (t.url, t.statuses)
        assert len(t.times) == 3 and min(t.queries) > 0
        row = next(line for line in lines if line.endswith(f"  {t.url}"))
        assert row.startswith(t.name) and " 200 " in row
    assert "p95 ms" in lines[1]
