"""Sentence and word splitting driven by a `Language`'s rules (every language but English,
which keeps the tuned splitter in briefer/text.py).

A period ends a sentence before a capitalised word, a digit or an opening quote, unless the word
before it is one of the language's abbreviations (or built of them, "Dr.-Ing.", or has an
abbreviation's ending, "Bahnhofstr."), an initial ("A. Merkel", "J.-P. Ndiaye"), a dotted
abbreviation ("u.a."), the first half of a doubled plural ("EE. UU."), a one-letter abbreviation
where the language has them ("в г. Любавино"; after a number, a unit that may end a sentence:
"в 2019 г. С тех пор") or, where the language writes ordinals with a period ("3. März"), a day or
rank number. A list ending ("и т. д.") ends a sentence before a capital.
! ? and … end a sentence before anything but a lowercase word; a dash and a lowercase word
after a closing quote continue it («…!» — сказал он).
Chinese and other CJK text ends a sentence at 。！？ (and the closing quotes after them), spaces or
not; a short speech tag after a closing quote stays with it (“……？”孩子们问。).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._base import Language

_CLOSERS = "\"'”’»«“„)]」』）"
_OPENERS = "\"'“„«»‘([「『（"
_DASHES = "—–-"
_CANDIDATE = re.compile(r"([.!?…]+)([" + re.escape(_CLOSERS) + r"]*)(\s+|$)")
_CANDIDATE_SPACED = re.compile(r"([.!?…]+)((?:[ \u00a0\u202f]?[»”]|[" + re.escape(_CLOSERS) + r"])*)(\s+|$)")
_SPACES = re.compile(r"[ \t\r\n]+")
# Chinese quotes open with “ ‘ and close with ” ’ (German „…“ closes with “, so _CLOSERS has it).
_CJK_CLOSERS = "\"'”’」』）》】"
_CJK_END = re.compile(r"([。！？!?]+)([" + re.escape(_CJK_CLOSERS) + r"]*)\s*")
# After a closing quote, a short clause ending in a speech verb belongs to the quote: “……。”罗建国说。
# Short: a speaker and a verb, no comma (“……。”省农民合作社联合会负责人说。 is one sentence).
_CJK_ATTRIBUTION = 20
# A speech verb may carry an aspect particle (喊着, 问了) or 道 (问道, 笑道): not 道 alone (渠道).
_CJK_SPEECH_SUFFIXES = ("着", "了", "道")
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}$")
# Spanish writes a plural abbreviation by doubling its letters, each pair with a period: "EE. UU.".
_DOUBLED = re.compile(r"^([^\W\d_])\1+$")
_DOUBLED_NEXT = re.compile(r"^([^\W\d_])\1+\.$")
_ROMAN = re.compile(r"^[IVXLC]+$")
# Initials of a hyphenated first name ("J.-P. Ndiaye", "H.-J. Vogt"), the last one's period cut off.
_HYPHENATED_INITIALS = re.compile(r"^(?:[^\W\d_]\.-)+[^\W\d_]$")
# A Unicode word: letters joined by hyphens or apostrophes (no digits, no underscores).
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_CJK_WORD = re.compile(r"[^\W\d_]")


def split_sentences(text: str, language: Language) -> list[str]:
    """Split one paragraph into sentences (stripped, never empty) by `language`'s rules."""
    text = _SPACES.sub(" ", text).strip()  # no-break spaces stay: they sit inside « … » and "100 000"
    if not text:
        return []
    candidates = _CJK_END if language.cjk else _CANDIDATE_SPACED if language.spaced_quotes else _CANDIDATE
    sentences: list[str] = []
    start = 0
    for match in candidates.finditer(text):
        if match.end() >= len(text) or _is_boundary(text, match, language):
            sentences.append(text[start: match.end(2)].strip())
            start = match.end()
    if start < len(text):
        sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def _is_boundary(text: str, match: re.Match[str], language: Language) -> bool:
    after = match.end()
    end_next = text.find(" ", after)
    raw_next = text[after: end_next if end_next >= 0 else len(text)]
    nxt = raw_next.lstrip(_OPENERS)
    if raw_next[:1] in _DASHES and match.group(2):
        following = text[end_next + 1: end_next + 2] if end_next >= 0 else ""
        return not following.islower()  # «…» — сказал он: the attribution goes on
    if not nxt:
        return raw_next[:1] in _OPENERS
    if language.cjk:
        return not (match.group(2) and _cjk_attribution(text[after:], language))
    first = nxt[0]
    if first.islower():
        return False
    if match.group(1) != ".":
        return True
    token_start = text.rfind(" ", 0, match.start()) + 1
    token = text[token_start: match.start()].lstrip(_OPENERS)
    if not token or match.group(2):
        return True  # '... Ende.“ Dann' ends a sentence
    lower = token.lower()
    if "’" in lower or "'" in lower:  # an elided article: "l’art." is "art."
        lower = re.split(r"['’]", lower)[-1]
    if language.list_endings and text.endswith(language.list_endings, 0, match.start() + 1):
        return True  # "… хлеб, молоко и т. д. Ассортимент …"
    if lower in language.abbreviations or _DOTTED.match(token) or _abbreviated(lower, language):
        return False
    if token[0].isupper() and (len(token) == 1 or _HYPHENATED_INITIALS.match(token)):
        return False  # an initial ("A. Merkel", "Б. Иванов", "J.-P. Ndiaye")
    if len(token) == 1 and token.isalpha() and language.letter_abbreviations:
        # "в г. Любавино", "2 ч. 40 мин.", but "в 2019 г. С тех пор"
        return not first.isdigit() and _after_number(text, token_start)
    if token.isdigit() and len(token) <= 2 and (language.ordinal_dates or _ROMAN.match(nxt)):
        return False  # "3. März", "der 2. Platz", "w latach 90. XX w."
    if _DOUBLED.match(token) and token.isupper() and _DOUBLED_NEXT.match(nxt):
        return False  # the first half of "EE. UU."
    return True


