"""Stories: the same event across articles, and what is new since earlier briefings.

Articles are one story when their texts overlap: a TF-IDF cosine over content-word stems of the
headline and body (same facts, other words: another outlet's report; rare names, places and numbers
weigh most) or a high share of shared 4-word runs (near copies: a wire story reprinted, an article
updated in place). Pairs above either threshold are linked and a story is a connected group. Only
pairs that share a rare term or a rare 4-word run are ever compared, so the cost follows the number
of related pairs, not all pairs of the day (benchmarks/stories.py prints quality on the labelled
set in tests/data/stories and the time for a large day).

Novelty: a sentence that a briefing of the last days carried, or a near copy of one, is left out;
so is a near copy of a better-ranked sentence of the same story today. Near copies are found
among pairs that share a rare word (prefix filtering, `pairs.py`), never by comparing all pairs. A story is "developing" when
an earlier briefing carried its articles, its sentences or its content, else "new".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from ..archive import read_briefings
from ..config import StoriesConfig
from ..models import Article, ScoredSentence, Story, StoryStatus, article_identity, normalized, story_id
from .pairs import EPSILON, linked_pairs, pairs_above
from .similarity import SentenceSpace, containment, each_language, shingle_matrix, shingles_of, unit_tfidf
from .words import DayWords

SHINGLE_SIZE = 4


# --- clustering -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArticleSpace:
    """The day's articles as vectors: every measure clustering needs, from one pass over the text."""

    vectors: sparse.csr_matrix
    """Unit TF-IDF rows of each article's headline and body."""
    extra: sparse.csr_matrix
    """Unit TF-IDF rows of extra texts (earlier stories) in the same space, IDF from all."""
    shingles: sparse.csr_matrix
    """Binary rows of each body's 4-word runs: the body alone, as an updated copy often changes its headline."""


def article_space(articles: Sequence[Article], extra: Sequence[str] = (), extra_languages: Sequence[str] = (),
                  words: DayWords | None = None) -> ArticleSpace:
    """Each article tokenized and stemmed in its own language (`Article.language`); `extra` texts in
    `extra_languages` (one per text; detected for those it does not cover). `words`: the articles'
    words as the map's workers split them (else they are split here)."""
    count = len(articles)
    words = words or DayWords()
    languages = [a.language for a in articles]
    extra_languages = each_language(extra, extra_languages)
    tokens = words.tokens([*words.titles(articles), *words.bodies(articles),
                           *map(words.text, extra, extra_languages)],
                          [*languages, *languages, *extra_languages])
    rows = [np.concatenate([tokens.stems[i], tokens.stems[count + i]]) for i in range(count)]
    matrix = unit_tfidf([*rows, *tokens.stems[2 * count:]])
    return ArticleSpace(vectors=matrix[:count], extra=matrix[count:],
                        shingles=shingles_of(tokens.words[count: 2 * count], SHINGLE_SIZE))


def similar_pairs(articles: Sequence[Article], settings: StoriesConfig,
                  space: ArticleSpace | None = None) -> sparse.csr_matrix:
    """A boolean article x article matrix: True where two articles are the same story.

    Only pairs sharing one of their heaviest rare terms are compared (stories/pairs.py), so a day of
    50,000 articles never meets the 1.25 billion pairs a full cosine matrix would hold.
    """
    space = space or article_space(articles)
    close = linked_pairs(space.vectors, settings.similarity).tocsr().astype(bool)
    return (close + duplicate_pairs(articles, settings, space)).tocsr()


def duplicate_pairs(articles: Sequence[Article], settings: StoriesConfig,
                    space: ArticleSpace | None = None) -> sparse.csr_matrix:
    """A boolean article x article matrix: True where one article is a near copy of the other."""
    shingles = space.shingles if space is not None else shingle_matrix([a.text for a in articles], SHINGLE_SIZE,
                                                                       [a.language for a in articles])
    return (containment(shingles) >= settings.duplicate).tocsr()


def cluster_articles(articles: Sequence[Article], settings: StoriesConfig,
                     space: ArticleSpace | None = None) -> list[list[int]]:
    """Groups of article indexes, one per story, in order of each group's first article."""
    if not articles:
        return []
    count, labels = connected_components(similar_pairs(articles, settings, space), directed=False)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return list(groups.values())


# --- earlier briefings ----------------------------------------------------------------------------

