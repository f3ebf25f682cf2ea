"""Per story block and theme: who said what (quotes) and who or what it is about (key names).

A quote belongs to the theme its own sentences match (the same `ThemeMatcher` and the same text
rule as the block's sentences: what the reader sees); a quote whose sentences match no theme
goes with the nearest sentence around it that does, else where most of its article's sentences went.
It is shown in its story's block under that
theme, unless one of its sentences is already shown as an item or context anywhere in the
briefing (its words would be read twice), or an earlier briefing carried it.

Names are counted over every sentence of the theme, not only the few shown, because "most
mentioned" is about the whole day's coverage.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..models import Quote, SentenceKey, normalized

_HAN = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff])")


def norm(text: str) -> str:
    """Words only, case-folded (`models.normalized`), each Han character a word of its own: Chinese
    has no spaces, so a quote is found inside a longer sentence character by character."""
    words = normalized(text)
    return " ".join(_HAN.sub(r" \1 ", words).split()) if _HAN.search(words) else words


def spanned(quote: Quote) -> list[SentenceKey]:
    return [(quote.article.key, i) for i in range(quote.sentence_index, quote.sentence_index + quote.sentence_count)]


def quote_openings(quotes: Mapping[str, Sequence[Quote]]) -> dict[SentenceKey, SentenceKey]:
    """Each sentence that starts inside a quote opened in an earlier sentence -> that earlier sentence."""
    openings = {}
    for article_quotes_ in quotes.values():
        for quote in article_quotes_:
            first, *rest = spanned(quote)
            for key in rest:
                openings[key] = first
    return openings


NEIGHBOURS = 2
"""How many sentences before (then after) a quote may say what it is about: "Biden dismissed the
peace plan, adding ..." is followed by his words, which name no theme term themselves."""


def quote_theme(quote: Quote, theme_of: Mapping[SentenceKey, int], usual: Mapping[str, int], other: int) -> int:
    """The theme of the quote's own sentences, else of the nearest sentence before or after it (at
    most NEIGHBOURS away), else the one most of its article's sentences went to."""
    themes = [theme_of[k] for k in spanned(quote) if theme_of.get(k, other) != other]
    if themes:
        return Counter(themes).most_common(1)[0][0]
    key, first, last = quote.article.key, quote.sentence_index, quote.sentence_index + quote.sentence_count - 1
    for near in [*(first - n for n in range(1, NEIGHBOURS + 1)), *(last + n for n in range(1, NEIGHBOURS + 1))]:
        if theme_of.get((key, near), other) != other:
            return theme_of[(key, near)]
    return usual.get(key, other)


def usual_themes(theme_of: Mapping[SentenceKey, int], other: int) -> dict[str, int]:
    """Per article, the theme most of its sentences went to (ties: the first in config order)."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    for (key, _), theme in theme_of.items():
        if theme != other:
            counts[key][theme] += 1
    return {key: min(c, key=lambda t: (-c[t], t)) for key, c in counts.items()}


def best_quotes(quotes: Iterable[Quote], limit: int, shown: set[SentenceKey], said: set[str],
                carried: frozenset[SentenceKey], shown_before: Sequence[str]) -> list[Quote]:
    """The best-ranked quotes not shown yet (`shown`, `said` grow with those chosen), in article order."""
    chosen: list[Quote] = []
    candidates = list(quotes)
    for quote in sorted(candidates, key=lambda q: -q.score):
        if len(chosen) >= limit:
            break
        keys = spanned(quote)
        text = norm(quote.text)
        if text in said or any(k in shown for k in keys) or all(k in carried for k in keys):
            continue  # read already: as an item or context, another quote, or an earlier briefing
        if said_in(text, shown_before):
            continue
        said.add(text)
        shown.update(keys)
        chosen.append(quote)
    order = {id(q): n for n, q in enumerate(candidates)}
    return sorted(chosen, key=lambda q: (q.article.key, order[id(q)]))


def said_in(words: str, texts: Sequence[str]) -> bool:
    """Whether the normalised `words` occur, as whole words, inside one of the normalised `texts`."""
    padded = f" {words} "
    return any(padded in f" {text} " for text in texts)
