"""Feeds and pages as sources: a feed's items become articles; a page is one article.

A feed item that carries the full text is used as it is and nothing else is fetched. An item with
only a snippet (less text than fetch.min_full_text_chars) has its linked page fetched and its main
text extracted with trafilatura; when that page cannot be had, the snippet is kept and the source
is reported as "snippet-only" with the reason.
"""

from __future__ import annotations

import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from ..clean import parse_time
from ..errors import SourceError
from ..languages.declared import declared_language
from ..models import Article, Problem
from .base import Fetched, SourceStore, article_from_text
from .feeds import Feed, FeedItem, decode_body, looks_like_html, parse_feed
from .http import Fetcher, FetchError, Response

log = logging.getLogger(__name__)

ACCEPT_FEED = ("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
               "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.5, */*;q=0.1")
ACCEPT_PAGE = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"

@dataclass(frozen=True)
class WebOptions:
    """What every web source of a run shares."""

    fetcher: Fetcher
    tz: tzinfo | None = None
    min_full_text_chars: int = 500
    store: SourceStore | None = None
    """What earlier runs learnt (validators, feed titles, items passed over), or None: no memory."""
    max_items: int | None = None
    """A feed's items read per run (limits.max_items_per_source); None: all."""
    max_page_fetches: int | None = None
    """Linked pages fetched per feed and run for snippet items (limits.max_page_fetches); None: all."""


