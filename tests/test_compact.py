"""The map's compact results: what workers send back spares the coordinator all per-sentence work,
stays plain data (small to pickle), and gives the very briefing the coordinator would make alone."""

from __future__ import annotations

import io
import pickle
from datetime import date

from conftest import ROOT

from briefer import models
from briefer.compute import MapSettings, compact_article, rank_articles
from briefer.config import load_config
from briefer.languages.detect import with_languages
from briefer.sources.files import load_file
from briefer.stories import find_news
from briefer.themes import assemble
from briefer.themes.matching import ThemeMatcher

DAY = date(2026, 11, 28)


def sample_articles():
    config = load_config(ROOT / "config.yaml")
    files = sorted(p for p in (ROOT / "samples").iterdir() if p.name != "README.md")
    return config, [load_file(p) for p in files]


def test_the_workers_findings_give_the_same_briefing_body_as_finding_them_on_the_coordinator():
    config, articles = sample_articles()
    mapped = rank_articles(articles, config)
    assert mapped.articles == with_languages(articles, config.summarizer.language)  # detected by the map
    articles = mapped.articles
    news = find_news(articles, mapped.sentences, config.stories)
    from_workers = assemble(news, mapped.sentences, config, DAY, findings=mapped.findings)
    found_here = assemble(news, mapped.sentences, config, DAY)
    assert from_workers == found_here
    # ... and their words the same stories and fresh sentences as splitting the articles here.
    assert find_news(articles, mapped.sentences, config.stories, words=mapped.words) == news
    assert any(block.quotes for section in from_workers.sections for block in section.blocks)
    assert any(section.names for section in from_workers.sections)
    assert mapped.findings.matches and mapped.findings.quotes and mapped.findings.names


class PlainOnly(pickle.Unpickler):
    """Refuses every class but CompactArticle, CompactWords and NameMark (named tuples): a compact result is builtin data."""

    def find_class(self, module: str, name: str):
        if module == "briefer.models" and name in ("CompactArticle", "CompactWords", "NameMark"):
            return getattr(models, name)
        raise pickle.UnpicklingError(f"{module}.{name} in a compact result")


def test_a_compact_result_is_plain_data_its_words_about_the_size_of_the_article_text():
    config, articles = sample_articles()
    settings = MapSettings(config.summarizer.algorithm, config.summarizer.language, tuple(config.themes))
    matcher = ThemeMatcher(settings.themes)
    for article in articles:
        compact = compact_article(article, settings, matcher)
        data = pickle.dumps(compact, protocol=pickle.HIGHEST_PROTOCOL)
        assert PlainOnly(io.BytesIO(data)).load() == compact
        # The words (each distinct word once, the texts as two-byte numbers) cost about the text
        # itself, and everything else less.
        words = len(pickle.dumps(compact.words, protocol=pickle.HIGHEST_PROTOCOL))
        size = len(article.text.encode())
        assert compact.sentences and len(data) - words < size + 500, article.location
        assert compact.words is not None and words < 1.5 * size + 500, article.location
