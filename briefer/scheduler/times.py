"""When the scheduled runs happen: wall-clock times in an IANA zone turned into instants, DST included.

Plain functions of (local time, zone, now): no clock is read here, so every rule is tested with an
injected "now" across midnight and both daylight-saving changes.

The rules, for a run set at wall-clock time T in zone Z on day D:
- T happens once on D: the run is then.
- T happens twice (the fall-back hour): the run is at its first occurrence only.
- T does not happen (the spring-forward gap): the run is at the first moment after the gap.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..wall_time import format_wall_time, parse_wall_time, sexagesimal_time

__all__ = ["format_wall_time", "parse_wall_time", "sexagesimal_time"]  # and this module's own names

UTC = timezone.utc
DAILY = "daily"
EXTRA = "extra"

def exists(naive: datetime, tz: tzinfo) -> bool:
    """Whether a wall-clock time happens in the zone (False inside a spring-forward gap)."""
    aware = naive.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def local_instant(day: date, at: time, tz: tzinfo) -> datetime:
    """The instant `at` happens on `day` in `tz`: its first occurrence, or the first moment after a gap."""
    naive = datetime.combine(day, at.replace(tzinfo=None))
    if exists(naive, tz):
        # fold=0 is the earlier of two occurrences (PEP 495).
        return naive.replace(tzinfo=tz, fold=0)
    # In a gap the two folds read the wall time with the offsets before and after the change, so the
    # change itself lies between the two instants: find the first second with the new offset.
    a, b = (naive.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1))
    lo, hi = min(a, b), max(a, b)
    before = lo.astimezone(tz).utcoffset()
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(microsecond=0)
        if mid.astimezone(tz).utcoffset() == before:
            lo = mid
        else:
            hi = mid
    return hi.astimezone(tz)


@dataclass(frozen=True)
class Slot:
    """One planned run: the day whose briefing it builds, when, and whether it is the daily or an extra run."""

    day: date
    when: datetime
    """In UTC: aware datetimes sharing one ZoneInfo compare by wall clock, which is wrong in the repeated hour."""
    kind: str = DAILY


@dataclass(frozen=True)
class Plan:
    """The daily run at `at` in `tz`, and optionally extra runs every few hours after it until midnight."""

    at: time
    tz: tzinfo
    extra_every_hours: float | None = None

    def wall_times(self) -> list[tuple[time, str]]:
        """The day's wall-clock run times with their kind, the daily one first."""
        times = [(self.at, DAILY)]
        if self.extra_every_hours:
            step = max(60, round(self.extra_every_hours * 3600))  # at most one run a minute
            start = self.at.hour * 3600 + self.at.minute * 60 + self.at.second
            for seconds in range(start + step, 24 * 3600, step):
                times.append((time(seconds // 3600, seconds // 60 % 60, seconds % 60), EXTRA))
        return times

    def slots_on(self, day: date, kinds: Iterable[str] = (DAILY, EXTRA)) -> list[Slot]:
        """The runs for `day`, in time order; two times that land on the same instant (a gap) run once."""
        wanted = set(kinds)
        slots: dict[datetime, Slot] = {}
        for at, kind in self.wall_times():
            when = local_instant(day, at, self.tz).astimezone(UTC)
            if kind in wanted and when not in slots:
                slots[when] = Slot(day, when, kind)
        return sorted(slots.values(), key=lambda s: s.when)

    def daily(self, day: date) -> datetime:
        """When the day's briefing is due (in UTC)."""
        return local_instant(day, self.at, self.tz).astimezone(UTC)

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()

    def next_after(self, now: datetime, kinds: Iterable[str] = (DAILY, EXTRA)) -> Slot:
        """The first run strictly after `now`."""
        kinds = tuple(kinds)
        now = now.astimezone(UTC)
        today = self.today(now)
        # A slot can land on the next local day (a gap at midnight), so look a day either side.
        for offset in range(-1, 3):
            for slot in self.slots_on(today + timedelta(days=offset), kinds):
                if slot.when > now:
                    return slot
        raise AssertionError("no run within three days")  # unreachable: every day has a daily slot

    def runs_between(self, start: datetime, end: datetime,
                     kinds: Iterable[str] = (DAILY, EXTRA)) -> Iterator[Slot]:
        """Every run after `start` up to and including `end`, in order (what a running loop would do)."""
        end = end.astimezone(UTC)
        slot = self.next_after(start, kinds)
        while slot.when <= end:
            yield slot
            slot = self.next_after(slot.when, kinds)

    def due_days(self, now: datetime, days: int) -> list[date]:
        """The last `days` local days (today included) whose daily run time has passed, oldest first."""
        now = now.astimezone(UTC)
        today = self.today(now)
        window = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
        return [day for day in window if self.daily(day) <= now]


def machine_zone() -> tzinfo:
    """This machine's time zone with its DST rules (a fixed UTC offset would be wrong half the year)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
        with localtime.open("rb") as handle:
            return ZoneInfo.from_file(handle, key="localtime")
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    return datetime.now().astimezone().tzinfo or UTC


def zone_name(tz: tzinfo) -> str:
    return getattr(tz, "key", None) or str(tz)


def iso_in(moment: datetime, tz: tzinfo) -> str:
    """`moment` in `tz`, to the second, as the status file and the log show it."""
    return moment.astimezone(tz).isoformat(timespec="seconds")


def short_duration(delta: timedelta) -> str:
    """A wait or a delay in words: 2 h 5 min, 3 min 20 s, 45 s."""
    seconds = int(delta.total_seconds())
    hours, rest = divmod(seconds, 3600)
    return f"{hours} h {rest // 60} min" if hours else f"{rest // 60} min {rest % 60} s" if rest >= 60 else f"{rest} s"
