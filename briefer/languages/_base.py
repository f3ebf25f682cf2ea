"""What briefer knows about one language: one `Language` value per module in this package.

Everything language-specific lives in these values (splitting rules, stop words, stemmer, dates,
quotes, names), so adding a language is adding one module and one line in the registry
(`briefer/languages/__init__.py`), never edits across the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """One language's rules. Word lists are lowercase; `iso` is the ISO 639-1 code the JSON carries."""

    iso: str
    name: str
    """The English name, as sumy spells it ("english", "german")."""
    stemmer: str | None = None
    """A snowballstemmer algorithm name; None for no stemming (lowercase only)."""
    stem_function: Callable[[str], str] | None = None
    """A stemmer of its own (Ukrainian, as sumy does it); wins over `stemmer`."""
    sumy_stop_words: bool = True
    """Take stop words from sumy's list for `name`; else from stopwordsiso's list for `iso`."""
    abbreviations: frozenset[str] = frozenset()
    """Words a period after which does not end a sentence ("z", "b" for "z. B.", "mio", "bzw")."""
    abbreviation_suffixes: tuple[str, ...] = ()
    """Endings that make a word an abbreviation ("str" for "Bahnhofstr.", German for -straße)."""
    ordinal_dates: bool = False
    """A number with a period is an ordinal ("3. März", "am 10. März"): no sentence end after it."""
    letter_abbreviations: bool = False
    """A lone lowercase letter with a period is an abbreviation, since the language's one-letter
    words (prepositions, conjunctions) never end a sentence: "в г. Любавино", "за с. Ивановка",
    "д. 14". After a number it is a unit that may end one ("в 2019 г. С тех пор")."""
    list_endings: tuple[str, ...] = ()
    """Abbreviations closing an enumeration ("и т. д.", "і т. ін."): they end a sentence before a
    capitalised word although their last letter is an abbreviation."""
    months: tuple[tuple[str, ...], ...] = ()
    """Month names and their inflected forms, January first ("märz", "mars", "марта", "marca")."""
    quote_pairs: tuple[tuple[str, str], ...] = ()
    """Opening and closing quote marks used in this language's news („…“, «…», 「…」)."""
    speech_verbs: tuple[str, ...] = ()
    """Verbs that attribute speech ("sagte", "a déclaré", "заявил"), for stories/quotes.py."""
    according_to: tuple[str, ...] = ()
    """Phrases that name a source before or after a quote ("laut", "selon", "по словам")."""
    pronouns: tuple[str, ...] = ()
    """Pronouns that stand for the last speaker ("er", "sie", "il", "elle", "он", "она")."""
    titles: frozenset[str] = frozenset()
    """Titles and roles before a name ("herr", "präsident", "министр"): cut off, mark a person."""
    not_names: frozenset[str] = frozenset()
    """Words capitalised for reasons other than being a name (sentence openers, weekdays, demonyms)."""
    nouns_capitalised: bool = False
    """Every noun is capitalised (German): a single capitalised word is a name only after a title."""
    spaced_quotes: bool = False
    """Closing quotes stand after a space ("… paix. » Ainsi"), as in French."""
    cjk: bool = False
    """Written without spaces: sentences end at 。！？ and words come from jieba."""
    elisions: str = ""
    """A pattern for elided articles cut off a word's start ("l'", "dell'"), French and Italian."""