class WebSource:
    """A feed (RSS, Atom, JSON Feed) or an article page at an http(s) URL."""

    def __init__(self, url: str, options: WebOptions, *, name: str | None = None, kind: str = "auto",
                 limit: int | None = None, allow_private: bool = False, only_new: bool = True,
                 language: str | None = None) -> None:
        self.url = url
        self.options = options
        self.name = name or url
        self._given_name = name
        self.kind = kind
        self.limit = limit
        self.allow_private = allow_private
        self.only_new = only_new
        self.language = language
        """The ISO code its config entry's `language:` key gives (wins over every declaration), or None."""

    def fetch(self) -> Fetched:
        fetched = Fetched(name=self.name, location=self.url, url=self.url, only_new=self.only_new, kind="web")
        store = self.options.store
        etag, last_modified = store.validators(self.url) if store is not None else (None, None)
        if not self._given_name and store is not None:
            self.name = fetched.name = store.feed_title(self.url) or self.name
        fetcher = self.options.fetcher
        try:
            response = fetcher.get(self.url, allow_private=self.allow_private, etag=etag, last_modified=last_modified,
                                   accept=ACCEPT_PAGE if self.kind == "page" else ACCEPT_FEED, named_by_user=True)
        except FetchError as exc:
            fetched.failed = str(exc)
            return fetched
        if response.not_modified and not (etag or last_modified):
            fetched.failed = "answered 304 Not Modified to a request that sent no ETag or date to compare with"
            return fetched
        if response.not_modified:
            fetched.not_modified = True
            fetched.note = "not modified since the last run (HTTP 304)"
            return fetched
        fetched.etag = response.headers.get("etag")
        fetched.last_modified = response.headers.get("last-modified")
        try:
            if self.kind == "page" or (self.kind == "auto" and looks_like_html(response.body, response.content_type)):
                fetched.kind = "page"
                fetched.articles.append(self._page_article(response, title=None, declared=()))
            else:
                fetched.kind = "feed"
                self._read_feed(response, fetched)
        except SourceError as exc:
            fetched.failed = str(exc).removeprefix(f"{self.url}: ")
            fetched.articles.clear()
        return fetched

    def _read_feed(self, response: Response, fetched: Fetched) -> None:
        feed = parse_feed(response.body, content_type=response.content_type, header_charset=response.charset,
                          origin=self.url)
        if feed.note:
            log.info("%s: %s", self.url, feed.note)
            fetched.note = feed.note
        if not self._given_name:
            self.name = fetched.name = feed.title or urlsplit(self.url).hostname or self.url
        items = self._items_to_read(list(feed.items), fetched)
        header = response.headers.get("content-language")
        snippets = [item for item in items if len(item.text) < self.options.min_full_text_chars]
        linked = [item for item in snippets if item.link]
        cap = self.options.max_page_fetches
        unfetched = len(linked) - cap if cap is not None and len(linked) > cap else 0
        if unfetched:
            linked = linked[:cap]
        pages: dict[int, Article | str] = {}
        if linked:
            workers = min(len(linked), self.options.fetcher.settings.concurrency)
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="briefer-page") as pool:
                results = pool.map(lambda item: self._try_page(item, (item.language, feed.language)), linked)
                for item, result in zip(linked, results):
                    pages[id(item)] = result
        failed: list[str] = []  # why each fetched page could not be had (at most max_page_fetches)
        counts: Counter[str] = Counter()
        for item in items:
            page = pages.get(id(item))
            if isinstance(page, Article):
                fetched.articles.append(page)
                continue
            if isinstance(page, str):
                failed.append(page)
                fetched.problems.append(Problem(item.link or self.url, f"kept the snippet only: {page}"))
            elif item in snippets:
                counts["with no link to the full text" if not item.link else
                       f"whose page was not fetched (limits.max_page_fetches is {cap})"] += 1
            article = self._item_article(item, fetched.name, feed, header)
            if article is None:
                fetched.problems.append(Problem(item.link or self.url, f"item {item.title!r} has no text"))
            else:
                fetched.articles.append(article)
                fetched.snippet_only += int(item in snippets)
        if failed:
            counts[f"whose page failed ({failed[0]})"] = len(failed)
        if counts:
            why = "; ".join(f"{n:,} {reason}" for reason, n in counts.most_common())
            share = f"{sum(counts.values()):,} of {len(items):,} items"
            fetched.note = f"{share} have only the feed's snippet: {why}"
            if sum(counts.values()) > len(failed):  # one line for all the items not listed one by one
                fetched.problems.append(Problem(self.url, f"kept the snippet only for {share}: {why}"))
        if not fetched.articles:
            raise SourceError(f"{self.url}: no item with text")

    def _items_to_read(self, items: list[FeedItem], fetched: Fetched) -> list[FeedItem]:
        """The feed's items this run reads: none passed over before, at most `limit` and max_items;
        the keys of the rest are kept in `fetched.passed_over`, and one problem says how many."""
        store = self.options.store
        if store is not None:
            passed = store.passed_over_keys(self.url)
            if passed:
                items = [item for item in items if self._key(item) not in passed]
        if self.limit:
            items = items[: self.limit]
        cap = self.options.max_items
        if cap is None or len(items) <= cap:
            return items
        fetched.passed_over = [self._key(item) for item in items[cap:]]
        fetched.problems.append(Problem(self.url, f"read the first {cap:,} of {len(items):,} items "
                                        f"(limits.max_items_per_source); the other {len(items) - cap:,} are "
                                        "passed over for good"))
        return items[:cap]

    def _key(self, item: FeedItem) -> str:
        """What names an item across runs: its link, else its id (or title) in the feed."""
        from ..store import canonical_url

        return canonical_url(item.link) if item.link else f"{self.url}#{item.ident or item.title}"

    def _try_page(self, item: FeedItem, declared: tuple[str | None, ...]) -> Article | str:
        """The item's page as an article (`declared`: the languages its feed item and feed declare, which
        outrank the page's), or why it could not be had."""
        assert item.link
        try:
            response = self.options.fetcher.get(item.link, allow_private=self.allow_private, accept=ACCEPT_PAGE)
            if response.not_modified:
                return "the page answered 304 to an unconditional request"
            return self._page_article(response, title=item.title or None, published=item.published, updated=item.updated,
                                      link=item.link, declared=declared)
        except (FetchError, SourceError) as exc:
            return str(exc).removeprefix(f"{item.link}: ")

    def _page_article(self, response: Response, *, title: str | None, declared: tuple[str | None, ...],
                      published: datetime | None = None, updated: datetime | None = None,
                      link: str | None = None) -> Article:
        from .files import load_html  # shares the folder loader's trafilatura settings

        origin = link or response.url
        text = decode_body(response.body, response.charset)
        if not text.strip():
            raise SourceError(f"{origin}: the page is empty")
        if "html" in response.content_type or looks_like_html(response.body, response.content_type):
            fields = load_html(text, origin)
        else:
            fields = {"text": text}
        article = article_from_text(fields.get("text") or "", origin=origin, source=self.name,
                                    title=title or fields.get("title"), fallback_title=title or origin,
                                    url=link or response.url, tz=self.options.tz, sources=(self.name,),
                                    published=published or parse_time(fields.get("published"), self.options.tz),
                                    updated=updated)
        return replace(article, declared_language=self._language_of(article.text, *declared, *fields.get("languages", ()),
                                                                    response.headers.get("content-language")))

    def _item_article(self, item: FeedItem, source: str, feed: Feed, header: str | None) -> Article | None:
        """The feed item's own text as an article (None when it holds no article text)."""
        try:
            article = article_from_text(item.text, origin=item.link or f"{self.url}#{item.ident or item.title}",
                                        source=source, title=item.title or None,
                                        fallback_title=item.title or (item.link or self.url), url=item.link,
                                        published=item.published, updated=item.updated, tz=self.options.tz,
                                        sources=(source,))
        except SourceError:
            return None
        return replace(article, declared_language=self._language_of(f"{article.title}\n{article.text}", item.language,
                                                                    feed.language, header))

    def _language_of(self, text: str, *declared: str | None) -> str:
        """The source's `language:` key, else the first declaration (most specific first) whose script
        fits the text; "" to detect (briefer/languages/declared.py)."""
        return self.language or declared_language(declared, text)

