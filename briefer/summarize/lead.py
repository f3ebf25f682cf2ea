"""The Lead baseline: the first sentences of the article, in order."""

from __future__ import annotations

from .protocol import SentencesCount, StemmingSummarizer, best_sentences


class LeadSummarizer(StemmingSummarizer):
    """Rates each sentence by how early it comes: the first sentence is best."""

    def __call__(self, document, sentences_count: SentencesCount):
        sentences = document.sentences
        ratings = {s: -float(i) for i, s in reversed(list(enumerate(sentences)))}
        return best_sentences(sentences, sentences_count, ratings)
