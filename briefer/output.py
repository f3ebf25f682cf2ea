"""Writing outputs atomically: a reader (or a crash) never sees a half-written file."""

from __future__ import annotations

import os
from pathlib import Path

from .archive import new_temp_file


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_temp_file(path)
    try:
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600; a web server must be able to read our files
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and not exc.filename:
            # A failed write or fsync (a full disk) names no file: say which one it was.
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


def _mode_for(path: Path) -> int:
    """The mode of the file being replaced (a chmod is kept), else what the umask gives a new file."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_all(files: dict[Path, str]) -> list[Path]:
    """Write several files, each atomically; every file was rendered before the first is written."""
    for path, text in files.items():
        atomic_write(path, text)
    return list(files)
