"""Where articles come from. Each source turns its config entry into articles and problems.

A source never raises for one bad item: it reports a `Problem` naming it and goes on, so that one
bad article or dead feed never sinks the briefing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Protocol

from ..config import Config, SourceConfig
from ..errors import UsageError
from ..models import Article, Problem


@dataclass
class Fetched:
    """What one source gave: its articles and what it had to skip."""

    name: str
    location: str
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: str | None = None
    """Why the whole source failed (unreachable folder, dead feed), or None."""


class Source(Protocol):
    name: str

    def fetch(self, since: datetime | None = None) -> Fetched: ...


def open_source(entry: SourceConfig, config: Config, tz: tzinfo | None) -> Source:
    """The source for one config entry (today: a folder or a file)."""
    from .files import FileSource

    location = entry.path
    if "://" in location:
        raise UsageError(f"{location}: web sources are not supported yet; give a folder or a file")
    path = config.resolve(location)
    return FileSource(path, name=entry.name, limit=entry.limit, max_bytes=config.limits.max_file_bytes, tz=tz)
