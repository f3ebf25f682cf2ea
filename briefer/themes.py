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
from .summarize.multidoc import centrality, sentence_links
from .text import stemmer_for

# Theme terms may hold digits ("12-point", "G7"), unlike the words the rankers compare. Hyphenated
# words are compared by their parts, so "air defence" matches "air-defence" and the other way round.
_TERM_TOKEN = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s\b")
PHRASE_WEIGHT = 2
KEYWORD_WEIGHT = 1
REPEATS = 0.5
"""TF-IDF cosine (among a section's sentences) from which a sentence says again what a chosen one
says, as when two outlets run one wire report with a few words changed: the news ranker's cut."""
SHARED_STEMS = 3
"""...and only with at least this many words (stems) in common: two short sentences that share one
uncommon word have a high cosine without saying the same thing."""


def term_stems(text: str, language: str = "english") -> tuple[str, ...]:
    stem = stemmer_for(language)
    return tuple(stem(token) for token in _TERM_TOKEN.findall(_POSSESSIVE.sub("", text.lower())))


@dataclass(frozen=True)
class ThemeMatch:
    theme: int
    """Index of the theme in config order."""
    terms: tuple[str, ...]
    weight: int


@dataclass(frozen=True)
class _Term:
    text: str
    """The term as the user wrote it, reported in `matched`."""
    stems: tuple[str, ...]
    weight: int


class ThemeMatcher:
    """Compiled theme terms; `match(text)` says which theme a sentence belongs to and why."""

    def __init__(self, themes: Sequence[ThemeConfig], language: str = "english") -> None:
        self.language = language
        self._terms: list[list[_Term]] = []
        for theme in themes:
            terms = [_Term(t, term_stems(t, language), KEYWORD_WEIGHT) for t in theme.keywords]
            terms += [_Term(t, term_stems(t, language), PHRASE_WEIGHT) for t in theme.phrases]
            self._terms.append([t for t in terms if t.stems])

    def matches(self, text: str) -> list[ThemeMatch]:
        """Every theme the text matches, best first (by weight, then config order)."""
        stems = term_stems(text, self.language)
        present = set(stems)
        joined = " " + " ".join(stems) + " "
        found = []
        for index, terms in enumerate(self._terms):
            hits = [t for t in terms if (t.stems[0] in present if len(t.stems) == 1
                                         else " " + " ".join(t.stems) + " " in joined)]
            if hits:
                found.append(ThemeMatch(theme=index, terms=tuple(dict.fromkeys(t.text for t in hits)),
                                        weight=sum(t.weight for t in hits)))
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
                                     items=_best_items(candidates[index], settings, language)))
    if settings.other_news.enabled:
        items = _best_items(candidates[other], settings, language)
        if items:
            sections.append(ThemeSection(name=settings.other_news.title, items=items, is_other=True))
    return sections


def _best_items(items: list[ThemeItem], settings: BriefingConfig, language: str = "english") -> tuple[ThemeItem, ...]:
    # Scores are ranks within each article, so the best sentences of several articles tie; among
    # them, the one the rest of the section echoes most (its centrality among all the section's
    # candidates, summarize.multidoc) states the theme's common point and goes first.
    # A sentence that says again what a chosen one says (REPEATS, SHARED_STEMS) is passed over.
    if len(items) < 2:
        return tuple(items[:settings.sentences_per_theme])
    graph, shared = sentence_links([it.scored.text for it in items], language)
    central = centrality(graph)
    ordered = sorted(range(len(items)), key=lambda k: (-items[k].scored.score, -len(items[k].matched), -central[k],
                                                       items[k].scored.sentence.index))
    per_article: dict[str, int] = defaultdict(int)
    chosen: list[int] = []
    seen_text: set[str] = set()
    for here in ordered:
        item = items[here]
        key = item.scored.article.key
        text = item.scored.text.casefold()
        if per_article[key] >= settings.sentences_per_article or text in seen_text:
            continue
        if chosen:
            cosine, common = graph[here].toarray()[0, chosen], shared[here].toarray()[0, chosen]
            if ((cosine >= REPEATS) & (common >= SHARED_STEMS)).any():
                continue
        per_article[key] += 1
        seen_text.add(text)
        chosen.append(here)
        if len(chosen) >= settings.sentences_per_theme:
            break
    return tuple(items[k] for k in chosen)
