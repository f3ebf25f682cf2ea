"""Per theme: who said what (quotes) and who or what it is about (key names).

A quote belongs to the theme its own sentences match; a quote whose sentences match no theme goes
where most of its article's sentences went. Names are counted over every sentence of the theme,
not only the few shown, because "most mentioned" is about the whole day's coverage.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ..config import StoriesConfig, ThemeConfig
from ..models import Quote, ScoredSentence, ThemeSection
from ..themes import ThemeMatcher
from . import History, News
from .names import key_names
from .quotes import find_quotes


def add_notes(sections: Sequence[ThemeSection], ranked: Sequence[ScoredSentence], news: News,
              themes: Sequence[ThemeConfig], settings: StoriesConfig, history: History | None = None,
              language: str = "english") -> list[ThemeSection]:
    """The sections with their quotes and names filled in."""
    matcher = ThemeMatcher(themes, language)
    other = len(themes)
    theme_of: dict[tuple[str, int], int] = {}
    texts: dict[int, list[str]] = defaultdict(list)
    by_article: dict[str, list[ScoredSentence]] = defaultdict(list)
    for scored in ranked:
        match = matcher.best(scored.sentence.text)
        index = match.theme if match else other
        theme_of[(scored.article.key, scored.sentence.index)] = index
        texts[index].append(scored.sentence.text)
        by_article[scored.article.key].append(scored)

    shown_before = [_norm(t) for t in (history.texts if history else ())]
    quotes: dict[int, list[Quote]] = defaultdict(list)
    if settings.quotes_per_theme:
        for sentences in by_article.values():
            article = sentences[0].article
            scores = {s.sentence.index: s.score for s in sentences}
            usual = Counter(theme_of[(article.key, s.sentence.index)] for s in sentences
                            if theme_of[(article.key, s.sentence.index)] != other).most_common(1)
            for quote in find_quotes(article, [s.sentence for s in sentences], scores):
                spanned = range(quote.sentence_index, quote.sentence_index + quote.sentence_count)
                if all((article.key, i) in news.carried for i in spanned):
                    continue  # an earlier briefing (or a better copy today) already carried it
                text = _norm(quote.text)
                if any(text in past for past in shown_before):
                    continue
                match = matcher.best(" ".join(s.sentence.text for s in sentences if s.sentence.index in spanned))
                quotes[match.theme if match else usual[0][0] if usual else other].append(quote)

    position = {theme.name: n for n, theme in enumerate(themes)}
    notes = []
    for section in sections:
        index = other if section.is_other else position.get(section.name, -1)
        chosen = _best_quotes(quotes.get(index, []), settings.quotes_per_theme)
        notes.append(replace(section, quotes=tuple(chosen),
                             names=tuple(key_names(texts.get(index, []), settings.names_per_theme))))
    return notes


def _best_quotes(quotes: list[Quote], limit: int) -> list[Quote]:
    """The best-ranked quotes, each said once, in the order the articles give them."""
    seen: set[str] = set()
    chosen = []
    for quote in sorted(quotes, key=lambda q: -q.score):
        text = _norm(quote.text)
        if text in seen:
            continue
        seen.add(text)
        chosen.append(quote)
        if len(chosen) >= limit:
            break
    order = {id(q): n for n, q in enumerate(quotes)}
    return sorted(chosen, key=lambda q: order[id(q)])


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))
