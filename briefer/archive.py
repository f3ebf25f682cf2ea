"""The output folder: which files a day's briefing is, when a day is complete, reading earlier briefings back,
pruning old ones, and the temporary files of atomic writes.

Everything that knows how output_dir is laid out lives here; publish.py (what a run writes), the
stories' history (what earlier briefings carried) and the scheduler (catch-up, retention) ask this module.

- A day's files are ``{date}.md``, ``.html``, ``.txt`` and ``.json`` (each can be switched off in config).
- A day is complete when its *marker* exists: the ``{date}.json`` (the data every other file renders
  from), or the last enabled day file when JSON is off. `day_kinds` lists the marker last and a run
  writes the day files in that order, so a run killed halfway never leaves a marker beside missing files.
- Earlier briefings are read with `read_briefing`, which accepts the schema versions in `UPGRADES`
  (converted in memory to the current one) and the current one as it is.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .briefing_data import SCHEMA_VERSION, schema_1_to_2, schema_2_to_3
from .errors import ArchiveError

__all__ = ["ArchiveError", "PastBriefing", "dated_path", "day_kinds", "is_day_complete", "marker_kind",
           "newest_complete_days", "prune_briefings",
           "read_briefing", "read_briefings", "remove_stale_temp_files", "scan"]

if TYPE_CHECKING:
    from .config import OutputsConfig

log = logging.getLogger(__name__)

CURRENT_SCHEMA = SCHEMA_VERSION
"""The `schema` of the briefing JSON this version writes (briefer/briefing_data.py)."""

Document = dict[str, Any]
UPGRADES: dict[int, Callable[[Document], Document]] = {}
"""Older schema -> a function converting such a document to the next schema, in memory."""
UPGRADES[1] = schema_1_to_2
UPGRADES[2] = schema_2_to_3

DAY_FILES: dict[str, str] = {"markdown": "md", "html": "html", "text": "txt", "json": "json"}
"""Output kind -> suffix of the files written once per day; the JSON last (the completion marker)."""
_KIND_OF_SUFFIX = {suffix: kind for kind, suffix in DAY_FILES.items()}
DATED_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.(md|html|txt|json)$")

TEMP_SUFFIX = ".tmp"
_TEMP_FILE = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")
STALE_TEMP_AFTER = timedelta(minutes=10)
"""A temporary file of an atomic write older than this was left by a killed process."""


# -- a day's files ----------------------------------------------------------------------------------

def dated_path(out_dir: Path, day: date | str, kind: str) -> Path:
    """The file of output `kind` (markdown, html, text, json) for `day`."""
    day_text = day if isinstance(day, str) else day.isoformat()
    return out_dir / f"{day_text}.{DAY_FILES[kind]}"


def day_kinds(outputs: OutputsConfig) -> list[str]:
    """The day files the config enables, in the order they are written (the marker last)."""
    return [kind for kind in DAY_FILES if getattr(outputs, "json_" if kind == "json" else kind)]


def marker_kind(outputs: OutputsConfig) -> str:
    """The day file whose presence means the day is complete: the JSON, else the last enabled day file."""
    return (day_kinds(outputs) or ["json"])[-1]


def is_day_complete(out_dir: Path, day: date, outputs: OutputsConfig) -> bool:
    return dated_path(out_dir, day, marker_kind(outputs)).is_file()


def newest_complete_days(out_dir: Path, outputs: OutputsConfig, count: int) -> list[date]:
    """The newest `count` days whose briefing in out_dir is complete, newest first (by file name: none is read)."""
    suffix = DAY_FILES[marker_kind(outputs)]
    found: set[date] = set()
    for path in _listing(out_dir):
        match = DATED_FILE.match(path.name)
        if match and match.group(2) == suffix:
            with contextlib.suppress(ValueError):  # 2026-13-45.json is named like ours but is no day
                found.add(date.fromisoformat(match.group(1)))
    return sorted(found, reverse=True)[:count]


# -- earlier briefings --------------------------------------------------------------------------------

@dataclass
class PastBriefing:
    """A briefing already in output_dir: its files by kind, and its data when its JSON is readable."""

    date: str
    files: dict[str, str] = field(default_factory=dict)
    data: Document | None = None


def read_briefing(path: Path) -> Document:
    """The briefing document in `path`, converted to the current schema; ArchiveError says why not."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise  # a day without a briefing, not a broken one: the caller decides
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"{path}: not readable as a briefing ({exc})") from None
    if not isinstance(data, dict):
        raise ArchiveError(f"{path}: not a briefing (a JSON object with a schema)")
    schema = data.get("schema")
    while isinstance(schema, int) and schema in UPGRADES:
        data = UPGRADES[schema](data)
        schema = data.get("schema")
    if schema != CURRENT_SCHEMA or not isinstance(data.get("themes"), list):
        raise ArchiveError(f"{path}: not a schema-{CURRENT_SCHEMA} briefing")
    return data


