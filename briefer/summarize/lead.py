"""The Lead baseline: the first sentences of the article, in order."""

from __future__ import annotations

from sumy.summarizers._summarizer import AbstractSummarizer


class LeadSummarizer(AbstractSummarizer):
    """Rates each sentence by how early it comes: the first sentence is best."""

    def __call__(self, document, sentences_count):
        sentences = document.sentences
        ratings = {s: -float(i) for i, s in reversed(list(enumerate(sentences)))}
        return self._get_best_sentences(sentences, sentences_count, ratings)
