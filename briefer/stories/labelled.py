"""A labelled set for story clustering: real articles, some paired with a lightly edited copy.

An edited copy is what a reader sees when one report is reprinted or updated: the sentences come
in another order, the headline changes, a sentence is added or one is dropped. Clustering should
pair each copy with its original and nothing else; precision and recall are counted over pairs.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from ..config import StoriesConfig
from ..models import Article, article_identity
from ..sources.files import load_file
from ..text import split_sentences
from . import History, cluster_articles, duplicate_pairs, find_news, similar_pairs

# Sentences an update might add; written for this project.
ADDED_SENTENCES = (
    "This story has been updated with more details from the scene.",
    "More information is expected to be released later in the day.",
    "A spokesperson declined to comment further when contacted on Saturday.",
    "Officials said the situation was still being assessed.",
)
HEADLINE_PREFIXES = ("Update:", "Latest:", "Developing:", "Breaking:")


@dataclass(frozen=True)
class LabelledSet:
    articles: list[Article]
    pairs: frozenset[tuple[int, int]]
    """Index pairs (smaller first) of an original and its edited copy."""


def load_eval_articles(path: Path, limit: int | None = None) -> list[Article]:
    """Articles from a JSON-lines file of {"id", "title", "text", "url"}; the first sentence is the headline."""
    articles = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            sentences = split_sentences(record["text"])
            articles.append(Article(title=record.get("title") or (sentences[0] if sentences else record["id"]),
                                    text="\n\n".join(sentences), source="eval", url=record.get("url"),
                                    location=record["id"]))
            if limit and len(articles) >= limit:
                break
    return articles


def edited_copy(article: Article, rng: random.Random) -> Article:
    """A light edit: reordered sentences, a new headline, one sentence added or dropped."""
    sentences = article.text.split("\n\n")
    # Move a block of sentences elsewhere, as when an update reshuffles paragraphs.
    if len(sentences) > 3:
        start = rng.randrange(1, len(sentences) - 1)
        block = sentences[start:start + rng.randint(1, 3)]
        rest = sentences[:start] + sentences[start + len(block):]
        where = rng.randrange(0, len(rest) + 1)
        sentences = rest[:where] + block + rest[where:]
    if rng.random() < 0.5 or len(sentences) < 4:
        sentences.insert(rng.randrange(0, len(sentences) + 1), rng.choice(ADDED_SENTENCES))
    else:
        del sentences[rng.randrange(0, len(sentences))]
    headline = f"{rng.choice(HEADLINE_PREFIXES)} {sentences[rng.randrange(0, len(sentences))][:80]}"
    return Article(title=headline, text="\n\n".join(sentences), source="eval-copy",
                   url=None, location=f"{article.location}#copy")


def build_set(originals: Sequence[Article], copies: int, seed: int = 7) -> LabelledSet:
    """All originals, plus an edited copy of `copies` of them, shuffled."""
    rng = random.Random(seed)
    chosen = rng.sample(range(len(originals)), copies)
    docs = [(i, a) for i, a in enumerate(originals)] + [(i, edited_copy(originals[i], rng)) for i in chosen]
    rng.shuffle(docs)
    positions: dict[int, list[int]] = {}
    for position, (origin, _) in enumerate(docs):
        positions.setdefault(origin, []).append(position)
    pairs = frozenset((min(p), max(p)) for p in positions.values() if len(p) == 2)
    return LabelledSet(articles=[a for _, a in docs], pairs=pairs)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    predicted: frozenset[tuple[int, int]]
    """Every pair linked (smaller index first)."""
    extra: frozenset[tuple[int, int]]
    """Linked pairs that are not labelled copies: false positives, or real articles on one event."""


def score(labelled: LabelledSet, settings: StoriesConfig | None = None, *, stories: bool = False) -> Score:
    """Precision and recall of near-copy detection (or, with `stories`, of all story links) on the set."""
    settings = settings or StoriesConfig()
    links = similar_pairs(labelled.articles, settings) if stories else duplicate_pairs(labelled.articles, settings)
    linked = links.tocoo()
    predicted = frozenset((int(i), int(j)) for i, j in zip(linked.row, linked.col) if i < j)
    hits = len(predicted & labelled.pairs)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(labelled.pairs) if labelled.pairs else 1.0
    return Score(precision, recall, predicted, predicted - labelled.pairs)


def recombined_articles(originals: Sequence[Article], count: int, seed: int = 1) -> list[Article]:
    """`count` articles: the originals, then edited copies of them (for benchmarks at scale)."""
    rng = random.Random(seed)
    articles = list(originals)
    while len(articles) < count:
        articles.append(edited_copy(rng.choice(originals), rng))
    return articles[:count]
# --- the story set written for briefer (tests/data/stories) ---------------------------------------

@dataclass(frozen=True)
class StorySet:
    """Articles labelled by story, over two days: `labels.json` beside them says which is which."""

    root: Path
    labels: dict[str, str]
    """Article path (relative to `root`) -> story label."""
    stories: dict[str, dict[str, Any]]
    """Story label -> {"day", "part" ("tune" or "held-out"), "continues" (a day-one label or None)}."""
    dates: dict[str, str]

    @classmethod
    def load(cls, root: Path) -> StorySet:
        doc = json.loads((root / "labels.json").read_text(encoding="utf-8"))
        return cls(root=root, labels=doc["articles"], stories=doc["stories"], dates=doc["dates"])

    def day(self, day: str) -> list[tuple[str, Article]]:
        """(path, article) of one day's articles; an article's source is its outlet's folder name."""
        paths = [p for p in self.labels if self.stories[self.labels[p]]["day"] == day]
        return [(p, load_file(self.root / p, source=Path(p).parent.name)) for p in sorted(paths)]


