"""The briefing JSON (``schema: 1``): the one data contract.

Templates receive exactly this document, and every output is rendered from it. Later versions add
fields; none named here is ever renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .models import Article, Briefing, Quote, ScoredSentence, SourceReport, Story, ThemeItem, ThemeSection

SCHEMA_VERSION = 1


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_data(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": iso(article.published),
        "updated": iso(article.updated),
        "sources": list(article.sources or (article.source,)),
    }


def item_data(item: ThemeItem) -> dict[str, Any]:
    scored = item.scored
    return {
        "text": scored.text,
        "score": scored.score,
        "matched": list(item.matched),
        "sentence_index": scored.sentence.index,
        "context": [s.text for s in scored.context],
        "article": article_data(scored.article),
    }


def theme_data(section: ThemeSection) -> dict[str, Any]:
    return {
        "name": section.name,
        "description": section.description,
        "is_other": section.is_other,
        "items": [item_data(item) for item in section.items],
        "quotes": [quote_data(quote) for quote in section.quotes],
        "names": list(section.names),
    }


def quote_data(quote: Quote) -> dict[str, Any]:
    """Who said what: the speaker as the article names them (titles cut off) and their words."""
    return {
        "speaker": quote.speaker,
        "text": quote.text,
        "article": article_data(quote.article),
        "sentence_index": quote.sentence_index,
    }


def story_data(story: Story) -> dict[str, Any]:
    """One event across articles: status is "new" or "developing" (an earlier briefing carried it)."""
    return {
        "title": story.title,
        "status": story.status,
        "articles": [{"source": a.source, "url": a.url, "title": a.title} for a in story.articles],
        "items": [item_data(item) for item in story.items],
    }


def to_data(briefing: Briefing) -> dict[str, Any]:
    """The JSON-ready document of one briefing."""
    return {
        "schema": SCHEMA_VERSION,
        "date": briefing.date.isoformat(),
        "generated_at": iso(briefing.generated_at),
        "title": briefing.title,
        "intro": briefing.intro,
        "themes": [theme_data(section) for section in briefing.themes],
        "articles": [article_data(article) for article in briefing.articles],
        "problems": [{"location": p.location, "reason": p.reason} for p in briefing.problems],
        "sources": [source_data(report) for report in briefing.sources],
        "notice": briefing.notice,
        "stories": [story_data(story) for story in briefing.stories],
    }


def source_data(report: SourceReport) -> dict[str, Any]:
    """One line of the "Sources" footer: status is "ok", "failed" or "snippet-only"."""
    return {
        "name": report.name,
        "url": report.url,
        "status": report.status,
        "reason": report.reason,
        "items": report.items,
        "new": report.new,
        "location": report.location,
    }


def summary_data(article: Article, algorithm: str, chosen: Sequence[ScoredSentence]) -> dict[str, Any]:
    """The JSON of `briefer summarize --format json`: one article's chosen sentences, in its order."""
    return {
        "schema": SCHEMA_VERSION,
        "algorithm": algorithm,
        "article": article_data(article),
        "sentences": [{"text": s.text, "index": s.sentence.index, "score": s.score,
                       "context": [c.text for c in s.context]} for s in chosen],
    }
