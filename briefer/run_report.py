"""The one line a finished run reports: how many articles from how many sources, under how many
themes, what was skipped, and where the files are (`briefer run` prints it, `briefer schedule` logs it)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .models import Briefing


def counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def skipped_problems(briefing: Briefing) -> int:
    """Problems other than a failed source's own (a bad file, an article that could not be ranked, a cut)."""
    failed = {(s.location, s.reason) for s in briefing.sources if s.status == "failed"}
    return sum(1 for p in briefing.problems if (p.location, p.reason) not in failed)


def shown_folder(folder: Path, cwd: Path | None) -> str:
    """`folder` relative to `cwd` when it is inside it (``briefings/``), else in full; with a trailing slash."""
    if cwd is not None:
        try:
            folder = folder.relative_to(cwd)
        except ValueError:
            pass
    return f"{folder}{os.sep}" if str(folder) != "." else f".{os.sep}"


def file_names(day: str, written: Sequence[Path], folder: Path) -> str:
    """The day's files as ``2023-03-03.md, .html, .json``, then how many others (feed, index, latest)."""
    names = [p.relative_to(folder).as_posix() if p.is_relative_to(folder) else str(p) for p in written]
    own = [n for n in names if n.startswith(f"{day}.")]
    listed = ", ".join([own[0], *(n.removeprefix(day) for n in own[1:])]) if own else ""
    others = len(names) - len(own)
    if not listed:
        return counted(others, "file")
    return f"{listed} and {counted(others, 'other file')}" if others else listed


def describe_run(briefing: Briefing, written: Sequence[Path], folder: Path, *, seconds: float | None = None,
                 cwd: Path | None = None) -> str:
    """E.g. ``Briefed 37 articles from 5 sources (1 failed) under 3 themes; 2 skipped; wrote
    2023-03-03.md, .html, .json and 4 other files in briefings/ (1.4 s)``.

    Themes are the configured ones that have a story today (Other news is not counted). `cwd` makes
    the folder relative when it is inside it; without it the folder is shown in full."""
    sources = counted(len(briefing.sources), "source")
    failed = sum(1 for s in briefing.sources if s.status == "failed")
    if failed:
        sources += f" ({failed:,} failed)"
    themes = sum(1 for t in briefing.themes if t.blocks and not t.is_other)
    line = (f"Briefed {counted(len(briefing.articles), 'article')} from {sources} under {counted(themes, 'theme')}; "
            f"{skipped_problems(briefing):,} skipped; ")
    if written:
        line += f"wrote {file_names(briefing.date.isoformat(), written, folder)} in {shown_folder(folder, cwd)}"
    else:
        line += f"no file written in {shown_folder(folder, cwd)}"
    return line + (f" ({seconds:.1f} s)" if seconds is not None else "")
