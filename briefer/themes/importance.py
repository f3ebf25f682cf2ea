"""How much a story matters today: the order of story blocks in a section and of At a glance.

    importance = OUTLETS * log2(1 + independent outlets)     several outlets covering it, with
                                                              diminishing returns (1, 1.58, 2, 2.32 ...)
               + CENTRAL * centrality                         how close its sentences are to the day's
                                                              news as a whole (0 .. 1)
               + FRESH * freshness                            2 ** -(hours old / FRESH_HALF_LIFE_HOURS)

Independent outlets are the distinct names among its articles' `source` and `sources`: a wire
report that three papers run is three outlets, the same paper through two feeds is one.
Centrality is the cosine between a sentence's TF-IDF vector and the mean vector of every fresh
sentence of the day (one sparse product for all of them, never a comparison of pairs); a story's
is the mean of its best CENTRAL_TOP sentences. Freshness is measured from the story's newest
article to the end of the briefing's day, never to the wall clock, so building the same day
again gives the same briefing; a story whose articles carry no time counts as a day old.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

import numpy as np
from scipy import sparse

from ..models import Article

OUTLETS = 1.0
CENTRAL = 1.0
FRESH = 0.5
FRESH_HALF_LIFE_HOURS = 24.0
CENTRAL_TOP = 3
UNDATED_HOURS = 24.0


def outlet_names(articles: Iterable[Article]) -> tuple[str, ...]:
    """The distinct outlets that carried the articles (each article's source and sources), in order."""
    return tuple(dict.fromkeys(name for a in articles for name in (a.source, *a.sources) if name))


def sentence_centrality(vectors: sparse.csr_matrix) -> np.ndarray:
    """Each row's cosine with the normalised mean of all rows (rows are unit TF-IDF vectors)."""
    if vectors.shape[0] == 0:
        return np.zeros(0)
    centre = np.asarray(vectors.mean(axis=0)).ravel()
    norm = float(np.linalg.norm(centre))
    if norm == 0:
        return np.zeros(vectors.shape[0])
    return np.asarray(vectors @ (centre / norm)).ravel()


def freshness(articles: Sequence[Article], day: date) -> float:
    """1.0 for a story from the end of the briefing's day, halving every FRESH_HALF_LIFE_HOURS before it."""
    times = [moment for a in articles if (moment := a.published or a.updated) is not None]
    if not times:
        return 2 ** (-UNDATED_HOURS / FRESH_HALF_LIFE_HOURS)
    newest = max(times, key=lambda moment: moment.timestamp())
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=newest.tzinfo)
    hours = max(0.0, (end - newest).total_seconds() / 3600)
    return 2 ** (-hours / FRESH_HALF_LIFE_HOURS)


def importance(articles: Sequence[Article], centralities: Sequence[float], day: date) -> float:
    """The story's importance from its articles and the centralities of its fresh sentences."""
    best = sorted(centralities, reverse=True)[:CENTRAL_TOP]
    central = float(np.mean(best)) if best else 0.0
    return (OUTLETS * math.log2(1 + len(outlet_names(articles))) + CENTRAL * central
            + FRESH * freshness(articles, day))


def story_importances(stories: Sequence[Sequence[Article]], centralities: Mapping[int, list[float]],
                      day: date) -> list[float]:
    """`importance` of each story (a list of its articles); `centralities` by story index."""
    return [importance(articles, centralities.get(n, []), day) for n, articles in enumerate(stories)]
