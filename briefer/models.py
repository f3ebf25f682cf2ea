"""The data that flows through the pipeline: small frozen dataclasses, one per stage's output."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

StoryStatus = Literal["new", "developing"]
SourceStatus = Literal["ok", "failed", "snippet-only"]

@dataclass(frozen=True)
class Article:
    """One news item as loaded and cleaned."""

    title: str
    text: str
    """The cleaned body: paragraphs separated by blank lines, furniture removed."""
    source: str
    """Where it came from, for people: a site name, feed name or file name."""
    url: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    location: str = ""
    """Where it was loaded from (a path or a URL), for messages."""
    sources: tuple[str, ...] = ()
    """Every source that carried it (two feeds, or a feed and a folder); empty means just `source`."""
    language: str = "en"
    """The ISO 639-1 code of the language it is written in (briefer/languages/)."""
    declared_language: str = ""
    """The language given for it (its source's `language:` key, or what its feed or page declares,
    briefer/languages/declared.py) as an ISO code: taken as `language` without detection. Empty: none."""

    @property
    def key(self) -> str:
        """A stable identity used to link sentences back to their article."""
        return self.url or self.location or self.title


@dataclass(frozen=True)
class Sentence:
    """A span of an article's cleaned text."""

    text: str
    index: int
    """Position of the sentence in its article, from 0."""
    paragraph: int = 0


@dataclass(frozen=True)
class ScoredSentence:
    """A sentence with the rank score its article's ranker gave it (higher is more central)."""

    sentence: Sentence
    score: float
    article: Article
    context: tuple[Sentence, ...] = ()
    """Sentences shown before this one because it leans on them ("He said: ..."), in order."""

    @property
    def text(self) -> str:
        return " ".join([*(s.text for s in self.context), self.sentence.text])


@dataclass(frozen=True)
class ThemeItem:
    """One line of a theme section: a ranked sentence and the terms that put it there."""

    scored: ScoredSentence
    matched: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    """Words an article puts in someone's mouth, between quotation marks."""

    speaker: str
    text: str
    article: Article
    sentence_index: int = 0
    """The article sentence the quote starts in."""
    sentence_count: int = 1
    """How many sentences it runs over (the splitter ends sentences inside quotes)."""
    score: float = 0.0
    """The best rank score of the sentences it spans."""


@dataclass(frozen=True)
class Story:
    """One event reported by one or more articles (briefer/stories/); one article alone is a story of one."""

    title: str
    """The headline of its most central article."""
    articles: tuple[Article, ...]
    items: tuple[ThemeItem, ...] = ()
    """Every sentence the briefing shows of it, block by block."""
    status: StoryStatus = "new"
    """Either "new" (no earlier briefing carried it) or "developing" (one did)."""
    id: str = ""
    """Stable across days: a developing story keeps the id (and HTML anchor) it had before."""
    previous: str | None = None
    """The date (YYYY-MM-DD) of the earlier briefing that carried a developing story, if known."""
    importance: float = 0.0
    """How much it matters today (briefer/themes/importance.py): the order of blocks and of At a glance."""
    themes: tuple[str, ...] = ()
    """The names of the theme sections it is shown under, most fitting first."""


@dataclass(frozen=True)
class StoryBlock:
    """A story as shown under one theme: headline and sources once, then that theme's sentences and quotes."""

    story: Story
    matched: tuple[str, ...] = ()
    """The theme terms that put it here (shown small after the headline)."""
    items: tuple[ThemeItem, ...] = ()
    quotes: tuple[Quote, ...] = ()
    anchor: str = ""
    """The HTML id of the block: ``story-{id}`` for a story's first block, ``story-{id}-N`` after."""


@dataclass(frozen=True)
class ThemeSection:
    name: str
    description: str = ""
    """Markdown written by the user in config.yaml."""
    blocks: tuple[StoryBlock, ...] = ()
    """Its story blocks, most important first."""
    is_other: bool = False
    names: tuple[str, ...] = ()
    """The people, places and organisations the theme's sentences mention most (briefer/stories/names.py)."""

    @property
    def items(self) -> tuple[ThemeItem, ...]:
        """Every sentence of the section, block by block."""
        return tuple(item for block in self.blocks for item in block.items)

    @property
    def quotes(self) -> tuple[Quote, ...]:
        """Every quote of the section, block by block."""
        return tuple(quote for block in self.blocks for quote in block.quotes)


@dataclass(frozen=True)
class Problem:
    """Something skipped on the way (a bad file, a dead feed), reported in the briefing and the log."""

    location: str
    reason: str


@dataclass(frozen=True)
class SourceReport:
    """How one source fared in a run, for the briefing's "Sources" footer."""

    name: str
    url: str | None
    """The feed or page URL; None for a folder or file."""
    status: SourceStatus
    """"ok", "failed" or "snippet-only" (some items kept with only the feed's snippet)."""
    reason: str | None = None
    items: int = 0
    """How many articles the source gave in this run."""
    new: int = 0
    """How many of them are in this briefing (new since the previous one, or a folder's files)."""
    location: str = ""
    """The path or URL, for messages."""


