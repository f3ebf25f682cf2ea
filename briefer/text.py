"""Offline sentence and word splitting, stemming and stop words, for each article's language.

English has the tuned splitter below; every other language's rules live in briefer/languages/
and its splitter in briefer/languages/split.py. Names and ISO codes are both accepted
("english", "en"); `language_rules` turns either into the language's `Language`.

Nothing here needs NLTK's downloadable data (punkt, punkt_tab). The sentence splitter follows
Punkt's ideas with rules the project ships instead of a trained model: a period ends a sentence
unless the word before it is a known abbreviation or an initial, or the next word is not one that
can start a sentence. It is a few regular expressions and a loop over candidate boundaries, so it
is fast enough to be a small part of summarising (see benchmarks/split_sentences.py).

`Tokenizer` plugs into sumy in place of its own NLTK-backed tokenizer, so every sumy summarizer works.
Stems come from snowballstemmer (the Snowball algorithms; in C when PyStemmer is installed), which
imports in milliseconds where sumy's stemmer imports all of nltk (about a second).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from . import languages
from .languages import Language
from .languages import split as other_languages

# Titles before a name, and abbreviations that always have more of their sentence after them.
_NEVER_FINAL = frozenset(
    """
    mr mrs ms mssrs messrs dr prof gen col lt capt cpt sgt cpl pte maj adm cmdr cdr brig gov sen rep
    rev hon pres supt insp det fr sra srta mme mlle mx rt
    vs v approx cf esp e.g i.e viz
    """.split()
)

# Abbreviations that stand before a number ("No. 10", "pp. 4-7"). Before anything else they are
# ordinary words ("the answer was no. The ...") and end a sentence like any other word.
_BEFORE_NUMBER = frozenset("no nos art sec fig figs vol vols ch p pp para op pt".split())

# Abbreviated months and weekdays: never final before a day, a year or another date word
# ("Tues. Sept. 9", "Nov. 2027"), final before any other capitalised word ("in Sept. The ...").
_DATE_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun".split()
)
_DATE_WORDS = _DATE_ABBREVIATIONS | frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    """.split()
)

# Parts of names that usually have more of the sentence after them but may end it: a boundary
# only before a word that commonly opens a sentence ("... King Jr. The ..." but "King Jr. Day").
# Single-letter initials and unknown dotted abbreviations (J.K.) are treated the same way.
_NAME_PARTS = frozenset("jr sr mt ft al dept univ assn est".split())

# Abbreviations that end sentences as often as they sit inside them: companies, streets,
# countries, times. Final before a sentence starter, or before a capitalised word that is not
# followed by another one ("... from the U.K. France and China ...", "at 4 p.m. Talks with ...")
# unless it usually continues the name ("the U.S. Senate voted", "4 p.m. Eastern time").
_OFTEN_FINAL = frozenset(
    """
    inc co corp ltd plc llc bros ave rd blvd st
    a.m p.m u.s u.k u.n e.u u.a.e u.s.a d.c n.y l.a
    """.split()
)
_TIMES = frozenset({"a.m", "p.m"})

# "St." and "Co." after a capitalised name are Street and Company ("Main St.", "Harbor Foods Co.");
# anywhere else they are Saint and County ("outside St. Mary's", "in Co. Kerry") and never final.
_STREET_OR_SAINT = frozenset({"st", "co"})

# Capitalised words that continue a noun phrase after a country, company or place abbreviation.
_CONTINUERS = frozenset(
    """
    senate house congress treasury army navy marines embassy ambassador secretary attorney supreme
    federal census bureau department chairman chairwoman ceo chief president mayor open envoy forces
    mission capitol customs
    """.split()
)

# Time zones and dates continue a time ("at 4 p.m. Eastern time", "9 a.m. Monday").
_TIME_CONTINUERS = _DATE_WORDS | frozenset(
    """
    et est edt ct cst cdt mt mst mdt pt pst pdt gmt bst utc cet cest
    eastern central pacific mountain local
    """.split()
)

