"""Where articles come from. Each source turns its config entry into articles and problems.

A source never raises for one bad item: it reports a `Problem` naming it and goes on, so that one
bad article or dead feed never sinks the briefing.
"""

from __future__ import annotations

import logging
from datetime import tzinfo
from typing import TYPE_CHECKING

from ..config import Config, SourceConfig
from ..errors import SourceError, UsageError
from .base import Fetched, Source, SourceStore

__all__ = ["FailedSource", "Fetched", "Source", "SourceStore", "open_source", "open_sources"]

if TYPE_CHECKING:
    from .web import WebOptions

log = logging.getLogger(__name__)


class FailedSource:
    """A config entry that cannot become a source (an unreadable OPML file): reports why."""

    def __init__(self, name: str, location: str, reason: str, url: str | None = None) -> None:
        self.name, self.location, self.reason, self.url = name, location, reason, url

    only_new = False

    def fetch(self) -> Fetched:
        return Fetched(name=self.name, location=self.location, failed=self.reason, url=self.url, kind="web")


def open_source(entry: SourceConfig, config: Config, tz: tzinfo | None, web: WebOptions | None = None) -> Source:
    """The source for one config entry that names a folder, a file or a URL (not OPML)."""
    from .files import FileSource

    if entry.url:
        if web is None:
            raise UsageError(f"{entry.url}: web sources need a fetcher")
        from .web import WebSource

        return WebSource(entry.url, web, name=entry.name, kind=entry.kind, limit=entry.limit,
                         allow_private=entry.allow_private_addresses or config.fetch.allow_private_addresses,
                         only_new=True if entry.only_new is None else entry.only_new, language=source_language(entry))
    assert entry.path is not None
    path = config.resolve(entry.path)
    return FileSource(path, name=entry.name, limit=entry.limit, max_bytes=config.limits.max_file_bytes, tz=tz,
                      follow_symlinks=entry.follow_symlinks, max_items=config.limits.max_items_per_source,
                      only_new=bool(entry.only_new),
                      skip=(config.resolve(config.output_dir), config.resolve(config.data_dir)),
                      language=source_language(entry))


def source_language(entry: SourceConfig) -> str | None:
    """The ISO code the entry's `language:` key gives its articles, or None (auto: declared or detected)."""
    from ..languages import AUTO, language_code

    if entry.language is None or entry.language.strip().lower() == AUTO:
        return None
    return language_code(entry.language)


def open_sources(entry: SourceConfig, config: Config, tz: tzinfo | None, web: WebOptions | None = None) -> list[Source]:
    """The sources of one config entry: one, or one per feed of an OPML file."""
    if not entry.opml:
        return [open_source(entry, config, tz, web)]
    from .feeds import parse_opml
    from .http import FetchError

    location = entry.opml
    try:
        if "://" in location:
            if web is None:
                raise SourceError(f"{location}: web sources need a fetcher")
            allow = entry.allow_private_addresses or config.fetch.allow_private_addresses
            body = web.fetcher.get(location, allow_private=allow, accept="text/x-opml, application/xml, */*",
                                   named_by_user=True).body
        else:
            path = config.resolve(location)
            if path.stat().st_size > config.limits.max_file_bytes:
                raise SourceError(f"{path}: too large for an OPML file")
            body = path.read_bytes()
        feeds = parse_opml(body, location)
    except OSError as exc:
        return [FailedSource(entry.name or location, location, f"cannot read the OPML file ({exc.strerror or exc})")]
    except (SourceError, FetchError) as exc:
        return [FailedSource(entry.name or location, location, str(exc).removeprefix(f"{location}: "))]
    sources: list[Source] = []
    for url, title in feeds:
        try:
            feed = SourceConfig(url=url, name=title or entry.name, kind="feed", limit=entry.limit,
                                allow_private_addresses=entry.allow_private_addresses, only_new=entry.only_new,
                                language=entry.language)
        except ValueError:
            sources.append(FailedSource(title or url, url, f"only http(s) feeds are fetched (listed in {location})"))
            continue
        sources.append(open_source(feed, config, tz, web))
    return sources
