"""The words of the day's texts: split and stemmed once, on the map's workers; numbered on the coordinator.

Tokenizing is two steps. Splitting (`split_words`, `word_stems`) is per text: its lowercase words,
and each distinct word's stem in the text's language. Combining (`tokens_of`) needs the whole
batch: it numbers the words by first use over the batch, in its order, and the stems; a word written
alike in texts of two languages of the batch stays unstemmed in all of them. `similarity.tokenize`
is both steps on the spot; on a day of news the map's worker does the first for each article and
sends it back (`compact_words`, a `CompactWords`), and the coordinator keeps it (`DayWords`), so
stories, novelty and story blocks get their `Tokens` without splitting or stemming the day's
articles again, numbered exactly as `tokenize` numbers them. Texts it has no words for (earlier
briefings' sentences, bounded by `stories.novelty_days`; an article whose ranking failed) are split
on the coordinator, by the same functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, chain
from typing import NamedTuple

import numpy as np

from ..models import Article, CompactWords, ScoredSentence
from ..text import language_rules, stemmer_for, stop_words, words_in

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_UNKNOWN = -2
"""In a language's stem table: a word whose stem is not known yet (-1: a stop word, or too short)."""
_ODD = -2
"""In `CompactWords.stems`: a stem that is not the word cut short, given in `odd_stems`."""


class Ids(dict[str, int]):
    """Term -> number, numbering new terms as they come (looked up with C-level `map`, so fast)."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self.order)
        self.order.append(key)
        return value


@dataclass
class Tokens:
    """A batch of texts as arrays of numbers: every word, and the content-word stems."""

    words: list[np.ndarray]
    """Per text, the id of each word in order (lowercase, unstemmed): what shingles are made of."""
    stems: list[np.ndarray]
    """Per text, the stem id of each word that carries meaning (no stop words), in order."""


# --- splitting: per text (on a worker for the day's articles) -------------------------------------

def split_words(text: str, language: str) -> list[str]:
    """The lowercase words of a text: jieba's for Chinese (written without spaces), else letters and digits."""
    if language_rules(language).cjk:
        return [w.lower() for w in words_in(text, language) if _WORD.match(w)]
    return _WORD.findall(text.lower())


def word_stems(words: Sequence[str], language: str) -> list[str | None]:
    """Each word's stem in `language`; None for a stop word or a word too short to carry meaning."""
    rules = language_rules(language)
    stops, shortest = stop_words(rules.iso), 1 if rules.cjk else 2  # one Han character is a word (美, 俄)
    content = [w for w in words if not (w in stops or len(w) < shortest)]
    stemmed = dict(zip(content, stemmer_for(rules.iso).stem_many(content)))
    return [stemmed.get(w) for w in words]


# --- combining: over a batch (on the coordinator) -------------------------------------------------

class Lexicon:
    """Words numbered once (for a day, or for one batch), each with its stem in every language it is
    used in: learnt from the map's workers, or stemmed here the first time it is asked for."""

    def __init__(self) -> None:
        self.words = Ids()
        self._stem_names = Ids()
        self._stems: dict[str, np.ndarray] = {}

    def ids(self, words: Sequence[str]) -> np.ndarray:
        return np.fromiter(map(self.words.__getitem__, words), dtype=np.int64, count=len(words))

    def unknown(self, language: str, ids: np.ndarray) -> np.ndarray:
        """Which of the word ids have no stem in the language yet."""
        return self._table(language)[ids] == _UNKNOWN

    def learn(self, language: str, ids: np.ndarray, stems: Sequence[str | None]) -> None:
        self._table(language)[ids] = [-1 if s is None else self._stem_names[s] for s in stems]

    def stems(self, language: str, ids: np.ndarray) -> list[str | None]:
        """The words' stems in the language (None: a stop word or too short)."""
        missing = ids[self.unknown(language, ids)]
        if len(missing):
            self.learn(language, missing, word_stems([self.words.order[w] for w in missing.tolist()], language))
        names = self._stem_names.order
        return [None if s < 0 else names[s] for s in self._table(language)[ids].tolist()]

    def _table(self, language: str) -> np.ndarray:
        iso = language_rules(language).iso
        table = self._stems.get(iso)
        if table is None or len(table) < len(self.words.order):
            grown = np.full(max(2 * len(self.words.order), 1024), _UNKNOWN, dtype=np.int64)
            if table is not None:
                grown[:len(table)] = table
            table = self._stems[iso] = grown
        return table


