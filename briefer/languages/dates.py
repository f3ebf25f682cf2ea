"""Datelines written in the languages of briefer/languages/: "7 mars 2023, 18:20",
"3. März 2023, 07:45", "7 марта 2023 г., 18:20", "7 marca 2023 r.", "2023年3月7日 18:20".

Month names come from each language's module, so a new language's datelines are read once its
months are listed there.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from . import SUPPORTED

_CLOCK = r"(?:,?\s*(?:um|à|a\s+las|alle|o|в|о|ore|godz\.?)?\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?:\s*Uhr)?)?"
_YEAR_WORD = r"(?:\s*(?:г\.|р\.|r\.|года|року|roku))?"
_CJK = re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日\s*(?:(?P<hour>\d{1,2})[:：时](?P<minute>\d{2})分?)?")


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {name: number for lang in SUPPORTED for number, names in enumerate(lang.months, start=1)
            for name in names}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    names = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    return re.compile(
        rf"(?:[^\W\d_]+,?\s+)?(?P<day>\d{{1,2}})(?:\.|er|º)?\s+(?:de\s+)?(?P<month>{names})\.?\s+(?:de\s+)?"
        rf"(?P<year>\d{{4}}){_YEAR_WORD}{_CLOCK}\s*", re.IGNORECASE)


def parse_foreign_dateline(line: str) -> datetime | None:
    """The naive date and time a dateline line states, or None when the line is not one."""
    match = _CJK.fullmatch(line) or _pattern().fullmatch(line)
    if not match:
        return None
    month = match.group("month")
    number = int(month) if month.isdigit() else _months()[month.lower()]
    try:
        return datetime(int(match.group("year")), number, int(match.group("day")),
                        int(match.group("hour") or 0), int(match.group("minute") or 0))
    except ValueError:
        return None
