"""The rankers: ours choose sumy's sentences, `news` beats Lead-3, chosen sentences stand alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli, theme_items

from briefer.config import ThemeConfig
from briefer.evaluate import load_dataset, score_summaries
from briefer.sources.files import load_file
from briefer.summarize import DEFAULT_ALGORITHM, build_document, get_summarizer, rate_sentences
from briefer.summarize.multidoc import rank_sentences
from briefer.summarize.ranking import choose_summary, rank_article
from briefer.summarize.standalone import leaning_flags, leans_on_previous
from briefer.text import Tokenizer

TOKENIZER = Tokenizer()


def documents(path: Path, limit: int) -> list:
    return [build_document([TOKENIZER.to_sentences(e.text)], TOKENIZER) for e in load_dataset(path, limit)]


@pytest.mark.parametrize("name", ["lexrank", "textrank"])
def test_ours_choose_the_same_sentences_as_sumys(eval_set, name):
    ours, sumys = get_summarizer(name), get_summarizer(f"sumy:{name}")
    assert type(ours).__module__.startswith("briefer.") and type(sumys).__module__.startswith("sumy.")
    docs = documents(eval_set, 60)
    same = sum(ours(d, 3) == sumys(d, 3) for d in docs)
    assert same >= 0.99 * len(docs)
    assert all(ours(d, "20%") == sumys(d, "20%") for d in docs[:10])  # counts as sumy takes them


@pytest.mark.parametrize("name", ["lexrank", "textrank", "news"])
def test_every_sentence_gets_a_rating_and_the_best_are_the_summary(eval_set, name):
    summarizer = get_summarizer(name)
    for document in documents(eval_set, 5):
        ratings = rate_sentences(summarizer, document)
        assert len(ratings) == len(document.sentences)
        best = sorted(range(len(ratings)), key=lambda i: -ratings[i])[:3]
        assert summarizer(document, 3) == tuple(document.sentences[i] for i in sorted(best))


@pytest.mark.parametrize("name", ["lexrank", "textrank"])
def test_repeated_sentences_are_rated_as_sumy_rates_them(name):
    sentences = ["Floods closed the coast road on Monday.", "Police asked drivers to stay away.",
                 "Floods closed the coast road on Monday.", "The road reopened on Wednesday after repairs.",
                 "Drivers were asked to use the hill road instead.", "Police asked drivers to stay away."]
    document = build_document([sentences], TOKENIZER)
    ours, sumys = get_summarizer(name), get_summarizer(f"sumy:{name}")
    for count in (1, 2, 3, 4):
        assert ours(document, count) == sumys(document, count)
    assert rate_sentences(ours, document) == pytest.approx(rate_sentences(sumys, document))


def test_a_sentence_of_stop_words_only_is_rated_as_sumy_rates_it():
    # Such a sentence shares no word with the others, so sumy's power method runs for hundreds of
    # steps; ours predicts where it stops. The ratings and the choice must still be sumy's.
    sentences = ["Floods closed the coast road on Monday.", "It was not to be.",
                 "Police asked drivers to avoid the coast road.", "The road reopened on Wednesday after repairs.",
                 "Drivers used the hill road instead.", "Repairs to the coast road cost the council dearly.",
                 "The council will review flood defences.", "And so it is.", "Flood defences failed on Monday."]
    document = build_document([sentences], TOKENIZER)
    ours, sumys = get_summarizer("textrank"), get_summarizer("sumy:textrank")
    for count in (1, 2, 3, 4, 5):
        assert ours(document, count) == sumys(document, count)
    assert rate_sentences(ours, document) == pytest.approx(rate_sentences(sumys, document), rel=1e-9)


def test_empty_and_one_sentence_documents():
    for name in ("lexrank", "textrank", "news"):
        summarizer = get_summarizer(name)
        assert summarizer(build_document([], TOKENIZER), 3) == ()
        one = build_document([["Only one sentence here."]], TOKENIZER)
        assert [str(s) for s in summarizer(one, 3)] == ["Only one sentence here."]


def test_news_is_the_default_and_beats_lead_3_on_the_dev_set(eval_set):
    assert DEFAULT_ALGORITHM == "news"
    examples = load_dataset(eval_set, 100)
    scores = {}
    for name in ("lead", "news"):
        summarizer = get_summarizer(name)
        summaries = [[str(s) for s in summarizer(build_document([TOKENIZER.to_sentences(e.text)], TOKENIZER), 3)]
                     for e in examples]
        scores[name] = score_summaries(examples, summaries)
    for key in ("rouge1", "rouge2", "rougeLsum"):
        assert scores["news"][key] >= scores["lead"][key] + 0.5, (key, scores)


def test_news_passes_over_a_caption_that_repeats_the_first_sentence():
    sentences = [
        "The city council approved a new budget for the harbour district on Tuesday night.",
        "Harbour district budget: the city council approved a new budget for the harbour district on Tuesday.",
        "The plan sets aside money for flood walls, a new ferry pier and repairs to the fish market.",
        "Work on the flood walls starts in spring and should end before the autumn storms.",
        "Shop owners in the district welcomed the budget but asked for help with rents.",
    ]
    chosen = [str(s) for s in get_summarizer("news")(build_document([sentences], TOKENIZER), 2)]
    assert chosen == [sentences[0], sentences[2]]


def test_news_reads_the_headline():
    sentences = [
        "Residents gathered at the town hall on Friday evening for the annual meeting.",
        "The mayor spoke about parking, the new library and the summer festival.",
        "Near the end, the council said the old bridge over the river will close for repairs.",
        "The library will open in May with a cafe and a reading garden.",
    ]
    without = get_summarizer("news")(build_document([sentences], TOKENIZER), 2)
    with_title = get_summarizer("news")(build_document([sentences], TOKENIZER,
                                                       title="Old river bridge to close for repairs"), 2)
    assert [str(s) for s in without] == sentences[:2]
    assert [str(s) for s in with_title] == [sentences[0], sentences[2]]  # the title is not a sentence


def test_sentences_that_lean_on_the_previous_one(seed_article):
    article = load_file(seed_article, max_bytes=10_000_000, tz=None)
    ranked = rank_article(article, get_summarizer("lead"), TOKENIZER)
    texts = [r.sentence.text for r in ranked]
    leaning = {t for t, flag in zip(texts, leaning_flags(texts)) if flag}
    starts = lambda prefix: next(t for t in texts if t.startswith(prefix))  # noqa: E731
    assert starts("It has also criticised") in leaning
    assert starts("He said: “I really want") in leaning
    assert starts("This will be important for world security.”") in leaning  # the quotation goes on
    assert starts("China has refrained from condemning") not in leaning
    assert starts("Western countries have warned") not in leaning
    assert not leans_on_previous("This week the talks resume in Geneva.", "Earlier sentence.")


def test_a_leaning_sentence_carries_its_antecedent(seed_article):
    article = load_file(seed_article, max_bytes=10_000_000, tz=None)
    ranked = {r.sentence.text[:25]: r for r in rank_article(article, get_summarizer("lexrank"), TOKENIZER)}
    criticised = ranked["It has also criticised sa"]
    assert [c.text[:25] for c in criticised.context] == ["China has refrained from "]
    assert criticised.text.startswith("China has refrained from condemning") and criticised.text.endswith(
        "on Russia.")
    quote_end = ranked["This will be important fo"]
    assert quote_end.context and quote_end.context[-1].text.startswith("He said: “I really want")


@pytest.mark.parametrize("name", ["news", "lexrank", "textrank", "luhn"])
def test_no_summary_shows_a_leaning_sentence_alone(seed_article, name):
    article = load_file(seed_article, max_bytes=10_000_000, tz=None)
    ranked = rank_article(article, get_summarizer(name), TOKENIZER)
    flags = leaning_flags([r.sentence.text for r in ranked])
    for count in range(1, 12):
        shown = -1
        for item in choose_summary(ranked, count):
            index = item.sentence.index
            if flags[index]:
                assert item.context or shown == index - 1, (name, count, item.sentence.text)
            if name == "news" and count <= 5:
                assert not item.context  # news passes over what would need its antecedent
            shown = index


def test_briefing_items_show_the_antecedent(seed_article):
    article = load_file(seed_article, max_bytes=10_000_000, tz=None)
    ranked = rank_article(article, get_summarizer("lead"), TOKENIZER)
    items = theme_items(ranked, ThemeConfig(name="Sanctions", keywords=["criticised"]))
    assert len(items) == 1
    assert items[0].scored.text.startswith("China has refrained from condemning")


def test_summarize_cli_sumy_and_ours(seed_article):
    for name in ("sumy:lexrank", "lexrank", "news"):
        result = run_cli("summarize", str(seed_article), "--algorithm", name, "--format", "json", "-n", "5")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["algorithm"] == name and len(data["sentences"]) == 5
        shown = -1
        for item in data["sentences"]:  # a leaning sentence comes right after its antecedent, or with it
            if item["text"].startswith(("It has also", "His trip", "This will be important")):
                assert item["index"] == shown + 1
            if item["context"]:
                assert item["text"].startswith(item["context"][0])
            shown = item["index"]
        if name != "news":  # LexRank picks "His trip, ..." and shows it after its antecedent
            assert any(item["context"] for item in data["sentences"])
    ours = run_cli("summarize", str(seed_article), "-a", "lexrank", "-n", "5").stdout
    assert ours == run_cli("summarize", str(seed_article), "-a", "sumy:lexrank", "-n", "5").stdout


def test_many_sentences_rank_by_what_they_share():
    sentences = [
        "The river flooded the lower town after three days of rain.",
        "Flood water reached the lower town's market square by noon.",
        "Rescue boats took families from the flooded lower town.",
        "A new bakery opened on the hill road this week.",
        "The choir will sing at the cathedral on Sunday.",
    ]
    scores = rank_sentences(sentences)
    assert len(scores) == len(sentences) and abs(scores.sum() - 1.0) < 1e-6
    assert min(scores[:3]) > max(scores[3:])
    assert len(rank_sentences([])) == 0


def test_a_theme_section_puts_the_common_point_first():
    from briefer.models import Article, ScoredSentence, Sentence

    texts = ["A flood closed the coast road near the harbour on Monday.",
             "Flood water closed the harbour road and the coast road overnight.",
             "The flood on the coast road near the harbour cut off two villages.",
             "A flood warning also covers the river meadows, officials said."]
    # Each text is the best sentence (score 1.0) of its own article: a tie the section must break.
    ranked = [ScoredSentence(sentence=Sentence(text=t, index=0), score=1.0,
                             article=Article(title=f"A{i}", text=t, source=f"s{i}", location=f"a{i}.txt"))
              for i, t in enumerate(reversed(texts))]
    order = [item.scored.sentence.text for item in theme_items(ranked, ThemeConfig(name="Floods", keywords=["flood"]))]
    assert order[-1] == texts[3]  # shares least with the others
    assert order[0] in texts[:3]


def test_the_stem_table_keeps_its_numbers_when_it_is_rebuilt():
    from briefer.summarize.features import _FIRST_COMPACTION, STOP, StemTable
    from briefer.text import stemmer_for, stop_words

    table = StemTable(stemmer_for("english"), stop_words("english"))
    first = [["Harbour", "ferries", "the", "ferry", "harbours", "Council"]]
    before = table.ids(first, 6).tolist()
    assert before[0] == before[4] and before[1] == before[3] and before[2] == STOP  # one number a stem
    many = [[f"{a}{b}{c}{d}land" for a in "bcdfghjklm" for b in "aeiou" for c in "prstvwxyzq" for d in "bcdfghjklm"] * 2]
    table.ids(many, len(many[0]))  # past the first rebuild
    assert len(table._words) > _FIRST_COMPACTION and table._compact_at > _FIRST_COMPACTION
    assert table.ids(first, 6).tolist() == before


def test_rankers_choose_the_same_in_threads(eval_set):
    # The stem table is shared by the process and learns new words as it goes; the grouping scratch
    # is per thread. Four threads ranking unseen articles at once must choose what one thread does.
    from concurrent.futures import ThreadPoolExecutor

    from briefer.summarize.textrank import TextRankSummarizer
    from briefer.text import stemmer_for, stop_words

    def fresh() -> TextRankSummarizer:
        stem = stemmer_for("english")
        summarizer = TextRankSummarizer(lambda word: stem(word))  # a stemmer of its own: an empty table
        summarizer.stop_words = stop_words("english")
        return summarizer

    docs = documents(eval_set, 80)
    alone = [fresh()(d, 3) for d in docs]
    together = fresh()
    with ThreadPoolExecutor(4) as pool:
        chosen = list(pool.map(lambda d: together(d, 3), docs))
    assert chosen == alone


def test_one_tfidf_gives_the_same_cosines_dense_and_sparse_and_smooths_only_when_asked():
    import numpy as np

    from briefer.summarize.features import counts_of_rows, tfidf

    # Three texts as stem numbers: stem 0 is in all of them, stem 4 twice in the last.
    counts = counts_of_rows([np.array([0, 1, 2]), np.array([0, 1, 3]), np.array([0, 4, 4, 5])])
    plain, smooth = tfidf(counts), tfidf(counts, smooth=True)
    for weighted in (plain, smooth):
        unit = weighted.unit_rows()
        assert np.allclose((unit @ unit.T).toarray(), weighted.cosines())
        assert np.allclose(np.asarray(unit.multiply(unit).sum(axis=1)).ravel(), 1.0)
    # A stem in every text is worth little without smoothing (log 4/3), more with it (1 + log 4/4).
    everywhere = counts.cols == 0
    assert np.allclose(plain.weights[everywhere], np.log(4 / 3))
    assert np.allclose(smooth.weights[everywhere], 1.0)
    # Sublinear term frequency: stem 4, twice in its text, weighs 1 + log 2 times its idf.
    twice = counts.cols == 4
    assert np.allclose(plain.weights[twice], (1 + np.log(2)) * np.log(4 / 1))
    cosine = plain.cosines()
    assert cosine[0, 1] > cosine[0, 2] > 0  # the first two share two stems, the last only the common one