def load_history(out_dir: Path, day: date, days: int) -> History:
    """What the briefings of the `days` days before `day` carried, from their `{date}.json` files.

    Only days strictly before `day` count, so running the same day again never treats that day's
    own earlier output as already carried. A missing or unreadable file (briefer/archive.py) is a
    day without a briefing.
    """
    earlier = [day - timedelta(days=back) for back in range(1, days + 1)]
    return History.from_briefings(list(read_briefings(out_dir, earlier).values()))


@dataclass(frozen=True)
class History:
    """What earlier briefings carried, as read from their JSON documents."""

    texts: tuple[str, ...] = ()
    """Every sentence (and quote) an earlier briefing showed."""
    articles: frozenset[str] = frozenset()
    """Identities of the articles earlier briefings were made from (see `article_identity`)."""
    stories: tuple[str, ...] = ()
    """Each earlier story (and theme item's article) as one text: title plus what it carried."""
    story_of: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Article identity -> (story id, day) of the newest earlier briefing whose story held that article."""
    story_keys: tuple[tuple[str, str] | None, ...] = ()
    """(story id, day) of each entry of `stories` that was a story with an id; None for the others."""
    text_languages: tuple[str, ...] = ()
    """The language of each of `texts` (its article's), to stem it as today's sentences are."""
    story_languages: tuple[str, ...] = ()
    """The language of each of `stories` (its headline article's)."""

    @classmethod
    def from_briefings(cls, documents: Sequence[Mapping[str, Any]]) -> History:
        texts: list[tuple[str, str]] = []
        articles: set[str] = set()
        stories: list[tuple[str, str]] = []
        story_of: dict[str, tuple[str, str]] = {}
        story_keys: list[tuple[str, str] | None] = []
        language = _Languages()
        for doc in documents:  # newest first
            for story in _dicts(doc.get("stories")):
                for article in _dicts(story.get("articles")):
                    if story.get("id"):
                        story_of.setdefault(article_identity(article), (str(story["id"]), str(doc.get("date", ""))))
            by_article: dict[str, list[str]] = {}
            article_language: dict[str, str] = {}
            for item, title in _items(doc):
                code = article_language.setdefault(title, language.of(item.get("article"), str(item.get("text", ""))))
                texts.extend((text, code) for text in _item_sentences(item))
                by_article.setdefault(title, [title]).append(str(item.get("text", "")))
            for theme in _dicts(doc.get("themes")):
                texts.extend((str(q.get("text", "")), language.of(q.get("article"), str(q.get("text", ""))))
                             for q in _dicts(theme.get("quotes")))
            for article in [*_list(doc.get("articles")),
                            *(a for s in _dicts(doc.get("stories")) for a in _list(s.get("articles")))]:
                if isinstance(article, dict):
                    articles.add(article_identity(article))
            for story in _dicts(doc.get("stories")):
                text = " ".join([str(story.get("title", "")), *(str(i.get("text", "")) for i in _dicts(story.get("items")))])
                stories.append((text, language.of(next(iter(_dicts(story.get("articles"))), None), text)))
                story_keys.append((str(story["id"]), str(doc.get("date", ""))) if story.get("id") else None)
            stories.extend((" ".join(parts), article_language[title]) for title, parts in by_article.items())
            story_keys.extend(None for _ in by_article)
        texts = [(text, code) for text, code in texts if text.strip()]
        return cls(texts=tuple(t for t, _ in texts), articles=frozenset(articles),
                   stories=tuple(t for t, _ in stories), story_of=story_of, story_keys=tuple(story_keys),
                   text_languages=tuple(c for _, c in texts), story_languages=tuple(c for _, c in stories))


class _Languages:
    """The language of an earlier briefing's article: the ISO code its JSON gives, else detected from
    a text of it (a briefing written before articles carried their language); each text detected once."""

    def __init__(self) -> None:
        self._detected: dict[str, str] = {}

    def of(self, article: Any, text: str) -> str:
        from ..languages import language_code
        from ..languages.detect import detect_language

        given = article.get("language") if isinstance(article, dict) else None
        if isinstance(given, str) and given:
            try:
                return language_code(given)
            except LookupError:  # edited by hand: detect instead
                pass
        if text not in self._detected:
            self._detected[text] = detect_language(text)
        return self._detected[text]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dicts(value: Any) -> list[dict[str, Any]]:
    """The objects of a JSON list; anything else in an earlier briefing (edited by hand?) is skipped."""
    return [v for v in _list(value) if isinstance(v, dict)]


def _items(doc: Mapping[str, Any]) -> Iterator[tuple[dict[str, Any], str]]:
    """Every item of the document's themes and stories, with its article's headline."""
    for group in [*_dicts(doc.get("themes")), *_dicts(doc.get("stories"))]:
        for item in _dicts(group.get("items")):
            article = item.get("article")
            yield item, str(article.get("title", "")) if isinstance(article, dict) else ""


def _item_sentences(item: Mapping[str, Any]) -> list[str]:
    """The item's text, its context sentences, and the sentence proper (the text without them)."""
    text = str(item.get("text", ""))
    context = [str(c) for c in _list(item.get("context"))]
    lead = " ".join(context)
    proper = text[len(lead):].strip() if lead and text.startswith(lead) else text
    return [text, *context, proper]


# --- putting it together --------------------------------------------------------------------------

@dataclass(frozen=True)
class News:
    """Today's sentences with repeats left out, and today's stories."""

    fresh: list[ScoredSentence]
    """The ranked sentences worth showing: neither carried before nor a near copy of a better one."""
    carried: frozenset[tuple[str, int]]
    """(article key, sentence index) of every sentence left out as a repeat."""
    stories: list[Story]
    words: DayWords = field(default_factory=DayWords, compare=False, repr=False)
    """The day's words (briefer/stories/words.py), for the story blocks to vectorise the fresh sentences."""


def find_news(articles: Sequence[Article], ranked: Sequence[ScoredSentence], settings: StoriesConfig,
              history: History | None = None, words: DayWords | None = None) -> News:
    """Link the articles into stories (one article alone is a story of one) and drop repeated sentences.

    Every text is tokenized and stemmed in its article's language (`Article.language`), an earlier
    briefing's in the language its JSON gives (detected for a briefing written before it did).
    `words`: the articles' words as the map's workers split them (else they are split here)."""
    history = history or History()
    words = words or DayWords()
    if not settings.enabled or not articles:
        return News(fresh=list(ranked), carried=frozenset(),
                    stories=[Story(title=a.title, articles=(a,), id=story_id(a)) for a in articles], words=words)
    articles_space = article_space(articles, history.stories, history.story_languages, words)
    vectors, past_vectors = articles_space.vectors, articles_space.extra
    groups = cluster_articles(articles, settings, articles_space)
    story_of = {articles[i].key: g for g, members in enumerate(groups) for i in members}

    texts = [s.sentence.text for s in ranked]
    remembers = settings.novelty_days > 0
    # Earlier briefings' sentences are split here: they are bounded by novelty_days, not by the day's news.
    earlier = history.texts if remembers else ()
    earlier_languages = each_language(earlier, list(history.text_languages))
    tokens = words.tokens([*words.sentences(ranked), *map(words.text, earlier, earlier_languages)],
                          [*(s.article.language for s in ranked), *earlier_languages])
    space = SentenceSpace.of_stems(tokens.stems, len(ranked))
    before = _carried_before(texts, space, history, settings)
    repeats = before | _repeated_today(ranked, space, story_of, settings)
    carried = frozenset((ranked[i].article.key, ranked[i].sentence.index) for i in repeats)
    fresh = [_without_carried_context(s, carried) for i, s in enumerate(ranked) if i not in repeats]

    by_story: dict[int, list[int]] = {}
    for i, s in enumerate(ranked):
        if i not in repeats:
            by_story.setdefault(story_of.get(s.article.key, -1), []).append(i)
    repeated_in = {ranked[i].article.key for i in before}
    stories = []
    for members in groups:
        story_articles = [articles[i] for i in members]
        repeats_past = any(a.key in repeated_in for a in story_articles)
        continues, like = _continues(members, story_articles, vectors, past_vectors, history, settings, repeats_past)
        status: StoryStatus = "developing" if continues else "new"
        title = _title(members, articles, vectors)
        # A story that carries on one an earlier briefing showed (one of its articles was in it, or,
        # failing that, it reads like it: a follow-up by other reports) keeps that story's id, so its
        # block keeps its anchor, and links back to that day.
        past = next((history.story_of[k] for k in map(article_identity, story_articles) if k in history.story_of),
                    like)
        stories.append(Story(title=title.title, articles=tuple(story_articles), status=status,
                             id=past[0] if past else story_id(title), previous=past[1] if past else None))
    return News(fresh=fresh, carried=carried, stories=stories, words=words)


def _carried_before(texts: Sequence[str], space: SentenceSpace, history: History,
                    settings: StoriesConfig) -> set[int]:
    if not settings.novelty_days or not history.texts:
        return set()
    seen = {normalized(t) for t in history.texts}
    exact = {i for i, t in enumerate(texts) if normalized(t) in seen}
    near = pairs_above(space.vectors, space.extra, settings.repeat)  # candidates by rare shared words
    return exact | {int(i) for i in np.unique(near.row)}


def _repeated_today(ranked: Sequence[ScoredSentence], space: SentenceSpace, story_of: Mapping[str, int],
                    settings: StoriesConfig) -> set[int]:
    """Near copies of a better-ranked sentence of the same story (wire copy, updated article).

    Only pairs that share a rare word are compared (stories/pairs.py), never all pairs of a story's
    sentences: a story of one 4 MB article has tens of thousands of them.
    """
    story = np.array([story_of.get(s.article.key, -1) for s in ranked], dtype=np.int64)
    # Copies of one text in one story (a wire story reprinted) share one row: their vectors are the
    # same, and comparing every copy with every other would grow with the square of the copies.
    first: dict[tuple[int, str], int] = {}
    copy_of = [first.setdefault((int(story[i]), s.sentence.text), i) for i, s in enumerate(ranked)]
    distinct = np.array(sorted(set(copy_of)), dtype=np.int64)
    rows = space.vectors[distinct]
    near = pairs_above(rows, rows, settings.repeat, groups=story[distinct])
    alike: dict[int, list[int]] = {}
    for i, j in zip(distinct[near.row].tolist(), distinct[near.col].tolist()):
        if i != j:
            alike.setdefault(i, []).append(j)
    kept: set[int] = set()
    kept_words: set[tuple[int, str]] = set()
    dropped: set[int] = set()
    for i in sorted(range(len(ranked)), key=lambda i: (-ranked[i].score, i)):
        words = (int(story[i]), normalized(ranked[i].sentence.text))
        if words in kept_words or copy_of[i] in kept or any(j in kept for j in alike.get(copy_of[i], ())):
            dropped.add(i)
        else:
            kept.add(copy_of[i])
            kept_words.add(words)
    return dropped


def _continues(members: Sequence[int], story_articles: Sequence[Article], vectors: sparse.csr_matrix,
               past_vectors: sparse.csr_matrix, history: History, settings: StoriesConfig,
               repeats_sentences: bool) -> tuple[bool, tuple[str, str] | None]:
    """Whether the story carries on one of an earlier briefing, and the (id, day) of the earlier story
    it reads most like when that one reaches `stories.continuity` (one row product per story)."""
    if not settings.novelty_days:
        return False, None
    shares = repeats_sentences or any(article_identity(a) in history.articles for a in story_articles)
    if past_vectors.shape[0] == 0:
        return shares, None
    centroid = sparse.csr_matrix(vectors[list(members)].mean(axis=0))
    centroid = centroid / max(float(np.sqrt(centroid.multiply(centroid).sum())), 1e-12)
    sims = (centroid @ past_vectors.T).toarray().ravel()
    best = int(np.argmax(sims))
    if sims[best] < settings.continuity:
        return shares, None
    return True, history.story_keys[best] if best < len(history.story_keys) else None


def _title(members: Sequence[int], articles: Sequence[Article], vectors: sparse.csr_matrix) -> Article:
    """The article closest to the story's centre (the most representative report): its headline is the story's.

    Of articles equally close (the two of a two-article story always are), the fullest report
    (the longest text), then the first: a tie is decided by the articles, never by rounding."""
    rows = vectors[list(members)]
    centre = np.asarray(rows.mean(axis=0)).ravel()
    closeness = np.asarray(rows @ centre).ravel()
    tied = np.flatnonzero(closeness >= closeness.max() - EPSILON).tolist()
    best = min(tied, key=lambda i: (-len(articles[members[i]].text), i))
    return articles[members[best]]


def _without_carried_context(scored: ScoredSentence, carried: frozenset[tuple[str, int]]) -> ScoredSentence:
    """A fresh sentence never brings back a carried one as its context."""
    if any((scored.article.key, c.index) in carried for c in scored.context):
        return replace(scored, context=())
    return scored
