"""The briefing JSON (``schema: 3``): the one data contract.

Templates receive exactly this document (and the `labels` of its language, briefer/render.py),
and every output is rendered from it. Schema 2 showed the day as stories: `glance` (the top
stories), `themes[].blocks[]` (a story under one theme, each with its `story_id`) and `stories[]`
(each with its `id`); `themes[].items` and `themes[].quotes` stay as the flat lists of the
section's items and quotes, block by block. Schema 3 says which language everything is in: the
briefing's `language` (its labels and dates, briefing.language) and the `language` of each
headline (glance, blocks, stories) and outlet, beside each article's.
A change of shape bumps `schema`; within one version fields are only added, never renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from .models import Article, Briefing, Quote, ScoredSentence, SourceReport, Story, StoryBlock, ThemeItem, ThemeSection, story_id

SCHEMA_VERSION = 3
SUMMARY_SCHEMA = 1
"""The version of `briefer summarize --format json`: its shape did not change with the briefing's schema 2."""


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
        "language": article.language,
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
    blocks = [block_data(block) for block in section.blocks]
    return {
        "name": section.name,
        "description": section.description,
        "is_other": section.is_other,
        "blocks": blocks,
        "items": [item for block in blocks for item in block["items"]],
        "quotes": [quote for block in blocks for quote in block["quotes"]],
        "names": list(section.names),
    }


def block_data(block: StoryBlock) -> dict[str, Any]:
    """A story under one theme: its headline, time and sources once, then this theme's sentences and quotes."""
    story = block.story
    return {
        "story_id": story.id,
        "anchor": block.anchor,
        "title": story.title,
        "language": title_language(story),
        "status": story.status,
        "previous": story.previous,
        "published": iso(newest(story)),
        "sources": outlets_data(story),
        "matched": list(block.matched),
        "items": [item_data(item) for item in block.items],
        "quotes": [quote_data(quote) for quote in block.quotes],
    }


def outlets_data(story: Story) -> list[dict[str, Any]]:
    """Each distinct outlet that carried the story (an article's source and sources), linked to its article."""
    seen: dict[str, dict[str, Any]] = {}
    for article in story.articles:
        for name in (article.source, *article.sources):
            if name and name not in seen:
                seen[name] = {"name": name, "url": article.url, "title": article.title, "language": article.language}
    return list(seen.values())


def newest(story: Story) -> datetime | None:
    """When the story was last reported: its newest article's time."""
    times = [moment for a in story.articles if (moment := a.published or a.updated) is not None]
    return max(times, key=lambda moment: moment.timestamp()) if times else None


def title_language(story: Story) -> str:
    """The language of a story's headline: that of the article it is the title of."""
    for article in story.articles:
        if article.title == story.title:
            return article.language
    return story.articles[0].language if story.articles else "en"