# Words that commonly open a sentence in news English (determiners, pronouns, conjunctions,
# prepositions, sentence adverbs): after an ambiguous abbreviation they mark a new sentence.
_SENTENCE_STARTERS = frozenset(
    """
    a an the this that these those there here then it its he she they we i you his her their our my
    your but and or nor so yet if when while as at in on of to for from by with without within after
    before since during until although though because despite however meanwhile still also instead
    many most some several few no not nobody none neither either one two three both each all every
    another other such what who which where why how whether about among under over only even just
    now today yesterday later earlier last next once overall separately elsewhere according unlike
    mr mrs ms dr officials police authorities
    """.split()
)

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["

_TRAILING = ".,;:!?" + _CLOSERS  # stripped from a word before looking it up
# A candidate boundary: sentence-final punctuation (an ellipsis is several), any closing quotes or
# brackets, then a space. One character class first keeps the scan fast.
_CANDIDATE = re.compile(r"([.!?…]+)([" + re.escape(_CLOSERS) + r"]*)(\s+)")
_INITIAL = re.compile(r"^[A-Z]$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S, e.g, a.m (final period already cut)
_ROMAN = re.compile(r"[IVXLC]{2,}\b")  # "vol. II"
# A word: letters joined by hyphens or apostrophes. A possessive 's ending it is matched but left out
# of the word ("Putin's" -> "Putin", "O'Neil's" -> "O'Neil"), so no second pass over the words.
_WORD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+|['’](?![sS](?![^\W\d_]))[^\W\d_]+)*)(?:['’][sS](?![^\W\d_]))?")


def split_sentences(text: str, language: str = "english") -> list[str]:
    """Split one paragraph of text into sentences (stripped, never empty)."""
    if language not in _ENGLISH:
        rules = language_rules(language)
        if rules.iso != "en":
            return other_languages.split_sentences(text, rules)
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_boundary(text, match):
            sentences.append(text[start : match.end(2)])
            start = match.end()
    if start < len(text):
        sentences.append(text[start:])
    return sentences


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    """Whether the candidate `match` (punctuation, closers, a space) ends a sentence.

    `text` has single spaces between tokens, so the words around the candidate are found with
    `find`/`rfind` on a space rather than a regular expression scanning the whole text.
    """
    punct, closers = match.group(1), match.group(2)
    after = match.end()
    if after >= len(text):
        return True
    end_next = text.find(" ", after)
    if end_next < 0:
        end_next = len(text)
    raw_next = text[after:end_next]
    nxt = raw_next.lstrip(_OPENERS)
    opens_quote = raw_next[0] in _OPENERS
    if not nxt:
        return opens_quote
    first = nxt[0]
    starts_upper = first.isupper() or (first.isalpha() and any(c.isupper() for c in nxt[1:3]))  # eBay, iPhone
    starts_digit = first.isdigit()
    if not (starts_upper or starts_digit or opens_quote):
        return False  # a lowercase word continues the sentence
    if punct != ".":
        return True  # ! ? and ellipses end a sentence before a capitalised word
    token_start = text.rfind(" ", 0, match.start()) + 1
    token = text[token_start : match.start()]
    word = token.lstrip(_OPENERS)
    if not word:
        return True
    lower = word.lower()
    if lower in _NEVER_FINAL and not (closers or word.isupper()):
        return False  # (an acronym such as "MS" is not the title "Ms")
    next_lower = nxt.rstrip(_TRAILING).lower().split("'")[0].split("’")[0]  # "That's" -> "that"
    starter = opens_quote or next_lower in _SENTENCE_STARTERS
    if closers:
        # '... end.” Next' ends a sentence, but a one-word aside such as "Col. (retd.) James" does not.
        return starter if token[:1] == "(" and ")" in closers else True
    if _INITIAL.match(word) or lower in _NAME_PARTS or (_DOTTED.match(word) and lower not in _OFTEN_FINAL):
        # "George W. Bush", "J.K. Rowling", "King Jr. Day", "James W.F. 'Skip' Allen"; "plan B. The ..."
        nickname = opens_quote and raw_next[-1] in _CLOSERS
        return starter and not (starts_digit or nickname)
    if lower in _BEFORE_NUMBER:
        return not (starts_digit or _ROMAN.match(nxt))
    if lower in _DATE_ABBREVIATIONS:
        return not (starts_digit or next_lower in _DATE_WORDS)
    if lower == "etc":
        return True
    if lower in _STREET_OR_SAINT:
        saint = "'s" in nxt or "’s" in nxt or not _after_name(text, token_start)
        if saint:
            return False  # Saint, County: "outside St. Mary's", "in Co. Kerry", "Mount St. Joseph's"
    if lower in _OFTEN_FINAL:
        if starts_digit:
            return lower in _TIMES  # "at 6 a.m. 14 schools closed" but "U.S. 10-year yields"
        if starter:
            return True
        if next_lower in (_TIME_CONTINUERS if lower in _TIMES else _CONTINUERS) or nxt.isupper():
            return False  # "the U.S. Senate", "4 p.m. Eastern time", "U.K. NHS"
        return not _capitalised_pair(text, end_next, nxt)
    return True


def _after_name(text: str, token_start: int) -> bool:
    """Whether the word before the token at `token_start` is a capitalised name (or '&')."""
    previous = text[text.rfind(" ", 0, max(token_start - 1, 0)) + 1 : max(token_start - 1, 0)]
    return previous == "&" or (previous[:1].isupper() and previous[-1:].isalpha())


def _capitalised_pair(text: str, end_next: int, nxt: str) -> bool:
    """Whether the capitalised word `nxt` runs on into another capitalised word or a number.

    "U.S. Federal Reserve", "U.S. Agency for International ..." and "Pemberton Co. Chairman Tom"
    are one name; "U.K. France and China" and "p.m. Talks with" start a sentence.
    """
    if nxt[-1:] in _TRAILING or end_next >= len(text):
        return False
    end_second = text.find(" ", end_next + 1)
    second = text[end_next + 1 : end_second if end_second > 0 else len(text)]
    if second in ("of", "for") and end_second > 0:  # "the U.S. Agency for International Development"
        second = text[end_second + 1 : end_second + 2]
    return second[:1].isupper() or second[:1].isdigit()


_ASCII_WORD = re.compile(r"([A-Za-z]+(?:-[A-Za-z]+|'(?![sS](?![A-Za-z]))[A-Za-z]+)*)(?:'[sS](?![A-Za-z]))?")


# Every byte that is not an ASCII letter, mapped to a space (for sentences without apostrophes or hyphens).
_LETTERS_ONLY = bytes(c if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))
# Every byte that is not an ASCII letter, an apostrophe or a hyphen, mapped to a space.
_WORD_CHARACTERS = bytes(c if (chr(c).isascii() and chr(c).isalpha()) or chr(c) in "'-" else 32 for c in range(256))
_find_ascii_words = _ASCII_WORD.findall


