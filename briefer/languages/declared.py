"""The language a publisher declares (a feed's `<language>`, a page's `<html lang>`), read as given.

A declaration is a language tag: "de-AT", "zh-Hans", "en_US" and "German" all name a language,
and only the base language counts ("de", "zh", "en"). A tag outside briefer's own languages
("be") is kept as declared: that article gets the generic rules, never an error.

Declarations are often plainly wrong: a CMS whose default says `en-US` over a Russian text. The
rule: a declared language whose script cannot match the text is ignored and the article's
language is detected instead. The text's script is the one most of its first letters are in
(Latin, Cyrillic or Han); the declared language's script is the one CLDR's likely subtags give
it (babel's data, offline: "ru" -> Cyrl, "zh" -> Hans, "be" -> Cyrl). A text in another script
(Greek, Arabic) or a language CLDR gives no script is taken at its word: nothing to judge by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from . import language_code
from .detect import PREFIX

_SCRIPTS = {
    "Latn": re.compile(r"[A-Za-z\u00c0-\u024f]"),
    "Cyrl": re.compile(r"[\u0400-\u04ff]"),
    "Hani": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]"),
}
_HAN_SCRIPTS = {"Hani", "Hans", "Hant", "Jpan", "Kore", "Hira", "Kana"}
"""CLDR scripts written with Han characters (Japanese and Korean news use them too)."""


def language_tag(value: object) -> str | None:
    """The ISO code of a declared language tag or name; None for one that names no language."""
    if not isinstance(value, str) or not value.strip():
        return None
    tag = value.strip().split(",")[0].split(";")[0].strip()  # "de-AT, en;q=0.5": the first named
    try:
        return language_code(tag)
    except LookupError:  # UnknownLanguage: a declaration naming no language declares nothing
        return None


def fits_text(code: str, text: str) -> bool:
    """Whether a text could be written in the language `code`: its script is the language's."""
    expected = _script_of(code)
    found = text_script(text)
    if expected is None or found is None:
        return True
    if found == "Hani":
        return expected in _HAN_SCRIPTS
    return expected == found


def declared_language(declarations: Iterable[object], text: str) -> str:
    """The first declaration that names a language, when the text's script fits it; else "" (detect)."""
    for value in declarations:
        code = language_tag(value)
        if code is not None:
            return code if fits_text(code, text) else ""
    return ""


def text_script(text: str) -> str | None:
    """"Latn", "Cyrl" or "Hani": the script most letters of the text's opening are in (None: none of these)."""
    sample = text[:PREFIX]
    counts = {script: len(pattern.findall(sample)) for script, pattern in _SCRIPTS.items()}
    best = max(counts, key=lambda script: counts[script])
    return best if counts[best] else None


@lru_cache(maxsize=64)
def _script_of(code: str) -> str | None:
    """The script CLDR says the language is most likely written in ("Cyrl" for "ru"), or None."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(code)
    if not likely:
        return None
    parts = str(likely).split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None