def pair_scores(story_set: StorySet, settings: StoriesConfig | None = None) -> dict[str, tuple[float, float]]:
    """Pairwise (precision, recall) of story linking on each part, both days' articles linked day by day.

    A pair counts in a part when either article's story belongs to it, so a false link between a tune
    story and a held-out one counts against both.
    """
    settings = settings or StoriesConfig()
    linked: dict[str, set[frozenset[str]]] = {"tune": set(), "held-out": set()}
    labelled: dict[str, set[frozenset[str]]] = {"tune": set(), "held-out": set()}
    for day in sorted(story_set.dates):
        day_articles = story_set.day(day)
        paths = [p for p, _ in day_articles]
        for group in cluster_articles([a for _, a in day_articles], settings):
            for i, j in combinations(sorted(group), 2):
                for part in _parts(story_set, paths[i], paths[j]):
                    linked[part].add(frozenset((paths[i], paths[j])))
        by_label: dict[str, list[str]] = {}
        for path in paths:
            by_label.setdefault(story_set.labels[path], []).append(path)
        for label, members in by_label.items():
            labelled[story_set.stories[label]["part"]].update(map(frozenset, combinations(members, 2)))
    return {part: (len(linked[part] & labelled[part]) / max(len(linked[part]), 1),
                   len(linked[part] & labelled[part]) / max(len(labelled[part]), 1)) for part in linked}


def continuity_scores(story_set: StorySet, settings: StoriesConfig | None = None) -> dict[str, float]:
    """Share of each part's day-two stories rightly marked developing (it continues one) or new.

    Day two is linked against day one as if a briefing had shown every day-one story (its linked
    articles' headlines and texts, and their identities), by the rule `find_news` applies. A labelled
    story is judged by the linked story holding most of its articles.
    """
    settings = settings or StoriesConfig()
    first = [a for _, a in story_set.day("day1")]
    history = History(articles=frozenset(article_identity(a) for a in first),
                      stories=tuple(" ".join(part for i in group for part in (first[i].title, first[i].text))
                                    for group in cluster_articles(first, settings)))
    second = story_set.day("day2")
    label_of = {a.key: story_set.labels[p] for p, a in second}
    statuses: dict[str, list[str]] = {}
    for story in find_news([a for _, a in second], [], settings, history).stories:
        for article in story.articles:
            statuses.setdefault(label_of[article.key], []).append(story.status)
    right: dict[str, list[bool]] = {"tune": [], "held-out": []}
    for label, facts in story_set.stories.items():
        if facts["day"] == "day2":
            shown = max(set(statuses[label]), key=statuses[label].count)
            right[facts["part"]].append(shown == ("developing" if facts["continues"] else "new"))
    return {part: sum(r) / max(len(r), 1) for part, r in right.items()}


def _parts(story_set: StorySet, *paths: str) -> set[str]:
    return {story_set.stories[story_set.labels[p]]["part"] for p in paths}