def read_briefings(out_dir: Path, days: Iterable[date] | None = None) -> dict[str, Document]:
    """The readable briefings of `days` (default: every day in out_dir), by ISO date, in the order asked.

    A missing day is left out; an unreadable file is left out with a logged warning.
    """
    if days is None:
        wanted = sorted({m.group(1) for p in _listing(out_dir) if (m := DATED_FILE.match(p.name))})
    else:
        wanted = [d.isoformat() for d in days]
    documents: dict[str, Document] = {}
    for day in wanted:
        document = _read_or_warn(dated_path(out_dir, day, "json"))
        if document is not None:
            documents[day] = document
    return documents


def scan(out_dir: Path) -> dict[str, PastBriefing]:
    """Every dated briefing file in out_dir, grouped by date, with the day's data when readable."""
    found: dict[str, PastBriefing] = {}
    for path in _listing(out_dir):
        match = DATED_FILE.match(path.name)
        if not match or not path.is_file():
            continue
        day, suffix = match.groups()
        past = found.setdefault(day, PastBriefing(day))
        past.files[_KIND_OF_SUFFIX[suffix]] = path.name
        if suffix == "json":
            past.data = _read_or_warn(path)
    return found


def _read_or_warn(path: Path) -> Document | None:
    try:
        return read_briefing(path)
    except FileNotFoundError:
        return None
    except ArchiveError as exc:
        log.warning("%s; left out", exc)
        return None


def _listing(out_dir: Path) -> list[Path]:
    return sorted(out_dir.iterdir()) if out_dir.is_dir() else []


# -- retention ------------------------------------------------------------------------------------------

def prune_briefings(out_dir: Path, oldest_kept: date) -> list[Path]:
    """Delete dated briefing files of days before `oldest_kept` (only files named like ours)."""
    removed: list[Path] = []
    for path in _listing(out_dir):
        match = DATED_FILE.match(path.name)
        if match and path.is_file() and date.fromisoformat(match.group(1)) < oldest_kept:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.error("cannot delete the old briefing %s: %s", path, exc)
                continue
            removed.append(path)
    return removed


# -- temporary files of atomic writes ---------------------------------------------------------------------

def new_temp_file(path: Path) -> tuple[int, str]:
    """An open temporary file beside `path` (fd, name), named so that `remove_stale_temp_files` knows it."""
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)


def is_temp_file(name: str) -> bool:
    return bool(_TEMP_FILE.match(name))


def remove_stale_temp_files(folder: Path, older_than: timedelta = STALE_TEMP_AFTER) -> list[Path]:
    """Temporary files of atomic writes left by a killed process (recent ones may be another writer's)."""
    cutoff = time.time() - older_than.total_seconds()
    removed = []
    for path in _listing(folder):
        if not is_temp_file(path.name):
            continue
        try:
            if path.stat().st_mtime >= cutoff:
                continue
            os.unlink(path)
        except OSError:
            continue
        log.info("removed %s, left by an interrupted write", path)
        removed.append(path)
    return removed


# -- one writer at a time -------------------------------------------------------------------------------

def lock_folder(folder: Path, *, shared: bool = False, wait: bool = True) -> int | None:
    """An flock on the folder itself (no lock file to leave behind; the OS drops it when the process
    ends): the open descriptor, which releases it when closed; None where there is no flock
    (Windows). With wait=False, BlockingIOError when another process holds it."""
    try:
        import fcntl
    except ImportError:
        return None
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(descriptor, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB))
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


@contextlib.contextmanager
def writing(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive flock on out_dir itself while a run reads what is there and writes its files:
    two runs for different days at once then each rebuild index.html, feed.xml and latest.* with the other's day.
    Where there is no flock (Windows), runs are not serialised."""
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = lock_folder(out_dir)
    try:
        if folder is not None:
            remove_stale_temp_files(out_dir)
        yield
    finally:
        if folder is not None:
            os.close(folder)