def tokens_of(rows: Sequence[np.ndarray], languages: Sequence[str], lexicon: Lexicon) -> Tokens:
    """The batch's Tokens from its texts as lexicon word ids (one language per text).

    Word ids are renumbered by first use over the batch, in its order, and stem ids numbered in the
    order of the words they stem, language by language, so a batch comes out the same however its
    lexicon was filled (`similarity.tokenize`'s rules: word ids and stem ids shared by all languages;
    a word written alike in texts of two languages of the batch unstemmed in all of them). Every
    step is over the whole batch at once, never text by text."""
    if not rows:
        return Tokens(words=[], stems=[])
    sizes = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    flat = np.concatenate(rows).astype(np.int64, copy=False) if sizes.sum() else np.zeros(0, dtype=np.int64)
    first = np.full(len(lexicon.words.order), len(flat), dtype=np.int64)
    np.minimum.at(first, flat, np.arange(len(flat), dtype=np.int64))
    used_ids = np.flatnonzero(first < len(flat))
    order = used_ids[np.argsort(first[used_ids], kind="stable")]  # lexicon ids, in the batch's numbering
    number = np.empty(len(first), dtype=np.int64)
    number[order] = np.arange(len(order), dtype=np.int64)
    words = number[flat]

    iso = {lang: language_rules(lang).iso for lang in set(languages)}
    codes = list(dict.fromkeys(iso[lang] for lang in languages))  # in order of first use
    code_of = {lang: codes.index(code) for lang, code in iso.items()}
    language_of = np.repeat(np.fromiter(map(code_of.__getitem__, languages), dtype=np.int64, count=len(rows)), sizes)
    alone = len(codes) <= 1  # the usual day: every word id is this language's
    used_by = [np.arange(len(order), dtype=np.int64)] if alone else \
        [np.unique(words[language_of == k]) for k in range(len(codes))]
    shared = set() if alone else set(np.flatnonzero(np.bincount(np.concatenate(used_by), minlength=len(order)) > 1)
                                     .tolist())
    spelling, lexicon_id = lexicon.words.order, order.tolist()
    stem_ids = Ids()
    table = np.full((len(codes), len(order)), -1, dtype=np.int64)
    for k, (code, used) in enumerate(zip(codes, used_by)):
        table[k, used] = np.fromiter((-1 if stem is None else stem_ids[spelling[lexicon_id[w]] if w in shared else stem]
                                      for w, stem in zip(used.tolist(), lexicon.stems(code, order[used]))),
                                     dtype=np.int64, count=len(used))
    stems = table[language_of, words]
    content = stems >= 0
    counted = np.concatenate([[0], np.cumsum(content)])
    ends = np.cumsum(sizes)
    return Tokens(words=_pieces(words, ends), stems=_pieces(stems[content], counted[ends]))


def _pieces(flat: np.ndarray, ends: np.ndarray) -> list[np.ndarray]:
    """The flat array cut before each of `ends` (views, one per text)."""
    bounds = [0, *ends.tolist()]
    return [flat[start:end] for start, end in zip(bounds, bounds[1:])]


# --- one article's words, from its worker to the coordinator --------------------------------------

def sentence_spans(text: str, sentences: Sequence[str]) -> list[str | tuple[int, int]]:
    """Each sentence as its (start, end) in the text, found in order; as itself where it is not there as it is."""
    spans: list[str | tuple[int, int]] = []
    position = 0
    for sentence in sentences:
        start = text.find(sentence, position)
        if start < 0:
            spans.append(sentence)
        else:
            position = start + len(sentence)
            spans.append((start, position))
    return spans


