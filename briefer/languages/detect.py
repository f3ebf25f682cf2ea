"""Which language an article is written in, offline and cheaply.

Most articles give themselves away without a model: Chinese by its characters, Ukrainian and
Belarusian by letters Russian does not use (і ї є ґ, ў), a Latin-script article by which
language's stop words it uses most. Only when that is unclear does py3langid (its model ships in
its wheel; it takes about 0.7 s to load, so it is imported only then) read a prefix of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..models import Article
from . import SUPPORTED, language, stop_words

PREFIX = 2000
"""Characters read: the opening paragraphs say the language as well as the whole text."""
CLEAR = 2.0
"""The leading language's stop words must outnumber the runner-up's this many times..."""
MINIMUM = 8
"""...and be at least this many, for the stop words to decide without the detector."""

_HAN = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORDS = re.compile(r"[^\W\d_]+")
_LATIN_LANGUAGES = tuple(lang for lang in SUPPORTED if not lang.cjk and lang.iso not in ("ru", "uk"))


def detect_language(text: str, default: str = "en") -> str:
    """The ISO 639-1 code of the language `text` is written in (`default` for text without words)."""
    sample = text[:PREFIX]
    han, cyrillic, latin = (len(p.findall(sample)) for p in (_HAN, _CYRILLIC, _LATIN))
    if not (han or cyrillic or latin):
        return default
    if han >= max(cyrillic, latin) and not _KANA.search(sample):
        return "zh"
    if cyrillic > latin:
        lowered = sample.lower()
        if "ў" in lowered:
            return "be"
        if any(letter in lowered for letter in "їєґ") or ("і" in lowered and "ы" not in lowered):
            return "uk"
        if any(letter in lowered for letter in "ыэъё"):
            return "ru"
        return _detector(sample) or "ru"
    words = [w.lower() for w in _WORDS.findall(sample)]
    counts = sorted(((_stop_word_count(words, stop_words(lang)), lang.iso) for lang in _LATIN_LANGUAGES),
                    reverse=True)
    (best, iso), (second, _) = counts[0], counts[1]
    if best >= MINIMUM and best >= CLEAR * max(second, 1):
        return iso
    return _detector(sample) or (iso if best else default)


def _stop_word_count(words: Sequence[str], stops: frozenset[str]) -> int:
    return sum(w in stops for w in words)


def _detector(sample: str) -> str | None:
    """py3langid's guess, as a code briefer accepts (None if it names no language we know of)."""
    from py3langid.langid import classify  # imported lazily: its model takes ~0.7 s to load

    code, _ = classify(sample)
    try:
        return language(code).iso
    except Exception:  # a code CLDR does not know: let the caller fall back
        return None


def with_languages(articles: Sequence[Article], setting: str) -> list[Article]:
    """The articles with `language` set: the language given for each (`Article.declared_language`:
    its source's `language:` key or its publisher's declaration), else the language `setting` names
    (a name or ISO code), or for "auto" the article's own, detected from its title and text."""
    from . import AUTO, language_code

    if setting.strip().lower() != AUTO:
        code = language_code(setting)  # UnknownLanguage, a config error, for a name that is no language
        return [replace(a, language=a.declared_language or code) for a in articles]
    return [replace(a, language=a.declared_language or detect_language(f"{a.title}\n{a.text}")) for a in articles]
