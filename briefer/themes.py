"""Assigning ranked sentences to the user's themes, and filling each theme's section.

A theme matches a sentence through its keywords (one word, compared on stems, so "tank" matches
"tanks") and phrases (consecutive stems, so "peace plan" matches "peace plans"). A sentence goes to
the theme with the highest match weight: a phrase weighs 2, a keyword 1, because a phrase is the
more specific evidence; ties go to the theme listed first in config.yaml. Every match records the
terms that made it, for the JSON output and for debugging.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .config import BriefingConfig, ThemeConfig
from .models import ScoredSentence, ThemeItem, ThemeSection
from .text import stemmer_for

# Theme terms may hold digits ("12-point", "G7"), unlike the words the rankers compare.
_TERM_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*")
PHRASE_WEIGHT = 2
KEYWORD_WEIGHT = 1


def term_stems(text: str, language: str = "english") -> tuple[str, ...]:
    stem = stemmer_for(language)
    return tuple(stem(re.sub(r"['’]s$", "", token.lower())) for token in _TERM_TOKEN.findall(text))


@dataclass(frozen=True)
class ThemeMatch:
    theme: int
    """Index of the theme in config order."""
    terms: tuple[str, ...]
    weight: int


class ThemeMatcher:
    """Compiled theme terms; `match(text)` says which theme a sentence belongs to and why."""

    def __init__(self, themes: Sequence[ThemeConfig], language: str = "english") -> None:
        self.language = language
        self._keywords: list[dict[str, str]] = []  # per theme: stem -> term as written
        self._phrases: list[list[tuple[tuple[str, ...], str]]] = []
        for theme in themes:
            keywords: dict[str, str] = {}
            phrases: list[tuple[tuple[str, ...], str]] = []
            for term in [*theme.keywords, *theme.phrases]:
                stems = term_stems(term, language)
                if len(stems) == 1:
                    keywords.setdefault(stems[0], term)
                elif stems:
                    phrases.append((stems, term))
            self._keywords.append(keywords)
            self._phrases.append(phrases)

    def matches(self, text: str) -> list[ThemeMatch]:
        """Every theme the text matches, best first (by weight, then config order)."""
        stems = term_stems(text, self.language)
        present = set(stems)
        joined = " " + " ".join(stems) + " "
        found = []
        for index, (keywords, phrases) in enumerate(zip(self._keywords, self._phrases)):
            terms = [term for stem, term in keywords.items() if stem in present]
            weight = KEYWORD_WEIGHT * len(terms)
            for phrase_stems, term in phrases:
                if " " + " ".join(phrase_stems) + " " in joined:
                    terms.append(term)
                    weight += PHRASE_WEIGHT
            if terms:
                found.append(ThemeMatch(theme=index, terms=tuple(terms), weight=weight))
        return sorted(found, key=lambda m: (-m.weight, m.theme))

    def best(self, text: str) -> ThemeMatch | None:
        found = self.matches(text)
        return found[0] if found else None


def build_sections(
    ranked: Iterable[ScoredSentence],
    themes: Sequence[ThemeConfig],
    settings: BriefingConfig,
    language: str = "english",
) -> list[ThemeSection]:
    """One section per theme in config order, then "Other news"; items by score, best first.

    Each section holds at most `sentences_per_theme` items and at most `sentences_per_article`
    from any one article, so one article that touches three themes feeds three sections but
    cannot fill one alone.
    """
    matcher = ThemeMatcher(themes, language)
    other = len(themes)
    candidates: dict[int, list[ThemeItem]] = defaultdict(list)
    for scored in ranked:
        match = matcher.best(scored.text)
        if match is None:
            candidates[other].append(ThemeItem(scored=scored))
        else:
            candidates[match.theme].append(ThemeItem(scored=scored, matched=match.terms))

    sections = []
    for index, theme in enumerate(themes):
        sections.append(ThemeSection(name=theme.name, description=theme.description,
                                     items=_best_items(candidates[index], settings)))
    if settings.other_news.enabled:
        items = _best_items(candidates[other], settings)
        if items:
            sections.append(ThemeSection(name=settings.other_news.title, items=items, is_other=True))
    return sections


def _best_items(items: list[ThemeItem], settings: BriefingConfig) -> tuple[ThemeItem, ...]:
    ordered = sorted(items, key=lambda it: (-it.scored.score, -len(it.matched), it.scored.sentence.index))
    per_article: dict[str, int] = defaultdict(int)
    chosen: list[ThemeItem] = []
    seen_text: set[str] = set()
    for item in ordered:
        key = item.scored.article.key
        text = item.scored.text.casefold()
        if per_article[key] >= settings.sentences_per_article or text in seen_text:
            continue
        per_article[key] += 1
        seen_text.add(text)
        chosen.append(item)
        if len(chosen) >= settings.sentences_per_theme:
            break
    return tuple(chosen)
