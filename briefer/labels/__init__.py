"""The words of a briefing around its sentences ("At a glance", "Sources", "3 sources"), per language.

Each shipped language is one module here named by its ISO 639-1 code (``de.py``) holding `LABELS`:
a dict of label name -> text. A text may hold ``{placeholders}``; a label that counts something is a
dict of CLDR plural category (``one``, ``few``, ``many``, ``other``) -> text with ``{n}``, so that
Polish, Russian and Ukrainian say "2 źródła" and "5 źródeł". ``date``, ``datetime`` and ``day`` are
CLDR date patterns (babel writes the month and day names). To add a language, write its module and
add its code to `SHIPPED`; a label a module leaves out is the English one, and a briefing language
without a module gets the English labels with dates in its own language.

This module imports nothing heavy (the config reads `labels_for` for its default titles); babel
is imported by the render filters only (briefer/render.py).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

Label = str | dict[str, str]
"""A text, or plural category -> text for a label that counts."""
Labels = dict[str, Label]

SHIPPED = ("en", "de", "fr", "es", "it", "pl", "ru", "uk", "zh")
"""The languages with a label module of their own."""

__all__ = ["SHIPPED", "Label", "Labels", "fill_label", "labels_for"]

_cache: dict[str, Labels] = {}


def labels_for(code: str | None) -> Labels:
    """The labels of a briefing language (an ISO code; English where none are shipped)."""
    from ..languages import primary_subtag

    key = primary_subtag(code or "en")
    if key not in SHIPPED:
        key = "en"
    if key not in _cache:
        english: Labels = import_module(f"{__name__}.en").LABELS
        own: Labels = import_module(f"{__name__}.{key}").LABELS
        _cache[key] = {**english, **own}
    return dict(_cache[key])


def fill_label(label: Label, /, **values: Any) -> str:
    """A label's ``{placeholders}`` filled in (one it was not given stays as written)."""
    return str(label).format_map(_Unfilled(values))


class _Unfilled(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
