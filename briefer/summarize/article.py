"""One article now, as `briefer summarize` takes it: from a file, stdin or a URL, to its summary.

Only what the article needs is imported: a text file never loads the fetcher, trafilatura,
feedparser, scipy or nltk, so that summarising one file starts in a blink. A URL goes through
the same guarded fetcher and page extraction as `briefer run`'s page sources.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from ..config import Config, SourceConfig, config_timezone
from ..errors import SourceError, UsageError
from ..models import Article, ScoredSentence


def read_article(where: str, config: Config, *, stdin: TextIO | None = None) -> Article:
    """The article at `where`: "-" for stdin, an http(s) URL (a page), or an article file (which
    the caller has checked is one)."""
    tz = config_timezone(config)
    if where == "-":
        from ..sources.files import article_from_any_text

        return article_from_any_text((stdin or sys.stdin).read(), origin="<stdin>", tz=tz)
    if "://" in where:
        return fetch_page(where, config)
    from pathlib import Path

    from ..sources.files import load_file

    return load_file(Path(where).expanduser().resolve(), max_bytes=config.limits.max_file_bytes, tz=tz)


def fetch_page(url: str, config: Config) -> Article:
    """The article on the page at `url`, fetched and extracted as `briefer run` does a page source
    (config.fetch's timeouts, limits and address guard; private addresses only when
    fetch.allow_private_addresses is on). SourceError saying why when there is none."""
    try:
        SourceConfig(url=url)
    except ValueError:
        raise UsageError(f"{url}: only http:// and https:// URLs can be fetched") from None
    from ..gather import make_fetcher
    from ..sources.web import WebOptions, WebSource

    fetcher = make_fetcher(config)
    options = WebOptions(fetcher=fetcher, tz=config_timezone(config),
                         min_full_text_chars=config.fetch.min_full_text_chars)
    try:
        fetched = WebSource(url, options, kind="page", allow_private=config.fetch.allow_private_addresses).fetch()
    finally:
        fetcher.close()
    if fetched.failed or not fetched.articles:
        reasons = [fetched.failed] if fetched.failed else [p.reason for p in fetched.problems] or ["no article text found"]
        raise SourceError(f"{url}: {'; '.join(reasons)}")
    return fetched.articles[0]


def summarize_article(article: Article, *, sentences: int | str = 3, algorithm: str | None = None,
                      language: str = "auto", on_cut: Callable[[str], None] | None = None) -> list[ScoredSentence]:
    """The best `sentences` (a count, or a share such as "20%") of one article, in the article's order,
    split and stemmed in `language` ("auto": the article's own, detected); `on_cut` hears why when
    the article is too long to be ranked whole."""
    from ..languages.detect import with_languages
    from ..text import Tokenizer
    from . import DEFAULT_ALGORITHM, get_summarizer, parse_count
    from .ranking import choose_summary, rank_article

    article = with_languages([article], language)[0]
    summarizer = get_summarizer(algorithm or DEFAULT_ALGORITHM, article.language)
    ranked = rank_article(article, summarizer, Tokenizer(article.language), on_cut=on_cut)
    return choose_summary(ranked, parse_count(sentences))
