"""Which sentences lean on the one before them, so that a summary never shows them alone.

A sentence leans on its predecessor when it opens with a word that points back ("He said: ...",
"It has also criticised ...", "But ...", "However, ...") or when it carries on a quotation the
previous sentence opened (`He said: “I really want ... Russia.` then `This will be important.”`).
Such a sentence is either shown with its antecedent (`ScoredSentence.context`, filled by
`ranking.rank_article`) or passed over (the `news` ranker prefers sentences that stand alone).
The rules are word lists, kept as data; they err on the side of showing a little more context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# First words that refer back to something said before: pronouns and determiners, and connectives
# that only make sense after another sentence.
LEANING_FIRST_WORDS = frozenset(
    """
    he she it they him them his her its their hers theirs this these those that such
    but and or nor so yet also however meanwhile still then instead moreover furthermore
    nevertheless nonetheless thus therefore hence besides indeed otherwise likewise similarly
    additionally consequently accordingly though although whereas
    """.split()
)

# Phrases that lean the same way.
LEANING_PHRASES = ("in addition", "as a result", "even so", "on the other hand", "at the same time",
                   "in turn", "by contrast", "in contrast", "for his part", "for her part", "for their part")

# "This week ..." or "That night ..." set a time; they do not point back.
TIME_WORDS = frozenset(
    """
    morning afternoon evening night week weekend month year season summer winter spring autumn fall
    time century decade monday tuesday wednesday thursday friday saturday sunday
    """.split()
)

_DEMONSTRATIVES = ("this", "that", "these", "those")


def _alternatives(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# One pattern for all the rules, matched once at the start of each sentence: this runs on every
# sentence the `news` ranker sees.
_LEANS = re.compile(
    r"^[\W_]*(?:"
    rf"(?:{_alternatives(_DEMONSTRATIVES)})\b(?![\W_]+(?:{_alternatives(TIME_WORDS)})\b)"
    rf"|(?:{_alternatives(LEANING_FIRST_WORDS - set(_DEMONSTRATIVES))})\b"
    rf"|(?:{_alternatives(LEANING_PHRASES)})\b"
    r")",
    re.IGNORECASE,
)
_STRAIGHT_QUOTE = '"'


def leans_on_previous(sentence: str, previous: str | None) -> bool:
    """Whether `sentence` needs `previous` (the sentence before it) to be understood."""
    if previous is None:
        return False
    return _LEANS.match(sentence) is not None or continues_quote(sentence, previous)


def continues_quote(sentence: str, previous: str) -> bool:
    """Whether `sentence` closes a quotation that `previous` opened and left open."""
    if "”" in sentence and sentence.count("”") > sentence.count("“"):
        return previous.count("“") > previous.count("”")
    if _STRAIGHT_QUOTE in sentence and sentence.count(_STRAIGHT_QUOTE) % 2 == 1 \
            and not sentence.lstrip().startswith(_STRAIGHT_QUOTE):
        return previous.count(_STRAIGHT_QUOTE) % 2 == 1
    return False


def leaning_flags(sentences: Sequence[str]) -> list[bool]:
    """For each sentence of an article in order, whether it leans on the one before."""
    flags = [False] * len(sentences)
    match = _LEANS.match
    for i in range(1, len(sentences)):
        sentence = sentences[i]
        flags[i] = match(sentence) is not None or (
            ('"' in sentence or "”" in sentence) and continues_quote(sentence, sentences[i - 1]))
    return flags
