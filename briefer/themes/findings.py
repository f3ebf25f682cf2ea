"""What the story blocks need of each article's ranked sentences: each one's best theme, the names
it mentions, and the article's attributed quotes.

One function finds them for one article (`article_findings`): the map's worker calls it for every
article (briefer/compute.py), and the theme stage for sentences that did not come through the map
(`findings_of`, e.g. sentences made by hand in tests), so both find them the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NamedTuple

from ..config import ThemeConfig
from ..models import Article, CompactMatch, Findings, NameMark, Quote, ScoredSentence
from ..stories.names import mentions
from ..stories.quotes import find_quotes
from .matching import ThemeMatcher


class ArticleFindings(NamedTuple):
    matches: tuple[CompactMatch, ...]
    """(sentence index, theme index, matched terms) of each sentence that matches a theme."""
    names: tuple[tuple[int, tuple[NameMark, ...]], ...]
    """(sentence index, the names it mentions), for sentences that mention any."""
    quotes: list[Quote]


def article_findings(article: Article, ranked: Sequence[ScoredSentence], matcher: ThemeMatcher) -> ArticleFindings:
    """One article's findings from its ranked sentences (every sentence, in article order). A
    sentence is matched on the text a reader sees under the theme: the sentence with its context."""
    language = article.language
    matches = []
    for scored in ranked:
        match = matcher.best(scored.text, language)
        if match is not None:
            matches.append((scored.sentence.index, match.theme, match.terms))
    # Each sentence's names are found once, for both its key names and the article's quotes.
    found = [mentions(scored.sentence.text, language) for scored in ranked]
    # A name is interned so that each of its mentions after the first pickles as a back-reference.
    names = [(scored.sentence.index, tuple(NameMark(sys.intern(m.name), m.initial, m.titled) for m in marks))
             for scored, marks in zip(ranked, found) if marks]
    quotes = find_quotes(article, [s.sentence for s in ranked], {s.sentence.index: s.score for s in ranked},
                         found=found)
    return ArticleFindings(tuple(matches), tuple(names), quotes)


def record(findings: Findings, key: str, found: ArticleFindings) -> None:
    """Add one article's findings (by its key) to the day's."""
    for index, theme, terms in found.matches:
        findings.matches[(key, index)] = (theme, terms)
    for index, marks in found.names:
        findings.names[(key, index)] = marks
    if found.quotes:
        findings.quotes[key] = found.quotes


def findings_of(ranked: Sequence[ScoredSentence], themes: Sequence[ThemeConfig]) -> Findings:
    """The findings of sentences that did not come through the map, article by article."""
    by_article: dict[str, list[ScoredSentence]] = {}
    for scored in ranked:
        by_article.setdefault(scored.article.key, []).append(scored)
    matcher, findings = ThemeMatcher(themes), Findings()
    for key, sentences in by_article.items():
        record(findings, key, article_findings(sentences[0].article, sentences, matcher))
    return findings
