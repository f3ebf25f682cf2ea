"""What `briefer schedule` keeps in data_dir: its single-instance lock, its status file and its log.

The lock is an fcntl.flock on the data_dir folder itself: the OS releases it when the process ends,
however it ends (kill -9 included), so a stale lock can never block a restart, and no file can be
deleted out from under a running scheduler (data_dir/schedule.lock only tells a second one the pid).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..archive import lock_folder
from ..errors import AlreadyRunningError, BrieferError
from ..output import atomic_write
from ..printable import PrintableFormatter

log = logging.getLogger(__name__)

LOCK_NAME = "schedule.lock"
STATUS_NAME = "schedule-status.json"
LOG_NAME = "schedule.log"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class InstanceLock:
    """An exclusive, non-blocking lock on a file in data_dir, held for the life of the process."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._folder: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise AlreadyRunningError naming the process that holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            folder = lock_folder(self.path.parent, wait=False)
        except OSError:
            try:
                pid = self.path.read_text(encoding="utf-8").strip() or "unknown"
            except OSError:
                pid = "unknown"
            raise AlreadyRunningError(
                f"another `briefer schedule` (pid {pid}) is already running on {self.path.parent}; "
                f"stop it first, or give this one a config with another data_dir (lock: {self.path.parent})") from None
        if folder is None:
            raise BrieferError("`briefer schedule` needs a POSIX system (Linux, macOS, BSD); elsewhere run "
                               "`briefer run` from the system's task scheduler")
        self._folder = folder
        try:  # the pid is only informative (for the message above): the lock itself is the flock
            self.path.write_text(f"{os.getpid()}\n", encoding="utf-8")
        except OSError:
            pass

    def release(self) -> None:
        if self._folder is not None:
            os.close(self._folder)  # closing the folder drops the flock
            self._folder = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_locked(data_dir: Path) -> bool:
    """Whether a `briefer schedule` holds the lock on data_dir right now."""
    try:
        folder = lock_folder(data_dir, shared=True, wait=False)
    except BlockingIOError:
        return True
    except OSError:  # no data_dir: nothing runs on it
        return False
    if folder is not None:
        os.close(folder)
    return False


def write_status(data_dir: Path, status: dict[str, Any]) -> Path:
    """Replace the status file atomically: a reader sees the old status or the new one, never half."""
    path = data_dir / STATUS_NAME
    atomic_write(path, json.dumps(status, ensure_ascii=False, indent=2) + "\n")
    return path


class _StatusPart(BaseModel):
    # strict: a number is no date, a string no count; extra keys (a newer briefer's) are kept as they are
    model_config = ConfigDict(extra="allow", strict=True)


class _PlanStatus(_StatusPart):
    time: str | None = None
    timezone: str | None = None
    extra_every_hours: float | None = None
    catch_up_days: int | None = None


class _RunStatus(_StatusPart):
    day: date | None = None
    kind: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    outcome: str | None = None
    attempts: int = 1
    error: str | None = None
    outputs: list[str] = []


class _NextRun(_StatusPart):
    at: datetime | None = None
    kind: str | None = None
    day: date | None = None


class _StatusFile(_StatusPart):
    """The shape of schedule-status.json, as Scheduler.write_status writes it (every key optional)."""

    schema_: int | None = Field(default=None, alias="schema")
    state: str | None = None
    pid: int | None = None
    started_at: datetime | None = None
    stopped_at: datetime | None = None
    updated_at: datetime | None = None
    config: str | None = None
    schedule: _PlanStatus | None = None
    output_dir: str | None = None
    last_run: _RunStatus | None = None
    last_success: _RunStatus | None = None
    next_run: _NextRun | None = None


def read_status(data_dir: Path) -> dict[str, Any]:
    """The status file as written; BrieferError naming the file and what is wrong in it (truncated,
    not JSON, a field of the wrong type) or saying there is none yet."""
    path = data_dir / STATUS_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BrieferError(f"{path}: no status yet (has `briefer schedule` run with this config?)") from None
    except OSError as exc:
        raise BrieferError(f"{path}: cannot read the status file ({exc.strerror or exc})") from None
    problems = _status_problems(raw)
    if problems:
        raise BrieferError(f"{path}: not a briefer status file ({problems}); "
                           "`briefer schedule` writes a new one when it starts")
    data: dict[str, Any] = json.loads(raw)
    return data


def check_previous_status(data_dir: Path) -> None:
    """At a scheduler's start: a status file that cannot be read is logged, never fatal (it is replaced)."""
    path = data_dir / STATUS_NAME
    try:
        problems = _status_problems(path.read_bytes())
    except OSError:
        return  # none yet, or unreadable: the first write_status replaces it either way
    if problems:
        log.warning("%s: not a briefer status file (%s); starting with a new one", path, problems)


def _status_problems(raw: bytes) -> str | None:
    """What is wrong with a status file's bytes (the first few problems, one line), or None."""
    try:
        _StatusFile.model_validate_json(raw)
    except ValidationError as exc:
        return "; ".join(f"{'.'.join(str(part) for part in error['loc']) or 'the file'}: {error['msg']}"
                         for error in exc.errors()[:3])
    return None


def format_status(status: dict[str, Any], running: bool) -> str:
    """The status file for people: state, schedule, last run with its files, next run."""
    pid = status.get("pid")
    lines = [f"briefer schedule: running (pid {pid})" if running else "briefer schedule: not running"]
    plan = status.get("schedule") or {}
    if plan:
        extra = f", extra runs every {plan['extra_every_hours']:g} h" if plan.get("extra_every_hours") else ""
        lines.append(f"schedule:   daily at {plan.get('time')} {plan.get('timezone')}{extra}")
    if status.get("config"):
        lines.append(f"config:     {status['config']}")
    last = status.get("last_run")
    if last:
        attempts = last.get("attempts", 1)
        lines.append(f"last run:   {last.get('day')} briefing, {last.get('outcome')} at {last.get('finished_at')} "
                     f"({attempts} attempt{'s' if attempts != 1 else ''})")
        if last.get("error"):
            lines.append(f"  error:    {last['error']}")
        for path in last.get("outputs", []):
            lines.append(f"  wrote     {path}")
    else:
        lines.append("last run:   none yet")
    ok = status.get("last_success")
    if ok and (not last or ok.get("finished_at") != last.get("finished_at")):
        lines.append(f"last ok:    {ok.get('day')} briefing at {ok.get('finished_at')}")
    upcoming = status.get("next_run")
    if running and upcoming:
        lines.append(f"next run:   {upcoming.get('at')} ({upcoming.get('kind')}, {upcoming.get('day')} briefing)")
    elif not running:
        lines.append(f"stopped:    {status.get('stopped_at') or 'without a clean stop (killed?)'}")
    return "\n".join(lines)


def add_log_file(data_dir: Path, *, max_bytes: int, backups: int, level: int) -> logging.Handler:
    """Log to data_dir/schedule.log as well, rotated at max_bytes with `backups` old files kept."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(data_dir / LOG_NAME, maxBytes=max_bytes,
                                                   backupCount=backups, encoding="utf-8")
    handler.setFormatter(PrintableFormatter(LOG_FORMAT))
    handler.setLevel(level)
    logging.getLogger().addHandler(handler)
    return handler
