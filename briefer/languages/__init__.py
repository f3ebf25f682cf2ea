"""The languages briefer briefs in, and how to add one.

Each supported language is one module here holding a `Language` (briefer/languages/_base.py): its
sentence-splitting rules, stemmer, stop words, month names for datelines, quote marks and speech
verbs, and name rules. To add a language, write its module and add its value to `SUPPORTED`;
every stage (text.py, clean.py, themes, quotes, names, detection) reads it from there.

A language outside the list but known to CLDR (Belarusian, say) gets the generic rules: the
Unicode splitter, no stemming, stopwordsiso's stop words where it has them. `language("...")`
takes ISO 639-1 codes and English names alike ("de", "german").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from ..errors import ConfigError
from ._base import Language
from .de import GERMAN
from .en import ENGLISH
from .es import SPANISH
from .fr import FRENCH
from .it import ITALIAN
from .pl import POLISH
from .ru import RUSSIAN
from .uk import UKRAINIAN
from .zh import CHINESE

SUPPORTED: tuple[Language, ...] = (ENGLISH, GERMAN, FRENCH, SPANISH, ITALIAN, POLISH, RUSSIAN, UKRAINIAN, CHINESE)
AUTO = "auto"
_BY_KEY = {key: lang for lang in SUPPORTED for key in (lang.iso, lang.name)}

class UnknownLanguage(ConfigError, LookupError):
    """A language name or code that names no language (a config error; a LookupError, as sumy's)."""


__all__ = ["AUTO", "SUPPORTED", "Language", "language", "language_code", "primary_subtag", "stem_words", "stop_words"]


def primary_subtag(tag: str) -> str:
    """The language part of a tag, lowercase: "de-AT", "de_AT" and "DE" are all "de"."""
    return tag.strip().lower().replace("_", "-").split("-")[0]


def language_code(value: str) -> str:
    """The ISO 639-1 code for a language code or English name; ConfigError if it names no language."""
    key = value.strip().lower().replace("_", "-")
    if key in _BY_KEY:
        return _BY_KEY[key].iso
    code = _cldr_codes().get(key) or _cldr_codes().get(primary_subtag(key))
    if code is None:
        raise UnknownLanguage(f"language {value!r}: not a language; expected an ISO code or an English name "
                          f"such as {', '.join(f'{lang.iso}/{lang.name}' for lang in SUPPORTED)}")
    return code


@lru_cache(maxsize=64)
def language(value: str) -> Language:
    """The rules for a language code or name; generic rules for a language without its own module."""
    code = language_code(value)
    if code in _BY_KEY:
        return _BY_KEY[code]
    from babel import Locale

    return Language(iso=code, name=Locale("en").languages.get(code, code).lower(), sumy_stop_words=False)


@lru_cache(maxsize=1)
def _cldr_codes() -> dict[str, str]:
    """Every two-letter language CLDR knows, by code and by English name (babel's data, offline)."""
    from babel import Locale

    names: dict[str, str] = {str(code): str(name) for code, name in Locale("en").languages.items()}
    codes = {code: code for code in names if len(code) == 2}
    codes.update({names[code].lower(): code for code in list(codes)})
    return codes


def stem_words(lang: Language) -> Callable[[list[str]], list[str]]:
    """A function stemming a list of lowercase words: the language's Snowball stemmer (in C when
    PyStemmer is installed), its own stemmer, or lowercase only for a language without one."""
    if lang.stem_function is not None:
        stem = lang.stem_function
        return lambda words: list(map(stem, words))
    if lang.stemmer is None:
        return lambda words: [w.lower() for w in words]
    import snowballstemmer

    return snowballstemmer.stemmer(lang.stemmer).stemWords


def stop_words(lang: Language) -> frozenset[str]:
    """The language's stop words, read once per language (detection asks for them per article)."""
    if lang.iso not in _STOP_WORDS:
        _STOP_WORDS[lang.iso] = _read_stop_words(lang)
    return _STOP_WORDS[lang.iso]


_STOP_WORDS: dict[str, frozenset[str]] = {}


def _read_stop_words(lang: Language) -> frozenset[str]:
    """sumy's stop-word list where it has one for the language, else stopwordsiso's (maybe empty).

    sumy's list is read from its data as `sumy.utils.get_stop_words` does, without its language
    lookup (pycountry's table takes 30-60 ms to load)."""
    if lang.sumy_stop_words:
        import pkgutil

        from sumy.utils import parse_stop_words  # sumy.utils comes with its document model

        try:
            return frozenset(parse_stop_words(pkgutil.get_data("sumy", f"data/stopwords/{lang.name}.txt")))
        except OSError:
            pass
    import stopwordsiso

    return frozenset(stopwordsiso.stopwords(lang.iso)) if stopwordsiso.has_lang(lang.iso) else frozenset()
