"""Files that hold secrets (the development secret key, backups with password hashes) are created
readable by their owner only, whatever the umask: 0644 would show them to every local account."""

import os
from pathlib import Path

PRIVATE_MODE = 0o600


def create_private(path: str | os.PathLike) -> Path:
    """Create ``path`` empty with mode 0600 (or empty an existing one and narrow it to 0600)."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_MODE)
    os.close(fd)
    # os.open's mode only applies to a new file; an older one keeps its bits until told.
    os.chmod(path, PRIVATE_MODE)
    return path
