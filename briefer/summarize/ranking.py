"""Ranking an article's sentences and choosing its summary."""

from __future__ import annotations

from sumy.summarizers._summarizer import AbstractSummarizer

from ..models import Article, ScoredSentence, Sentence
from ..text import Tokenizer
from . import build_document, count_to_number, rate_sentences


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


def rank_article(article: Article, summarizer: AbstractSummarizer, tokenizer: Tokenizer) -> list[ScoredSentence]:
    """Every sentence of the article with a score in (0, 1], in article order.

    Scores are by rank within the article (best = 1.0, then evenly down), not the ranker's raw
    rating: raw ratings are on different scales for each algorithm and article length, and a
    briefing compares sentences across articles.
    """
    paragraphs = split_article(article, tokenizer)
    sentences = [s for paragraph in paragraphs for s in paragraph]
    if not sentences:
        return []
    document = build_document([[s.text for s in p] for p in paragraphs], tokenizer)
    ratings = rate_sentences(summarizer, document)
    order = sorted(range(len(sentences)), key=lambda i: (-ratings[i], i))
    total = len(sentences)
    score = {i: round(1.0 - rank / total, 4) for rank, i in enumerate(order)}
    return [ScoredSentence(sentence=s, score=score[s.index], article=article) for s in sentences]


def choose_summary(ranked: list[ScoredSentence], count: int | str) -> list[ScoredSentence]:
    """The `count` best sentences (a number or "20%"), in the article's order."""
    number = count_to_number(count, len(ranked))
    best = sorted(ranked, key=lambda s: (-s.score, s.sentence.index))[:number]
    return sorted(best, key=lambda s: s.sentence.index)
