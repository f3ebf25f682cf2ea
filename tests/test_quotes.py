"""Who said what: a pronoun after reported speech goes to the person reported as speaking."""

from __future__ import annotations

from briefer.models import Article
from briefer.stories.quotes import find_quotes
from briefer.summarize.ranking import split_article
from briefer.text import Tokenizer


def quotes_of(text: str) -> list[tuple[str, str]]:
    article = Article(title="t", text=text, source="s")
    sentences = [s for paragraph in split_article(article, Tokenizer()) for s in paragraph]
    return [(q.speaker, q.text) for q in find_quotes(article, sentences)]


def test_he_said_after_reported_speech_is_that_speaker_not_the_last_quoted_one():
    text = ("“Markets have priced most of it in already,” said Dr Lena Brandt, an economist.\n\n"
            "Mr Jan de Vries, a harbour official in Rotterdam, said port operations had been paused.\n\n"
            "“The timing was bad for everyone on the morning shift,” he said.")
    assert quotes_of(text) == [("Lena Brandt", "Markets have priced most of it in already"),
                               ("Jan de Vries", "The timing was bad for everyone on the morning shift")]


def test_a_month_name_after_a_title_is_a_first_name():
    text = "Ms May Li said: “We will reopen the school on Monday morning.”"
    assert quotes_of(text) == [("May Li", "We will reopen the school on Monday morning.")]