def split_words(sentence: str) -> tuple[str, ...]:
    """The words of a sentence: letters with inner apostrophes or hyphens; no numbers or punctuation.

    A possessive 's is dropped ("Putin's" -> "Putin"). This runs on every sentence of every article.
    Most news sentences are ASCII, and an ASCII-only pattern finds the same words about twice as
    fast; in an ASCII sentence with no apostrophe or hyphen the words are the runs of letters, found
    faster still by turning every other byte into a space (`bytes.translate`, in C) and splitting.
    With apostrophes or hyphens, the runs of letters, apostrophes and hyphens are found that way and
    only those that are not plain words go through the pattern (a word never spans two runs, and the
    pattern looks no further than the next character, which is not a letter either way).
    """
    if not sentence.isascii():
        return tuple(_WORD.findall(sentence))
    if "'" in sentence or "-" in sentence:
        words: list[str] = []
        for run in sentence.encode("ascii").translate(_WORD_CHARACTERS).decode("ascii").split():
            if run.isalpha():
                words.append(run)
            else:
                words.extend(_find_ascii_words(run))
        return tuple(words)
    return tuple(sentence.encode("ascii").translate(_LETTERS_ONLY).decode("ascii").split())


_ENGLISH = frozenset({"english", "en"})


def language_rules(language: str) -> Language:
    """The rules for a language name or ISO code (generic ones outside briefer/languages/)."""
    return languages.language(language)


def words_in(sentence: str, language: str = "english") -> tuple[str, ...]:
    """The words of a sentence in `language` (English: `split_words`)."""
    rules = language_rules(language)
    return split_words(sentence) if rules.iso == "en" else other_languages.split_words(sentence, rules)


class Tokenizer:
    """A sumy-compatible tokenizer (``to_sentences``, ``to_words``, ``language``) that needs no NLTK data."""

    def __init__(self, language: str = "english") -> None:
        self._rules = language_rules(language)
        self._language = self._rules.name
        if self._rules.iso != "en":
            rules = self._rules
            self.to_words = lambda sentence: other_languages.split_words(sentence, rules)

    @property
    def language(self) -> str:
        return self._language

    @property
    def iso(self) -> str:
        return self._rules.iso

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self._rules.iso))

    # The function itself rather than a method calling it: sumy asks for every sentence's words.
    to_words = staticmethod(split_words)


class CachingStemmer:
    """word -> stem of the lowercased word, each distinct word stemmed once per process.

    A callable, as sumy's summarizers take a stemmer; `stem_many` stems a batch of new words in one
    call, which is what makes the first pass over a day's news fast (the stem table learns every new
    word of an article at once, and PyStemmer stems a list in C).
    """

    def __init__(self, stem_words: Callable[[list[str]], list[str]]) -> None:
        self._stem_words = stem_words
        self._cache: dict[str, str] = {}
        self._stemming = threading.Lock()  # a Snowball stemmer object keeps state while it stems

    def __call__(self, word: str) -> str:
        try:
            return self._cache[word]
        except KeyError:
            return self.stem_many([word])[0]

    def stem_many(self, words: Sequence[str]) -> list[str]:
        """The stems of `words`, in order."""
        cache = self._cache
        new = [w for w in words if w not in cache]
        if new:
            with self._stemming:
                cache.update(zip(new, self._stem_words(list(map(str.lower, new)))))
        return [cache[w] for w in words]


@lru_cache(maxsize=32)
def stemmer_for(language: str = "english") -> CachingStemmer:
    """The process's caching stemmer for a language (a name such as "english", or a code such as "en")."""
    rules = language_rules(language)
    if rules.iso != language:
        return stemmer_for(rules.iso)  # one cache per language, whatever it is called
    return CachingStemmer(languages.stem_words(rules))


@lru_cache(maxsize=32)
def stop_words(language: str = "english") -> frozenset[str]:
    return languages.stop_words(language_rules(language))


def stems(text: str, language: str = "english") -> Iterator[str]:
    """Stems of the words of `text`, in order, lowercase."""
    stem = stemmer_for(language)
    return (stem(w.lower()) for w in words_in(text, language))
