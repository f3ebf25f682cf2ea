"""Offline sentence and word splitting for news English, plus stemming and stop words.

Nothing here needs NLTK's downloadable data (punkt, punkt_tab). The sentence splitter follows
Punkt's ideas with rules the project ships instead of a trained model: a period ends a sentence
unless the word before it is a known abbreviation or an initial, or the next word is not one that
can start a sentence. It is a few regular expressions and a loop over candidate boundaries, so it
is fast enough to be a small part of summarising (see benchmarks/summarize.py).

`Tokenizer` plugs into sumy in place of its own NLTK-backed tokenizer, so every sumy summarizer works.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

# Words that are always followed by more of the same sentence: titles before a name, and
# abbreviations that need a number or a name after them.
_NEVER_FINAL = frozenset(
    """
    mr mrs ms mssrs messrs dr prof gen col lt capt cpt sgt cpl pte maj adm cmdr cdr brig gov sen rep
    rev hon pres supt insp det fr sr sra srta mme mlle mx rt
    no nos vs v approx cf fig figs vol vols pp ch art sec ed eds esp
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    e.g i.e viz al
    """.split()
)

# Abbreviations that may also end a sentence ("... in the U.S. The ..."): a boundary only when the
# next word is one that usually starts a sentence.
_MAYBE_FINAL = frozenset(
    """
    st jr inc co corp ltd plc llc bros etc ave rd blvd mt ft dept univ assn est
    a.m p.m u.s u.k u.n e.u u.a.e u.s.a d.c n.y l.a
    """.split()
)

# Words that commonly open a sentence in news English; used after an ambiguous abbreviation.
_SENTENCE_STARTERS = frozenset(
    """
    a an the this that these those there then it its he she they we i you his her their our my
    but and or so yet if when while as at in on for from by with after before since during although
    though however meanwhile still also many most some several no not one two three both each all
    what who where why how mr mrs ms dr officials police authorities
    """.split()
)

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["

# A candidate boundary: sentence-final punctuation, any closing quotes or brackets, then space.
_CANDIDATE = re.compile(r"(\.\.\.|…|[.!?]+)([" + re.escape(_CLOSERS) + r"]*)(\s+)")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_TOKEN_AFTER = re.compile(r"\S+")
_INITIAL = re.compile(r"^[A-Z]$")
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S, e.g, a.m (final period already cut)
_NUMBER_END = re.compile(r"\d$")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    """Split one paragraph of text into sentences (stripped, never empty)."""
    text = " ".join(text.split())
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if _is_boundary(text, match):
            end = match.end(2)
            piece = text[start:end].strip()
            if piece:
                sentences.append(piece)
            start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    punct, closers = match.group(1), match.group(2)
    following = _TOKEN_AFTER.match(text, match.end())
    if following is None:
        return True
    nxt = following.group(0).lstrip(_OPENERS)
    opens_quote = following.group(0)[:1] in _OPENERS
    if not nxt:
        return opens_quote
    first = nxt[0]
    starts_upper = first.isupper() or (first.isalpha() and any(c.isupper() for c in nxt[1:3]))  # eBay, iPhone
    if not (starts_upper or first.isdigit() or opens_quote):
        return False  # a lowercase word continues the sentence
    if punct != ".":
        return True  # ! ? and ellipses end a sentence before a capitalised word
    if closers:
        return True  # '... end.” Next' or '... (see above). Next'
    before = _TOKEN_BEFORE.search(text, 0, match.start())
    if before is None:
        return True
    word = before.group(1).lstrip(_OPENERS)
    lower = word.lower()
    next_lower = nxt.rstrip(".,;:!?" + _CLOSERS).lower()
    if lower in _NEVER_FINAL:
        return False
    if lower in _MAYBE_FINAL or _DOTTED.match(word):
        return next_lower in _SENTENCE_STARTERS or opens_quote
    if _INITIAL.match(word):
        # "George W. Bush" but "... plan B. The ..."
        return next_lower in _SENTENCE_STARTERS
    if first.isdigit() and _NUMBER_END.search(word) is None and lower in ("p", "pp", "para"):
        return False
    return True


def split_words(sentence: str) -> tuple[str, ...]:
    """The words of a sentence: letters with inner apostrophes or hyphens; no numbers or punctuation."""
    return tuple(_POSSESSIVE.sub("", w) for w in _WORD.findall(sentence))


class Tokenizer:
    """A sumy-compatible tokenizer (``to_sentences``, ``to_words``, ``language``) that needs no NLTK data."""

    def __init__(self, language: str = "english") -> None:
        self._language = language.lower()

    @property
    def language(self) -> str:
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return split_words(sentence)


@lru_cache(maxsize=8)
def stemmer_for(language: str = "english"):
    """A caching stemmer: each distinct word is stemmed once per process."""
    stem = Stemmer(language)
    cache: dict[str, str] = {}

    def cached_stem(word: str) -> str:
        try:
            return cache[word]
        except KeyError:
            result = cache[word] = stem(word.lower())
            return result

    return cached_stem


@lru_cache(maxsize=8)
def stop_words(language: str = "english") -> frozenset[str]:
    return frozenset(get_stop_words(language))


def stems(text: str, language: str = "english") -> Iterator[str]:
    """Stems of the words of `text`, in order, lowercase."""
    stem = stemmer_for(language)
    return (stem(w.lower()) for w in split_words(text))
