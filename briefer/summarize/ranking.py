"""Ranking an article's sentences and choosing its summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..models import Article, ScoredSentence, Sentence
from ..text import Tokenizer
from . import MAX_RANKED, build_document, count_to_number, ranking_cut, rate_sentences
from .protocol import Summarizer
from .standalone import leaning_flags


def split_article(article: Article, tokenizer: Tokenizer) -> list[list[Sentence]]:
    """The article's sentences, one list per paragraph, numbered through the article."""
    paragraphs: list[list[Sentence]] = []
    index = 0
    for number, paragraph in enumerate(article.text.split("\n\n")):
        sentences = []
        for text in tokenizer.to_sentences(paragraph):
            sentences.append(Sentence(text=text, index=index, paragraph=number))
            index += 1
        if sentences:
            paragraphs.append(sentences)
    return paragraphs


MAX_CONTEXT = 2
"""At most this many sentences are shown before one that leans on them."""


def rank_article(article: Article, summarizer: Summarizer, tokenizer: Tokenizer,
                 on_cut: Callable[[str], None] | None = None) -> list[ScoredSentence]:
    """Every sentence of the article with a score in (0, 1], in article order.

    Scores are by rank within the article (best = 1.0, then evenly down), not the ranker's raw
    rating: raw ratings are on different scales for each algorithm and article length, and a
    briefing compares sentences across articles. A sentence that leans on the one before it
    ("He said: ...", "But ...") carries that sentence as its `context`, so that wherever it is
    shown (a summary, a theme section) it is shown with its antecedent.

    Only the first MAX_RANKED sentences are ranked and returned (see there for why); `on_cut` is
    told the reason when an article is longer.
    """
    paragraphs = split_article(article, tokenizer)
    sentences = [s for paragraph in paragraphs for s in paragraph]
    if not sentences:
        return []
    cut = ranking_cut(len(sentences))
    if cut:
        sentences = sentences[:MAX_RANKED]
        if on_cut:
            on_cut(cut)
    document = build_document([[s.text for s in p] for p in paragraphs], tokenizer, title=article.title)
    ratings = rate_sentences(summarizer, document)
    order = sorted(range(len(sentences)), key=lambda i: (-ratings[i], i))
    total = len(sentences)
    score = {i: round(1.0 - rank / total, 4) for rank, i in enumerate(order)}
    contexts = context_sentences(sentences)
    return [ScoredSentence(sentence=s, score=score[s.index], article=article, context=contexts[s.index])
            for s in sentences]


def context_sentences(sentences: list[Sentence]) -> list[tuple[Sentence, ...]]:
    """For each sentence, the sentences before it that it leans on (up to MAX_CONTEXT), else ()."""
    leaning = leaning_flags([s.text for s in sentences])
    contexts: list[tuple[Sentence, ...]] = []
    for i in range(len(sentences)):
        start = i
        while start > 0 and leaning[start] and i - start < MAX_CONTEXT:
            start -= 1
        contexts.append(tuple(sentences[start:i]))
    return contexts


def choose_summary(ranked: list[ScoredSentence], count: int | str) -> list[ScoredSentence]:
    """The `count` best sentences (a number or "20%"), in the article's order.

    A chosen sentence keeps only the context that the summary does not already show just before it.
    """
    number = count_to_number(count, len(ranked))
    best = sorted(sorted(ranked, key=lambda s: (-s.score, s.sentence.index))[:number], key=lambda s: s.sentence.index)
    chosen = []
    shown = -1  # index of the last sentence the summary shows so far
    for item in best:
        context = tuple(c for c in item.context if c.index > shown)
        if context != item.context:
            item = replace(item, context=context)
        chosen.append(item)
        shown = item.sentence.index
    return chosen
