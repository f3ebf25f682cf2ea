"""briefer: turn a day's news into a short, trustworthy, themed briefing.

Extractive by design: every line of a briefing is a real sentence from a source, linked to it.
The public API is ``build_briefing(config, *, now)`` and ``summarize_text(text, ...)``.
"""

from __future__ import annotations

from typing import Any

from .version import __version__

__all__ = ["__version__", "build_briefing", "summarize_text"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so `briefer --version` does not pay for loading sumy and numpy.
    if name in ("build_briefing", "summarize_text"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'briefer' has no attribute {name!r}")
