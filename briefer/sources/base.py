"""What every source is (the `Source` protocol) and what it gives (`Fetched`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..models import Article, Problem, SourceStatus


@dataclass
class Fetched:
    """What one source gave: its articles and what it had to skip."""

    name: str
    location: str
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: str | None = None
    """Why the whole source failed (unreachable folder, dead feed), or None."""
    url: str | None = None
    """The feed or page URL (None for a folder or file)."""
    kind: str = "folder"
    """"folder", "web" (before its answer told), "feed" or "page"."""
    only_new: bool = False
    """Brief only its articles that no earlier briefing held (feeds and pages), not all it gave."""
    snippet_only: int = 0
    """Items kept with only the feed's snippet because their page could not be had."""
    not_modified: bool = False
    """The feed answered 304: nothing changed since the last run."""
    note: str | None = None
    """Why an ok source is worth a remark (304, snippets, a wrong charset declaration)."""
    etag: str | None = None
    last_modified: str | None = None
    passed_over: list[str] = field(default_factory=list)
    """Keys of the feed items cut by limits.max_items_per_source: recorded, so never read later."""

    @property
    def status(self) -> SourceStatus:
        """"failed", "snippet-only" or "ok", as the Sources footer shows it."""
        return "failed" if self.failed else "snippet-only" if self.snippet_only else "ok"


class Source(Protocol):
    """Anything articles come from: a folder or file, a feed or page, an OPML entry that failed.

    `fetch` never raises for one bad item (it reports a Problem in the Fetched and goes on) and
    says in `Fetched.failed` why the whole source failed.
    """

    name: str
    """How the source is named in the briefing."""
    only_new: bool
    """Brief only its articles that no earlier briefing held (feeds and pages), not all it gave."""

    def fetch(self) -> Fetched:
        """Everything the source has now: its articles, and the problems of those it skipped."""
        ...
