"""The day's words: split and stemmed by the map's workers, numbered on the coordinator exactly as
`tokenize` numbers them, so that the coordinator never splits or stems the day's articles again."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from test_compact import sample_articles
from test_stories import PANZER_DE, PANZER_RU

from briefer.compute import rank_articles
from briefer.config import Config
from briefer.models import Article
from briefer.stories import History, find_news
from briefer.stories.similarity import tokenize
from briefer.themes import assemble

PANZER_EN = ("Rheinmetall's Armin Papperger opens a plant in Unterlüß",
             "Rheinmetall's chief executive Armin Papperger opened a new plant in Unterlüß on Monday. He said: "
             "“We will build shells here from May.” Papperger said the plant would employ 500 people.")
PANZER_ZH = ("Rheinmetall总裁Papperger在Unterlüß开设新工厂",
             "德国军工企业Rheinmetall总裁Papperger周一在Unterlüß开设了一家新工厂。Papperger表示，工厂将从五月开始生产炮弹。"
             "这家工厂将雇用五百人。")


def _article(pair: tuple[str, str], language: str) -> Article:
    return Article(title=pair[0], text=pair[1], source=f"{language} desk", location=f"{language}.txt",
                   declared_language=language)


def assert_same_tokens(got, expected) -> None:
    assert len(got.words) == len(expected.words)
    for mine, theirs in zip(got.words, expected.words):
        np.testing.assert_array_equal(mine, theirs)
    for mine, theirs in zip(got.stems, expected.stems):
        np.testing.assert_array_equal(mine, theirs)


def test_the_coordinators_tokens_from_the_workers_words_equal_tokenize_in_four_languages():
    config = Config.model_validate({"compute": {"workers": 1}})
    articles = [_article(PANZER_DE, "de"), _article(PANZER_RU, "ru"), _article(PANZER_EN, "en"),
                _article(PANZER_ZH, "zh")]
    mapped = rank_articles(articles, config)
    articles, ranked, words = mapped.articles, mapped.sentences, mapped.words
    assert [a.language for a in articles] == ["de", "ru", "en", "zh"]
    languages = [a.language for a in articles]
    earlier = ["Papperger sagte im Mai, Rheinmetall baue ein Werk.", "Papperger 表示 Rheinmetall 将扩大生产。"]

    # Headlines, bodies and an earlier briefing's texts (split here), as the stories see them.
    expected = tokenize([*(a.title for a in articles), *(a.text for a in articles), *earlier],
                        [*languages, *languages, "de", "zh"])
    got = words.tokens([*words.titles(articles), *words.bodies(articles), *map(words.text, earlier, ["de", "zh"])],
                       [*languages, *languages, "de", "zh"])
    assert_same_tokens(got, expected)
    # Names written alike in the four languages (Papperger, Rheinmetall) are one word id, kept
    # unstemmed (so one stem id) in all four bodies.
    bodies = range(len(articles), 2 * len(articles))
    assert set.intersection(*(set(got.words[i].tolist()) for i in bodies))
    assert set.intersection(*(set(got.stems[i].tolist()) for i in bodies))

    # The sentences (novelty), and what a reader sees of them with their context (story blocks).
    sentence_languages = [s.article.language for s in ranked]
    assert_same_tokens(words.tokens(words.sentences(ranked), sentence_languages),
                       tokenize([s.sentence.text for s in ranked], sentence_languages))
    leaning = [replace(s, context=(ranked[i - 1].sentence,)) if i and ranked[i - 1].article is s.article else s
               for i, s in enumerate(ranked)]
    assert any(s.context for s in leaning)
    assert_same_tokens(words.tokens(words.sentences(leaning, shown=True), sentence_languages),
                       tokenize([s.text for s in leaning], sentence_languages))


HISTORY = History(
    texts=("The ferry company said fares would stay the same all winter.", "Минск и Пекин подписали соглашение."),
    text_languages=("en", "ru"),
    stories=("Ferry fares stay the same The ferry company said fares would stay the same all winter.",),
    story_languages=("en",))


def test_after_the_map_the_coordinator_splits_and_stems_only_earlier_briefings_texts(monkeypatch):
    import briefer.stories.words as words_module
    from briefer.text import CachingStemmer

    config, articles = sample_articles()
    mapped = rank_articles(articles, config.model_copy(update={"compute": config.compute.model_copy(
        update={"workers": 1})}))
    day = date(2026, 11, 28)
    earlier = [*zip(HISTORY.texts, HISTORY.text_languages), *zip(HISTORY.stories, HISTORY.story_languages)]
    allowed_texts = {text for text, _ in earlier}
    allowed_words = {w for text, lang in earlier for w in words_module.split_words(text, lang)}
    # What the day's articles give when the coordinator splits them itself (the reference).
    reference_news = find_news(mapped.articles, mapped.sentences, config.stories, HISTORY)
    reference = assemble(reference_news, mapped.sentences, config, day, HISTORY.texts, mapped.findings)

    split, stem_many = words_module.split_words, CachingStemmer.stem_many
    calls = []

    def splitting(text, language):
        if text not in allowed_texts:
            raise AssertionError(f"the coordinator split a text of the day: {text[:60]!r}")
        calls.append(text)
        return split(text, language)

    def stemming(self, words):
        if not set(words) <= allowed_words:
            raise AssertionError(f"the coordinator stemmed words of the day: {sorted(set(words) - allowed_words)[:5]}")
        return stem_many(self, words)

    monkeypatch.setattr(words_module, "split_words", splitting)
    monkeypatch.setattr(CachingStemmer, "stem_many", stemming)
    news = find_news(mapped.articles, mapped.sentences, config.stories, HISTORY, mapped.words)
    body = assemble(news, mapped.sentences, config, day, HISTORY.texts, mapped.findings)
    assert set(calls) == allowed_texts  # the earlier briefings' texts were split here, and only they
    assert news == reference_news and body == reference
    assert any(section.blocks for section in body.sections)
    with pytest.raises(AssertionError, match="split a text of the day"):  # the guard holds without the workers' words
        find_news(mapped.articles, mapped.sentences, config.stories, HISTORY)


@pytest.mark.parametrize("count, width", [(300, 2), (70_000, 4)])  # past 65,536 words: four bytes a number
def test_sentences_that_are_not_the_whole_body_travel_as_runs_of_it_or_as_their_own_words(count, width):
    from briefer.models import ScoredSentence, Sentence
    from briefer.stories.words import DayWords, compact_words, sentence_spans

    many = [f"w{n}x" for n in range(count)]  # every word new
    sentences = [" ".join(many[n:n + 10]) + "." for n in range(0, count, 10)]
    article = Article(title="A count of words", text=" ".join(sentences), source="test", language="en")
    shown = [sentences[1], *sentences[-2:], "Words not in the body."]  # a run of the body, and not
    compact = compact_words(article.title, article.text, shown, "en", sentence_spans(article.text, shown))
    assert compact is not None and len(compact.tokens) == width * (4 + count + 5)  # the last one's own 5 words
    words = DayWords()
    words.add(article, [0, 1, 2, 3], compact)
    ranked = [ScoredSentence(Sentence(text, index), 1.0, article) for index, text in enumerate(shown)]
    assert_same_tokens(words.tokens([*words.titles([article]), *words.bodies([article]), *words.sentences(ranked)],
                                    ["en"] * 6),
                       tokenize([article.title, article.text, *shown], "en"))


def test_real_articles_words_from_the_map_equal_tokenize(eval_set):
    from briefer.stories.labelled import load_eval_articles

    # Real reports (apostrophes, quotes, figures, dashes at sentence ends), each a story of its own.
    articles = load_eval_articles(eval_set, limit=150)
    mapped = rank_articles(articles, Config.model_validate({"compute": {"workers": 1}}))
    articles, ranked, words = mapped.articles, mapped.sentences, mapped.words
    languages = [a.language for a in articles]
    assert_same_tokens(words.tokens([*words.titles(articles), *words.bodies(articles)], [*languages, *languages]),
                       tokenize([*(a.title for a in articles), *(a.text for a in articles)], [*languages, *languages]))
    assert_same_tokens(words.tokens(words.sentences(ranked), [s.article.language for s in ranked]),
                       tokenize([s.sentence.text for s in ranked], [s.article.language for s in ranked]))
    assert len(ranked) > 1000
