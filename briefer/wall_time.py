"""Times of day as config.yaml and the command line write them (HH:MM or HH:MM:SS, 24-hour clock)."""

from __future__ import annotations

import re
from datetime import time

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_wall_time(text: str) -> time:
    """'HH:MM' or 'HH:MM:SS' (24-hour clock) as a time; ValueError says what is expected."""
    match = _TIME.match(text.strip())
    if match:
        hour, minute, second = (int(part or 0) for part in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise ValueError(f"a time of day as HH:MM or HH:MM:SS (24-hour clock), not {text!r}")


def format_wall_time(at: time) -> str:
    return at.strftime("%H:%M:%S" if at.second else "%H:%M")


def sexagesimal_time(value: int) -> time:
    """The time YAML 1.1 turned into a base-60 number: 19:30 -> 1170, 19:30:15 -> 70215.

    Unambiguous: a quoted-less H:MM reads below 1440 and an H:MM:SS (hour 1 or more) at 3600 or above.
    """
    if 0 <= value < 24 * 60:
        return time(value // 60, value % 60)
    if 3600 <= value < 24 * 3600:
        return time(value // 3600, value // 60 % 60, value % 60)
    raise ValueError(f"a time of day as HH:MM (24-hour clock; YAML read this one as the number {value}, "
                     f"so quote it: \"07:00\")")
