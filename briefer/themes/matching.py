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
from ..text import stemmer_for

# Theme terms may hold digits ("12-point", "G7"), unlike the words the rankers compare. Hyphenated
# words are compared by their parts, so "air defence" matches "air-defence" and the other way round.
_TERM_TOKEN = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s\b")
PHRASE_WEIGHT = 2
KEYWORD_WEIGHT = 1


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


@dataclass(frozen=True)
class _Theme:
    terms: tuple[_Term, ...]
    exclude: tuple[_Term, ...]


class ThemeMatcher:
    """Compiled theme terms; `matches(text, language)` says which themes a text belongs to and why.

    Terms are compiled once per language they are used in (stems differ by language).
    """

    def __init__(self, themes: Sequence[ThemeConfig], language: str = "english") -> None:
        self.language = language
        self._themes = tuple(themes)
        self._by_language: dict[str, tuple[_Theme, ...]] = {}

    def matches(self, text: str, language: str | None = None) -> list[ThemeMatch]:
        """Every theme the text matches, best first (by weight, then config order)."""
        language = language or self.language
        stems = term_stems(text, language)
        present = set(stems)
        joined = " " + " ".join(stems) + " "
        found = []
        if language not in self._by_language:
            self._by_language[language] = _compiled(self._themes, language)
        for index, theme in enumerate(self._by_language[language]):
            hits = [t for t in theme.terms if _found(t, present, joined)]
            if hits and not any(_found(t, present, joined) for t in theme.exclude):
                found.append(ThemeMatch(theme=index, terms=tuple(dict.fromkeys(t.text for t in hits)),
                                        weight=sum(t.weight for t in hits)))
        return sorted(found, key=lambda m: (-m.weight, m.theme))

    def best(self, text: str, language: str | None = None) -> ThemeMatch | None:
        found = self.matches(text, language)
        return found[0] if found else None


def _found(term: _Term, present: set[str], joined: str) -> bool:
    return term.stems[0] in present if len(term.stems) == 1 else " " + " ".join(term.stems) + " " in joined


def _compiled(themes: tuple[ThemeConfig, ...], language: str) -> tuple[_Theme, ...]:
    def terms(words: Sequence[str], weight: int) -> list[_Term]:
        return [_Term(w, stems, weight) for w in words if (stems := term_stems(w, language))]
    return tuple(_Theme(terms=tuple(terms(t.keywords, KEYWORD_WEIGHT) + terms(t.phrases, PHRASE_WEIGHT)),
                        exclude=tuple(terms(t.exclude, KEYWORD_WEIGHT)))
                 for t in themes)
