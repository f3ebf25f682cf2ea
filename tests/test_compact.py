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
    assert any(block.quotes for section in from_workers.sections for block in section.blocks)
    assert any(section.names for section in from_workers.sections)
    assert mapped.findings.matches and mapped.findings.quotes and mapped.findings.names


class PlainOnly(pickle.Unpickler):
    """Refuses every class but CompactArticle and NameMark (named tuples): a compact result is builtin data."""

    def find_class(self, module: str, name: str):
        if module == "briefer.models" and name in ("CompactArticle", "NameMark"):
            return getattr(models, name)
        raise pickle.UnpicklingError(f"{module}.{name} in a compact result")


def test_a_compact_result_is_plain_data_smaller_than_the_article_text():
    config, articles = sample_articles()
    settings = MapSettings(config.summarizer.algorithm, config.summarizer.language, tuple(config.themes))
    matcher = ThemeMatcher(settings.themes)
    for article in articles:
        compact = compact_article(article, settings, matcher)
        data = pickle.dumps(compact, protocol=pickle.HIGHEST_PROTOCOL)
        assert PlainOnly(io.BytesIO(data)).load() == compact
        assert compact.sentences and len(data) < len(article.text.encode()) + 500, article.location