def glance_data(story: Story, anchors: dict[str, str]) -> dict[str, Any]:
    """One line of At a glance: headline · N sources · its themes, linking to its first block."""
    return {
        "story_id": story.id,
        "title": story.title,
        "language": title_language(story),
        "status": story.status,
        "sources": len(outlets_data(story)),
        "themes": list(story.themes),
        "anchor": anchors.get(story.id, f"story-{story.id}"),
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
    """One event across articles: status is "new" or "developing" (an earlier briefing carried it,
    on the day `previous`, where its block has the anchor ``story-{id}``)."""
    return {
        "id": story.id,
        "title": story.title,
        "language": title_language(story),
        "status": story.status,
        "previous": story.previous,
        "importance": story.importance,
        "themes": list(story.themes),
        "sources": len(outlets_data(story)),
        "articles": [{"source": a.source, "url": a.url, "title": a.title} for a in story.articles],
        "items": [item_data(item) for item in story.items],
    }


def to_data(briefing: Briefing) -> dict[str, Any]:
    """The JSON-ready document of one briefing."""
    themes = [theme_data(section) for section in briefing.themes]
    anchors: dict[str, str] = {}
    for theme in themes:
        for block in theme["blocks"]:
            anchors.setdefault(block["story_id"], block["anchor"])
    return {
        "schema": SCHEMA_VERSION,
        "language": briefing.language,
        "date": briefing.date.isoformat(),
        "generated_at": iso(briefing.generated_at),
        "title": briefing.title,
        "intro": briefing.intro,
        "glance": [glance_data(story, anchors) for story in briefing.glance],
        "themes": themes,
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
        "schema": SUMMARY_SCHEMA,
        "algorithm": algorithm,
        "article": article_data(article),
        "sentences": [{"text": s.text, "index": s.sentence.index, "score": s.score,
                       "context": [c.text for c in s.context]} for s in chosen],
    }


def schema_1_to_2(document: dict[str, Any]) -> dict[str, Any]:
    """An earlier schema-1 briefing in the schema-2 shape, in memory (briefer/archive.py reads it).

    A schema-1 theme listed items without blocks; each article of a theme becomes one block (its
    story's id made from the article as `models.story_id` makes it), and stories get their ids.
    The document on disk is never rewritten.
    """
    if not isinstance(document.get("themes"), list):
        return {**document, "schema": 2}  # not a briefing: left for the reader to refuse

    themes = []
    for theme in document.get("themes") or []:
        if not isinstance(theme, dict):
            continue
        blocks: dict[str, dict[str, Any]] = {}
        for item in theme.get("items") or []:
            found = item.get("article") if isinstance(item, dict) else None
            article: dict[str, Any] = found if isinstance(found, dict) else {}
            sid = story_id(article)
            block = blocks.setdefault(sid, {
                "story_id": sid, "anchor": f"story-{sid}", "title": str(article.get("title", "")),
                "status": "new", "previous": None, "published": article.get("published"),
                "sources": [{"name": n, "url": article.get("url"), "title": article.get("title")}
                            for n in dict.fromkeys([article.get("source"), *(article.get("sources") or [])]) if n],
                "matched": [], "items": [], "quotes": []})
            block["items"].append(item)
            block["matched"] = list(dict.fromkeys([*block["matched"], *(item.get("matched") or [])]))
        themes.append({**theme, "blocks": list(blocks.values()), "quotes": theme.get("quotes") or []})
    stories = [{**story, "id": story_id((story.get("articles") or [{}])[0] if isinstance(story, dict) else {})}
               for story in document.get("stories") or [] if isinstance(story, dict)]
    return {**document, "schema": 2, "themes": themes, "stories": stories, "glance": []}


def schema_2_to_3(document: dict[str, Any]) -> dict[str, Any]:
    """An earlier schema-2 briefing in the schema-3 shape, in memory (briefer/archive.py reads it).

    Every briefing before schema 3 was labelled in English; a headline's language is taken from
    the first article that carries it (English where the document does not say).
    """
    if not isinstance(document.get("themes"), list):
        return {**document, "schema": 3}  # not a briefing: left for the reader to refuse

    def headline(entry: Any, articles: list[Any]) -> Any:
        if not isinstance(entry, dict):
            return entry
        found = next((a.get("language") for a in articles if isinstance(a, dict) and a.get("language")), None)
        return {**entry, "language": entry.get("language") or found or "en"}

    def item_articles(entry: dict[str, Any]) -> list[Any]:
        return [item.get("article") for item in entry.get("items") or [] if isinstance(item, dict)]

    themes = [{**theme, "blocks": [headline(block, item_articles(block)) for block in theme.get("blocks") or []
                                   if isinstance(block, dict)]}
              if isinstance(theme, dict) else theme for theme in document["themes"]]
    stories = [headline(story, item_articles(story)) for story in document.get("stories") or [] if isinstance(story, dict)]
    by_id = {story.get("id"): story.get("language") for story in stories}
    glance = [{**line, "language": by_id.get(line.get("story_id")) or "en"}
              for line in document.get("glance") or [] if isinstance(line, dict)]
    return {**document, "schema": 3, "language": document.get("language") or "en",
            "themes": themes, "stories": stories, "glance": glance}