@dataclass(frozen=True)
class Briefing:
    """One day's output, before rendering."""

    date: date
    generated_at: datetime
    title: str
    intro: str = ""
    themes: tuple[ThemeSection, ...] = ()
    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    sources: tuple[SourceReport, ...] = ()
    notice: str | None = None
    """A line for the reader about the briefing as a whole, e.g. that nothing is new today."""
    stories: tuple[Story, ...] = ()
    """Every story of the day, most important first."""
    glance: tuple[Story, ...] = ()
    """At a glance: the day's top stories (briefing.glance of them)."""
    language: str = "en"
    """The ISO 639-1 code of its labels and written dates (briefing.language)."""


SentenceKey = tuple[str, int]
"""(article key, sentence index): one sentence of the day."""
CompactSentence = tuple[str | tuple[int, int], int, int, float, tuple[int, ...]]
"""(text, index in the article, paragraph, score, indices of its context sentences); the text is
its (start, end) in the article's text wherever it is found there as it is (almost always)."""
CompactMatch = tuple[int, int, tuple[str, ...]]
"""(sentence index, theme index in config order, the theme terms that matched): its best theme."""
CompactQuote = tuple[str, str, int, int, float]
"""(speaker, words, first sentence index, sentences spanned, best score): one attributed quote."""


class NameMark(NamedTuple):
    """One name a sentence mentions, as much of a `stories.names.Mention` as key names need."""

    name: str
    initial: bool
    """At the sentence's start, where every word is capitalised."""
    titled: bool
    """After a title such as "Mr": surely a person."""


class CompactWords(NamedTuple):
    """What splitting and stemming one article gave its worker (briefer/stories/words.py), so that
    the coordinator never splits or stems the day's articles again. The bytes are little-endian arrays."""

    vocabulary: str
    """Its distinct lowercase words, in order of first use (headline, body, then sentences),
    separated by spaces (a word never holds one: words are split at spaces)."""
    stems: bytes
    """Per word (int8): -1 a stop word or too short for a stem, -2 its stem is the next of
    `odd_stems`, else how many letters the stem cuts off the word's end (in the article's language)."""
    odd_stems: tuple[str, ...]
    tokens: bytes
    """The headline's words, the body's, then those of ranked sentences not found in the body as they
    are, as numbers into `vocabulary` (uint16; uint32 past 65,536 words)."""
    spans: bytes
    """Where the headline and the body end in `tokens`, then each ranked sentence's (start, end) in
    it, in the order of `CompactArticle.sentences` (uint16; uint32 from 65,535 words in `tokens`)."""


class CompactArticle(NamedTuple):
    """What a worker sends back for one article: all the assembly needs, so the coordinator never
    splits, tokenizes or matches its text again; plain tuples of str, int, float and bytes (small to pickle)."""

    sentences: tuple[CompactSentence, ...]
    language: str = "en"
    """The ISO 639-1 code of its language, as detected (or given) on the worker (briefer/languages/)."""
    matches: tuple[CompactMatch, ...] = ()
    """Only the sentences that match a theme (with the context they lean on, as a reader sees them)."""
    names: tuple[tuple[int, tuple[NameMark, ...]], ...] = ()
    """(sentence index, the names it mentions), for sentences that mention any."""
    quotes: tuple[CompactQuote, ...] = ()
    cuts: tuple[tuple[str, str], ...] = ()
    """(location, reason) of each cut its ranking reported."""
    words: CompactWords | None = None
    """Its headline's, body's and ranked sentences' words, for stories, novelty and story blocks."""


@dataclass(frozen=True)
class Findings:
    """The map's per-sentence findings, by sentence, for the day's assembly (briefer/themes/blocks.py)."""

    matches: dict[SentenceKey, tuple[int, tuple[str, ...]]] = field(default_factory=dict)
    """(theme index, matched terms) of each sentence that matches a theme."""
    names: dict[SentenceKey, tuple[NameMark, ...]] = field(default_factory=dict)
    quotes: dict[str, list[Quote]] = field(default_factory=dict)
    """Every attributed quote of each article, by article key."""


def normalized(text: str) -> str:
    """Words only, case-folded: two texts that differ in punctuation or spacing compare equal."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def article_identity(article: Mapping[str, Any] | Article) -> str:
    """Its URL when it has one, else source and headline: what an earlier briefing's JSON still shows."""
    get = article.get if isinstance(article, Mapping) else lambda key: getattr(article, key)
    url = get("url")
    return f"url:{url}" if url else f"title:{get('source') or ''}\n{normalized(str(get('title') or ''))}"


def story_id(article: Article | Mapping[str, Any]) -> str:
    """A short stable name for a story, from its headline article's identity (the same on every run)."""
    return hashlib.sha1(article_identity(article).encode("utf-8")).hexdigest()[:10]