def _abbreviated(word: str, language: Language) -> bool:
    """A word with an abbreviation's ending ("bahnhofstr") or made of abbreviations ("dr.-ing")."""
    if language.abbreviation_suffixes and word.endswith(language.abbreviation_suffixes):
        return len(word) > min(map(len, language.abbreviation_suffixes))
    parts = word.split("-")
    return len(parts) > 1 and all(part.rstrip(".") in language.abbreviations for part in parts)


def _after_number(text: str, token_start: int) -> bool:
    """Whether the word before the one at `token_start` is a number, Arabic or Roman ("2019 г.", "XVI в.")."""
    before = text[text.rfind(" ", 0, token_start - 1) + 1: token_start - 1] if token_start > 1 else ""
    return before.isdigit() or bool(_ROMAN.match(before))


def _cjk_attribution(rest: str, language: Language) -> bool:
    """Whether `rest` opens with a short clause that ends in a speech verb (“……”她回忆道。)."""
    end = min((i for i in (rest.find(c) for c in "。！？") if i >= 0), default=-1)
    clause = rest[:end] if 0 < end <= _CJK_ATTRIBUTION and "，" not in rest[:end] else ""
    if clause.endswith(_CJK_SPEECH_SUFFIXES) and clause[:-1].endswith(language.speech_verbs):
        clause = clause[:-1]
    return bool(clause) and clause.endswith(language.speech_verbs)


def split_words(sentence: str, language: Language) -> tuple[str, ...]:
    """The words of a sentence (letters only); elided articles cut off; Chinese through jieba."""
    if language.cjk:
        return tuple(w for w in _jieba_cut(sentence) if _CJK_WORD.search(w))
    words = _WORD.findall(sentence)
    if language.elisions:
        cut = _elision(language.elisions)
        words = [cut("", w) for w in words]
    return tuple(w for w in words if w)


@lru_cache(maxsize=16)
def _elision(pattern: str):
    return re.compile(pattern, re.IGNORECASE).sub


def _jieba_cut(sentence: str) -> list[str]:
    import logging
    import warnings

    with warnings.catch_warnings():  # jieba imports pkg_resources, which warns on import
        warnings.simplefilter("ignore")
        import jieba  # imported lazily: loading its dictionary takes about a second
    jieba.setLogLevel(logging.WARNING)
    return [w.strip() for w in jieba.lcut(sentence) if w.strip()]
