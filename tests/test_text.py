"""Sentence splitting: boundary precision and recall on the project's corpora, news-English cases,
no NLTK data, and the tokenizer plugged into every sumy summarizer."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import DATA
from nltk.tokenize.punkt import PunktSentenceTokenizer

from briefer.languages.gold import load_corpus, precision_recall
from briefer.summarize import build_document
from briefer.text import Tokenizer, split_sentences

CORPORA = sorted((DATA / "sentences").glob("news_en*.txt"))


def test_the_main_corpus_holds_at_least_150_sentences() -> None:
    assert sum(map(len, load_corpus(DATA / "sentences" / "news_en.txt"))) >= 150


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_boundaries_beat_untrained_punkt_and_reach_098(corpus: Path) -> None:
    paragraphs = load_corpus(corpus)
    ours = precision_recall(paragraphs, split_sentences)
    punkt = precision_recall(paragraphs, PunktSentenceTokenizer().tokenize)
    print(f"{corpus.name}: ours P={ours[0]:.3f} R={ours[1]:.3f}; punkt P={punkt[0]:.3f} R={punkt[1]:.3f}")
    assert ours[0] >= 0.98 and ours[1] >= 0.98, ours
    assert ours[0] >= punkt[0] and ours[1] >= punkt[1], (ours, punkt)


@pytest.mark.parametrize(
    "text, expected",
    [
        # titles before a name
        ("Mr. Hale met Mrs. Ode and Dr. Lamb. Gen. Fry was absent.",
         ["Mr. Hale met Mrs. Ode and Dr. Lamb.", "Gen. Fry was absent."]),
        # U.S. / U.K. inside a sentence, before a name that continues it, and at its end
        ("The U.S. and the U.K. agreed. The U.S. Senate must vote. It will meet in the U.S. Talks begin soon.",
         ["The U.S. and the U.K. agreed.", "The U.S. Senate must vote.", "It will meet in the U.S.",
          "Talks begin soon."]),
        ("Exports went to the U.K. Sales fell in France. Imports from the U.K. rose.",
         ["Exports went to the U.K.", "Sales fell in France.", "Imports from the U.K. rose."]),
        # initials
        ("George W. Bush spoke first. J. K. Rowling and J.R.R. Tolkien were quoted.",
         ["George W. Bush spoke first.", "J. K. Rowling and J.R.R. Tolkien were quoted."]),
        ("There is no plan B. The talks are over.", ["There is no plan B.", "The talks are over."]),
        # decimals, times, dates
        ("Growth was 3.8 per cent. It was 2.1 a year ago.", ["Growth was 3.8 per cent.", "It was 2.1 a year ago."]),
        ("The train left at 09:10. It was late.", ["The train left at 09:10.", "It was late."]),
        ("Doors open at 4 p.m. Talks start at 5 p.m. on Friday.",
         ["Doors open at 4 p.m.", "Talks start at 5 p.m. on Friday."]),
        ("It starts at 8 p.m. Eastern time.", ["It starts at 8 p.m. Eastern time."]),
        ("The vote is on Oct. 3. It was delayed in Sept. The date moved twice.",
         ["The vote is on Oct. 3.", "It was delayed in Sept.", "The date moved twice."]),
        # streets and saints, companies, etc.
        ("They live on Main St. The shop on St. Mary's Rd. is closed.",
         ["They live on Main St.", "The shop on St. Mary's Rd. is closed."]),
        ("Shares in Dunmore Inc. fell. They sell pens, ink, etc. Profits rose.",
         ["Shares in Dunmore Inc. fell.", "They sell pens, ink, etc.", "Profits rose."]),
        ("Col. (retd.) Ann Ives and No. 10 declined to comment.",
         ["Col. (retd.) Ann Ives and No. 10 declined to comment."]),
        # ellipses
        ("He paused... then left. Talks had lasted hours... Nobody spoke.",
         ["He paused... then left.", "Talks had lasted hours...", "Nobody spoke."]),
        ("It was good… but not great. Investors wanted more…",
         ["It was good… but not great.", "Investors wanted more…"]),
        # questions, exclamations, quotes and brackets
        ("“Help!” shouted one man. Was anyone hurt? No.", ["“Help!” shouted one man.", "Was anyone hurt?", "No."]),
        ('She said: "We will not sell. The board is united." Nobody asked why.',
         ['She said: "We will not sell.', 'The board is united."', "Nobody asked why."]),
        ("Prices rose (the most since May). (A spokesman declined to comment.) Shares fell.",
         ["Prices rose (the most since May).", "(A spokesman declined to comment.)", "Shares fell."]),
    ],
)
def test_news_english_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_a_quote_of_several_sentences_is_split_inside_the_quote() -> None:
    text = "He said: “I really want to believe that they will not supply weapons to Russia. This will be important.”"
    assert split_sentences(text) == [
        "He said: “I really want to believe that they will not supply weapons to Russia.",
        "This will be important.”",
    ]


def test_the_seed_article_quote_is_split_inside_the_quote(seed_article: Path) -> None:
    line = next(x for x in seed_article.read_text(encoding="utf-8").splitlines() if "to Russia. This will be" in x)
    sentences = split_sentences(line)
    assert len(sentences) == 2
    assert sentences[0].endswith("to Russia.") and sentences[1].startswith("This will be important")


def test_whitespace_is_normalised_and_empty_text_gives_nothing() -> None:
    assert split_sentences("  \n ") == []
    assert split_sentences("One here.\n  Two\tthere.") == ["One here.", "Two there."]
    assert split_sentences("no final punctuation") == ["no final punctuation"]


def test_no_nltk_data_is_needed(tmp_path: Path) -> None:
    # A fresh process where NLTK can find no data at all: nltk.data.find and load always fail.
    script = textwrap.dedent(
        """
        import nltk.data

        def refuse(resource, *args, **kwargs):
            raise LookupError(f"no NLTK data in this test: {resource}")

        nltk.data.find = nltk.data.load = refuse
        try:
            nltk.data.find("tokenizers/punkt_tab")
        except LookupError:
            pass
        else:
            raise SystemExit("punkt_tab was found")

        from sumy.summarizers.lex_rank import LexRankSummarizer
        from briefer.summarize import build_document
        from briefer.text import Tokenizer, split_sentences, stemmer_for, stop_words

        tokenizer = Tokenizer("english")
        text = "Mr. Lamb flew to the U.S. on Monday. He met Dr. Ode at 4 p.m. Talks went well."
        sentences = split_sentences(text)
        assert len(sentences) == 3, sentences
        assert tokenizer.to_words(sentences[0])
        summarizer = LexRankSummarizer(stemmer_for("english"))
        summarizer.stop_words = stop_words("english")
        print(len(summarizer(build_document([sentences], tokenizer), 2)))
        """
    )
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
        env={**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2"


SUMY_SUMMARIZERS = [
    ("lex_rank", "LexRankSummarizer"),
    ("text_rank", "TextRankSummarizer"),
    ("lsa", "LsaSummarizer"),
    ("luhn", "LuhnSummarizer"),
    ("kl", "KLSummarizer"),
    ("sum_basic", "SumBasicSummarizer"),
]

ARTICLE = [
    "The city council approved a new budget for the harbour on Tuesday. The plan adds two ferries "
    "and a second pier. Mr. Lamb, the council leader, said the harbour was the city's future.",
    "Critics said the budget ignored the old town. Shops there have lost trade since Sept. "
    "The harbour plan will cost £40m over five years, i.e. about £8m a year.",
    "Work starts in the spring at 9 a.m. on the first day. The council will vote on the old town next month.",
]


@pytest.mark.parametrize("module, name", SUMY_SUMMARIZERS, ids=[m for m, _ in SUMY_SUMMARIZERS])
def test_every_sumy_summarizer_runs_with_the_tokenizer(module: str, name: str) -> None:
    import importlib

    from sumy.nlp.stemmers import Stemmer
    from sumy.utils import get_stop_words

    tokenizer = Tokenizer("english")
    document = build_document([tokenizer.to_sentences(p) for p in ARTICLE], tokenizer)
    assert len(document.sentences) == 8
    summarizer = getattr(importlib.import_module(f"sumy.summarizers.{module}"), name)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    chosen = summarizer(document, 3)
    assert len(chosen) == 3
    assert all(str(s) in {str(d) for d in document.sentences} for s in chosen)


@pytest.mark.parametrize(("sentence", "words"), [
    ("Putin's envoy met O'Neil's aides.", ("Putin", "envoy", "met", "O'Neil", "aides")),
    ("A well-known rock-'n'-roll band -- and 'quoted' fans -- isn't there.",
     ("A", "well-known", "rock", "n", "roll", "band", "and", "quoted", "fans", "isn't", "there")),
    ("Trade fell 4.5% in 2022, to $3bn (say officials).", ("Trade", "fell", "in", "to", "bn", "say", "officials")),
    ("well- known -x x- '-' 's", ("well", "known", "x", "x", "s")),
    ("Zelenskyy’s plan: café talks in Kyiv’s centre.", ("Zelenskyy", "plan", "café", "talks", "in", "Kyiv", "centre")),
])
def test_words_are_letters_with_inner_apostrophes_and_hyphens(sentence, words):
    assert Tokenizer().to_words(sentence) == words


def test_the_fast_word_paths_find_what_the_general_pattern_finds():
    # The ASCII shortcuts in split_words must give the words the one general pattern gives.
    from briefer.text import _WORD, split_words

    sentences = [s for paragraph in ARTICLE for s in split_sentences(paragraph)]
    sentences += ["It's the U.S.-led plan's end-game, he said: 'no-one's X-ray'.", "a--b 'tis 's-", "Plain words only here"]
    for corpus in CORPORA:
        sentences += [s for paragraph in load_corpus(corpus) for s in paragraph]
    for sentence in sentences:
        assert split_words(sentence) == tuple(_WORD.findall(sentence)), sentence


def test_stems_are_snowballs_and_codes_name_languages():
    from briefer.text import stemmer_for, stop_words

    stem = stemmer_for("english")
    assert [stem(w) for w in ("Added", "harbours", "running")] == ["add", "harbour", "run"]  # nltk's gives "ad"
    assert stemmer_for("en")("harbours") == "harbour" and "the" in stop_words("en")
    with pytest.raises(LookupError):
        stop_words("klingon")
