"""Bringing the store up to date with the output folder after a run killed between the two.

A run writes the day's files first and records the briefing in the store after (pipeline.run), so
that a crash re-briefs rather than loses. A kill in between leaves a complete ``{date}.json`` that
the store knows nothing of, and the next day would brief those feed articles again. Before a run
picks its articles, `record_written_briefings` records such a day as briefed.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .archive import dated_path, marker_kind, newest_complete_days, read_briefing
from .errors import ArchiveError
from .models import Article
from .store import Store

if TYPE_CHECKING:
    from .config import OutputsConfig

log = logging.getLogger(__name__)

NEWEST_DAYS = 3
"""At most this many of the newest complete briefings are looked at (by name); none is read unless
it is newer than every briefing the store has recorded."""


def record_written_briefings(store: Store, out_dir: Path, outputs: OutputsConfig,
                             newest: int = NEWEST_DAYS) -> list[date]:
    """Record as briefed each complete briefing in out_dir newer than the store's newest record
    (at most `newest`, newest first); the days recorded.

    Its articles are found in the store by their canonical URL; an article without a URL (a
    folder's file, which is briefed on every run anyway) or one the store does not know is left out.
    """
    if marker_kind(outputs) != "json":
        return []  # without the day's JSON there is no list of what it held
    latest = store.previous_briefing(date.max)
    recorded: list[date] = []
    for day in newest_complete_days(out_dir, outputs, newest):
        if latest is not None and day <= latest:
            break
        path = dated_path(out_dir, day, "json")
        try:
            document = read_briefing(path)
            generated_at = datetime.fromisoformat(document["generated_at"])
            listed = [Article(title=str(a.get("title") or ""), text="", source=str(a.get("source") or ""),
                              url=str(a["url"])) for a in document.get("articles") or [] if a.get("url")]
        except (OSError, ArchiveError, KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("%s: cannot tell which articles it held (%s); not recorded in the store", path, exc)
            continue
        ids = store.find(listed)
        store.record_briefing(day, generated_at, ids)
        log.warning("%s was written but not recorded (its run stopped before that); its %d articles with a URL "
                    "are recorded as briefed now", path, len(ids))
        recorded.append(day)
    return recorded
