"""The briefing JSON (``schema: 1``): the one data contract.

Templates receive exactly this document, and every output is rendered from it. Later versions add
fields; none named here is ever renamed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .models import Article, Briefing, ThemeItem, ThemeSection

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
    }
