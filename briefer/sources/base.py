"""What every source is (the `Source` protocol), what it gives (`Fetched`), what it may ask of the
store of earlier runs (`SourceStore`) and how it makes an article from text (`article_from_text`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Protocol

from ..clean import clean_text
from ..errors import SourceError
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


class SourceStore(Protocol):
    """What a source may read from the store of earlier runs (`briefer.store.Store` is one).

    Read only, keyed by the source's URL (passed by position): a source never writes to the store
    itself; what it fetched is recorded by `gather` once the source has finished. A snapshot of
    these answers serves as well (a source sent to a worker that has no store).
    """

    def validators(self, url: str, /) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified the feed sent last time, for a conditional GET."""
        ...

    def feed_title(self, url: str, /) -> str | None:
        """The name the source at `url` had when it last worked (used when the config gives the source no name)."""
        ...

    def passed_over_keys(self, url: str, /) -> set[str]:
        """Keys of the items the source at `url` passed over in earlier runs, never to be read."""
        ...


def article_from_text(text: str, *, origin: str, source: str, title: str | None = None, fallback_title: str = "",
                      url: str | None = None, published: datetime | None = None, updated: datetime | None = None,
                      tz: tzinfo | None = None, location: str | None = None, sources: tuple[str, ...] = (),
                      language: str = "en") -> Article:
    """An article from its body text, the one way every source makes one.

    The text is cleaned (`clean.clean_text`: furniture dropped, hard wraps joined). The headline is
    `title` when given, else the text's first line when it reads as one, else `fallback_title`. A
    `published` or `updated` time the source gave (front matter, a feed item, page metadata) wins
    over a dateline found in the text. `location` (where it was loaded from) defaults to `origin`.
    Raises SourceError naming `origin` when no article text is left.
    """
    cleaned = clean_text(text, title=title, tz=tz)
    if not cleaned.paragraphs:
        raise SourceError(f"{origin}: no article text found")
    return Article(title=cleaned.title or fallback_title, text=cleaned.text, source=source, url=url,
                   published=published or cleaned.published, updated=updated or cleaned.updated,
                   location=origin if location is None else location, sources=sources, language=language)