def _tiles(body: str, spans: Sequence[str | tuple[int, int]]) -> bool:
    """Whether the sentences (their `sentence_spans`) are the whole body but for whitespace between
    them (none next to another, so that no word runs across two): then the body's words are theirs."""
    position = 0
    for span in spans:
        if isinstance(span, str):
            return False
        start, end = span
        if body[position:start].strip() or (position and start == position):
            return False
        position = end
    return bool(spans) and not body[position:].strip()


def _find_sentences(sentence_words: Sequence[list[str]], local: Ids, body_ids: list[int], spans: list[int],
                    extra: list[int]) -> list[int]:
    """Each sentence's (start, end) in the article's words, flat: where its words are a run of the
    body's (found in order), else words of its own appended to `extra`."""
    kind = _index_type(max(len(local.order) + sum(map(len, sentence_words)) - 1, 0))
    found = np.asarray(body_ids, dtype=kind).tobytes()
    where: list[int] = []
    position = 0
    for words in sentence_words:
        ids = list(map(local.__getitem__, words))
        needle = np.asarray(ids, dtype=kind).tobytes()
        at = found.find(needle, position) if needle else -1
        while at >= 0 and at % kind.itemsize:
            at = found.find(needle, at + 1)
        if at >= 0:
            start = spans[0] + at // kind.itemsize
            position = at + len(needle)
        else:
            start = spans[1] + len(extra)
            extra.extend(ids)
        where.extend((start, start + len(ids)))
    return where


def _index_type(largest: int) -> np.dtype:
    """Numbers up to `largest`, little-endian (the same on every machine of a cluster): two bytes
    each below 65,536, else four."""
    return np.dtype("<u2" if largest < 1 << 16 else "<u4")


def compact_words(title: str, body: str, sentences: Sequence[str], language: str,
                  found_at: Sequence[str | tuple[int, int]]) -> CompactWords | None:
    """What splitting and stemming one article gives (on its worker): its headline, body and
    ranked sentences (found in the body at `found_at`, their `sentence_spans`) as numbers into its
    distinct words, with each word's stem; None if a word held a space (the words could not travel
    as one string)."""
    local = Ids()
    sentence_words = [split_words(s, language) for s in sentences]
    # The usual article is its sentences with spaces between them: its body's words are theirs
    # (jieba's words, found by a dictionary, are split afresh).
    tiled = not language_rules(language).cjk and _tiles(body, found_at)
    body_words = list(chain.from_iterable(sentence_words)) if tiled else split_words(body, language)
    title_ids, body_ids = (list(map(local.__getitem__, words)) for words in (split_words(title, language), body_words))
    spans = [len(title_ids), len(title_ids) + len(body_ids)]
    extra: list[int] = []
    if tiled or list(chain.from_iterable(sentence_words)) == body_words:
        ends = list(accumulate(map(len, sentence_words), initial=spans[0]))
        spans.extend(chain.from_iterable(zip(ends, ends[1:])))
    else:
        spans.extend(_find_sentences(sentence_words, local, body_ids, spans, extra))
    # A stem is sent as how many letters it cuts off its word where it is the word cut short (most are).
    stems = word_stems(local.order, language)
    cut_short = [stem is not None and word.startswith(stem) and len(word) - len(stem) < 128
                 for word, stem in zip(local.order, stems)]
    cuts = [-1 if stem is None else len(word) - len(stem) if short else _ODD
            for word, stem, short in zip(local.order, stems, cut_short)]
    odd = [stem for stem, short in zip(stems, cut_short) if stem is not None and not short]
    kind = _index_type(len(local.order) - 1)
    vocabulary = " ".join(local.order)
    if vocabulary.count(" ") != max(len(local.order) - 1, 0) or "" in local:
        return None  # never seen (words are letters and digits, or jieba's): the coordinator splits it
    return CompactWords(vocabulary=vocabulary, stems=np.asarray(cuts, dtype=np.int8).tobytes(),
                        odd_stems=tuple(odd), tokens=np.asarray([*title_ids, *body_ids, *extra], dtype=kind).tobytes(),
                        spans=np.asarray(spans, dtype=_index_type(spans[1] + len(extra))).tobytes())


