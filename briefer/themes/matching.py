"""Which theme a sentence belongs to, and the terms that say why.

A theme matches a text through its keywords (one word, compared on stems, so "tank" matches
"tanks") and phrases (consecutive stems, so "peace plan" matches "peace plans"). A text goes to
the theme with the highest match weight: a phrase weighs 2, a keyword 1, because a phrase is the
more specific evidence; ties go to the theme listed first in config.yaml. A theme's `exclude`
terms (matched the same way) keep a text out of that theme whatever else it matches: "arms" in
"arms race" or "shells" on a beach. Every match records the terms that made it: the reader sees
them after a story block's headline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import ThemeConfig
from ..text import language_rules, stemmer_for, words_in

# Theme terms may hold digits ("12-point", "G7"), unlike the words the rankers compare. Hyphenated
# words are compared by their parts, so "air defence" matches "air-defence" and the other way round.
_TERM_TOKEN = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s\b")
PHRASE_WEIGHT = 2
KEYWORD_WEIGHT = 1


def term_stems(text: str, language: str = "english") -> tuple[str, ...]:
    stem = stemmer_for(language)
    if language_rules(language).cjk:  # no spaces: jieba's words (a term is matched word by word)
        return tuple(stem(word) for word in words_in(text, language))
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
    rank: int
    """Its place in the theme (keywords, then phrases, as in config.yaml): the order terms are reported in."""


@dataclass(frozen=True)
class _Compiled:
    """Every theme's terms by their first stem, so a text is matched in one pass over its words."""

    starts: dict[str, list[tuple[int, _Term, bool]]]
    """First stem -> (theme index, term, is an exclude term)."""


class ThemeMatcher:
    """Compiled theme terms; `matches(text, language)` says which themes a text belongs to and why.

    Terms are compiled once per language they are used in (stems differ by language).
    """

    def __init__(self, themes: Sequence[ThemeConfig], language: str = "english") -> None:
        self.language = language
        self._themes = tuple(themes)
        self._by_language: dict[str, _Compiled] = {}

    def matches(self, text: str, language: str | None = None) -> list[ThemeMatch]:
        """Every theme the text matches, best first (by weight, then config order)."""
        language = language or self.language
        if language not in self._by_language:
            self._by_language[language] = _compiled(self._themes, language)
        starts = self._by_language[language].starts
        stems = term_stems(text, language)
        hits: dict[int, list[_Term]] = {}
        excluded: set[int] = set()
        for position, stem in enumerate(stems):
            for theme, term, exclude in starts.get(stem, ()):
                if stems[position: position + len(term.stems)] == term.stems:
                    if exclude:
                        excluded.add(theme)
                    else:
                        hits.setdefault(theme, []).append(term)
        found = []
        for index, terms in hits.items():
            if index not in excluded:
                distinct = sorted(set(terms), key=lambda t: t.rank)
                found.append(ThemeMatch(theme=index, terms=tuple(dict.fromkeys(t.text for t in distinct)),
                                        weight=sum(t.weight for t in distinct)))
        return sorted(found, key=lambda m: (-m.weight, m.theme))

    def best(self, text: str, language: str | None = None) -> ThemeMatch | None:
        found = self.matches(text, language)
        return found[0] if found else None


def _compiled(themes: Sequence[ThemeConfig], language: str) -> _Compiled:
    starts: dict[str, list[tuple[int, _Term, bool]]] = {}
    for index, theme in enumerate(themes):
        weighted = [(w, KEYWORD_WEIGHT, False) for w in theme.keywords] + \
                   [(w, PHRASE_WEIGHT, False) for w in theme.phrases] + [(w, KEYWORD_WEIGHT, True) for w in theme.exclude]
        for rank, (words, weight, exclude) in enumerate(weighted):
            stems = term_stems(words, language)
            if stems:
                starts.setdefault(stems[0], []).append((index, _Term(words, stems, weight, rank), exclude))
    return _Compiled(starts=starts)
