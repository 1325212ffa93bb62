"""`--dry-run --format json` works on a fresh checkout whose database was never migrated."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_dry_run_json_needs_no_migrated_database(tmp_path):
    env = {
        **os.environ,
        "MINUTES_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'never.sqlite3'}",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "import_reports",
            str(settings.MINUTES_SEED_REPORTS),
            "--dry-run",
            "--format",
            "json",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    assert document["format"] == "minutes-extraction/1"
    assert len(document["reports"]) == 3
    assert "not migrated" in proc.stderr
