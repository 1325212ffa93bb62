"""gunicorn's settings for ``make serve``: an access log and an error log, private to the server's
account (the access log holds every reader's address).

``MINUTES_LOG_DIR`` (default ``var/log``) holds ``access.log`` and ``error.log``;
``MINUTES_ACCESS_LOG`` / ``MINUTES_ERROR_LOG`` name other files, or ``-`` for stdout / stderr (a
platform that collects a process's output). Read by gunicorn itself, before Django starts.
"""

import os
from pathlib import Path

LOG_DIR = Path(os.environ.get("MINUTES_LOG_DIR") or Path(__file__).resolve().parent.parent / "var" / "log")
accesslog = os.environ.get("MINUTES_ACCESS_LOG") or str(LOG_DIR / "access.log")
errorlog = os.environ.get("MINUTES_ERROR_LOG") or str(LOG_DIR / "error.log")
# Django's own warnings and errors (settings.LOGGING: the console) go to the error log too.
capture_output = True


def _private_log(path: str) -> None:
    """Create the log file 0600 (its directory 0700) before gunicorn opens it for appending: gunicorn
    opens it with the umask's mode, 0644 on most systems."""
    if path == "-":
        return
    path = Path(path)
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
    os.chmod(path, 0o600)  # one written by an older version keeps its mode otherwise


for _log in (accesslog, errorlog):
    _private_log(_log)
