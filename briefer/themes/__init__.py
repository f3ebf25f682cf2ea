"""The theme stage: which theme each sentence belongs to (`matching`), how much each story matters
(`importance`), the story blocks of each theme section (`blocks`), and its quotes and names (`notes`)."""

from .blocks import Assembly, assemble
from .matching import ThemeMatch, ThemeMatcher, term_stems

__all__ = ["Assembly", "ThemeMatch", "ThemeMatcher", "assemble", "term_stems"]