class _Article(NamedTuple):
    article: Article
    ids: np.ndarray
    """Lexicon ids of its headline's words, its body's, then those of sentences not in the body."""
    title_end: int
    body_end: int
    sentences: np.ndarray
    """(start, end) in `ids` of each ranked sentence, by sentence index; (-1, -1) for others."""


class DayWords:
    """The coordinator's words of the day: each article's, as its worker split them, in one lexicon."""

    def __init__(self) -> None:
        self.lexicon = Lexicon()
        self._articles: dict[int, _Article] = {}

    def add(self, article: Article, sentence_indexes: Sequence[int], compact: CompactWords) -> None:
        """Keep one article's words (`sentence_indexes`: its ranked sentences', in the worker's order)."""
        lexicon, vocabulary = self.lexicon, compact.vocabulary.split(" ") if compact.vocabulary else []
        ids = lexicon.ids(vocabulary)
        unknown = np.flatnonzero(lexicon.unknown(article.language, ids))
        if len(unknown):
            cuts = np.frombuffer(compact.stems, dtype=np.int8)
            odd = np.cumsum(cuts == _ODD) - 1
            lexicon.learn(article.language, ids[unknown],
                          [None if cut == -1 else compact.odd_stems[odd[i]] if cut == _ODD else
                           vocabulary[i][:len(vocabulary[i]) - cut] for i, cut in zip(unknown.tolist(),
                                                                                     cuts[unknown].tolist())])
        local = np.frombuffer(compact.tokens, dtype=_index_type(len(vocabulary) - 1))
        spans = np.frombuffer(compact.spans, dtype=_index_type(len(local))).astype(np.int64)
        pairs = spans[2:].reshape(-1, 2)
        by_index = np.full((max(sentence_indexes, default=-1) + 1, 2), -1, dtype=np.int32)
        by_index[np.asarray(sentence_indexes, dtype=np.int64)] = pairs
        self._articles[id(article)] = _Article(article, ids[local].astype(np.int32), int(spans[0]), int(spans[1]),
                                               by_index)

    def text(self, text: str, language: str) -> np.ndarray:
        """A text the map did not split (an earlier briefing's), split here."""
        return self.lexicon.ids(split_words(text, language))

    def titles(self, articles: Sequence[Article]) -> list[np.ndarray]:
        return [kept.ids[:kept.title_end] if (kept := self._kept(a)) else self.text(a.title, a.language)
                for a in articles]

    def bodies(self, articles: Sequence[Article]) -> list[np.ndarray]:
        return [kept.ids[kept.title_end:kept.body_end] if (kept := self._kept(a)) else self.text(a.text, a.language)
                for a in articles]

    def sentences(self, ranked: Sequence[ScoredSentence], *, shown: bool = False) -> list[np.ndarray]:
        """Each sentence's words; with `shown`, those of what a reader sees (`ScoredSentence.text`:
        its context, then itself, as one text; words never run across the space that joins them)."""
        rows = []
        article: Article | None = None
        kept: _Article | None = None
        spans: list[list[int]] = []
        for scored in ranked:
            if scored.article is not article:  # sentences come article by article
                article = scored.article
                kept = self._kept(article)
                spans = kept.sentences.tolist() if kept is not None else []
            parts = [*scored.context, scored.sentence] if shown and scored.context else [scored.sentence]
            row = []
            for part in parts:
                start, end = spans[part.index] if part.index < len(spans) else (-1, -1)
                row.append(kept.ids[start:end] if kept is not None and start >= 0 else
                           self.text(part.text, scored.article.language))
            rows.append(row[0] if len(row) == 1 else np.concatenate(row))
        return rows

    def tokens(self, rows: Sequence[np.ndarray], languages: Sequence[str]) -> Tokens:
        return tokens_of(rows, languages, self.lexicon)

    def _kept(self, article: Article) -> _Article | None:
        kept = self._articles.get(id(article))  # by the article itself: two articles may share a key
        return kept if kept is not None and kept.article is article else None
