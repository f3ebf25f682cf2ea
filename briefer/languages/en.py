"""English: the tuned splitter, quote and name rules stay in briefer/text.py and briefer/stories/,
whose figures the benchmarks track; this module names the rest."""

from ._base import Language

ENGLISH = Language(
    iso="en", name="english", stemmer="english",
    months=tuple((m,) for m in "january february march april may june july august september october "
                 "november december".split()),
    quote_pairs=(("“", "”"), ('"', '"'), ("‘", "’")),
)
