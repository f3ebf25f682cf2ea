"""When scheduled runs happen: exact instants across midnight, a week and both DST changes of two zones.

These drive briefer/scheduler/times.py with an injected "now"; tests/test_scheduler.py drives the
loop itself (through the schedule package) with time-machine.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from briefer.scheduler.times import Plan, local_instant
from briefer.wall_time import parse_wall_time, sexagesimal_time

UTC = timezone.utc
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def runs(plan: Plan, start: datetime, days: int) -> list[tuple[date, datetime]]:
    """(day, UTC instant) of every run a loop started at `start` would make in `days` days."""
    return [(s.day, s.when) for s in plan.runs_between(start, start + timedelta(days=days))]


def test_across_midnight_the_next_run_is_tomorrows():
    plan = Plan(time(0, 0, 10), UTC)
    slot = plan.next_after(utc(2026, 12, 31, 23, 59, 50))
    assert (slot.day, slot.when) == (date(2027, 1, 1), utc(2027, 1, 1, 0, 0, 10))
    late = Plan(time(23, 59, 30), UTC)
    assert late.next_after(utc(2026, 12, 31, 23, 59, 40)).when == utc(2027, 1, 1, 23, 59, 30)
    assert late.next_after(utc(2026, 12, 31, 23, 59, 29)).when == utc(2026, 12, 31, 23, 59, 30)


def test_a_run_exactly_now_is_not_next_but_tomorrow():
    plan = Plan(time(7), UTC)
    assert plan.next_after(utc(2026, 6, 1, 7)).when == utc(2026, 6, 2, 7)


def test_a_week_of_daily_runs_in_the_zones_local_time():
    # 07:00 London in summer is 06:00 UTC, every day, once a day.
    plan = Plan(time(7), LONDON)
    week = runs(plan, utc(2026, 6, 1, 12), 7)
    assert week == [(date(2026, 6, d), utc(2026, 6, d, 6)) for d in range(2, 9)]


def test_a_week_across_londons_spring_change_keeps_the_local_time():
    plan = Plan(time(7), LONDON)
    week = runs(plan, utc(2026, 3, 25, 12), 7)
    assert [w for _, w in week] == [utc(2026, 3, 26, 7), utc(2026, 3, 27, 7), utc(2026, 3, 28, 7),
                                    utc(2026, 3, 29, 6), utc(2026, 3, 30, 6), utc(2026, 3, 31, 6),
                                    utc(2026, 4, 1, 6)]


# (zone, wall time, the DST day, the runs on the day before, the day itself and the day after, in UTC)
DST_CASES = {
    # 01:30 does not exist in London on 29 March 2026 (01:00 GMT -> 02:00 BST): first moment after the gap.
    "london-spring-gap": (LONDON, time(1, 30), date(2026, 3, 29),
                          [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)]),
    # 01:30 happens twice in London on 25 October 2026 (BST, then GMT): the first one only.
    "london-fall-repeat": (LONDON, time(1, 30), date(2026, 10, 25),
                           [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]),
    # 02:30 does not exist in New York on 8 March 2026 (02:00 EST -> 03:00 EDT): 03:00 EDT.
    "new-york-spring-gap": (NEW_YORK, time(2, 30), date(2026, 3, 8),
                            [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)]),
    # 01:30 happens twice in New York on 1 November 2026 (EDT, then EST): the first one only.
    "new-york-fall-repeat": (NEW_YORK, time(1, 30), date(2026, 11, 1),
                             [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]),
    # Times clear of the change keep their local time on the day and either side.
    "london-spring-other-time": (LONDON, time(7), date(2026, 3, 29),
                                 [utc(2026, 3, 28, 7), utc(2026, 3, 29, 6), utc(2026, 3, 30, 6)]),
    "london-fall-other-time": (LONDON, time(7), date(2026, 10, 25),
                               [utc(2026, 10, 24, 6), utc(2026, 10, 25, 7), utc(2026, 10, 26, 7)]),
    "new-york-spring-other-time": (NEW_YORK, time(1, 30), date(2026, 3, 8),
                                   [utc(2026, 3, 7, 6, 30), utc(2026, 3, 8, 6, 30), utc(2026, 3, 9, 5, 30)]),
    "new-york-fall-other-time": (NEW_YORK, time(7), date(2026, 11, 1),
                                 [utc(2026, 10, 31, 11), utc(2026, 11, 1, 12), utc(2026, 11, 2, 12)]),
}


@pytest.mark.parametrize("case", DST_CASES, ids=list(DST_CASES))
def test_dst_days_run_once_at_the_documented_instant(case):
    tz, at, dst_day, expected = DST_CASES[case]
    plan = Plan(at, tz)
    start = datetime.combine(dst_day - timedelta(days=2), time(12), tzinfo=tz)
    made = runs(plan, start, 3)
    assert [w for _, w in made] == expected
    assert [d for d, _ in made] == [dst_day - timedelta(days=1), dst_day, dst_day + timedelta(days=1)]


def test_the_repeated_hour_runs_once_even_when_asked_from_inside_it():
    # Asked at 01:15 GMT (the second 01:15, after the 01:30 BST run), the next run is tomorrow's.
    plan = Plan(time(1, 30), LONDON)
    second_quarter_past = utc(2026, 10, 25, 1, 15)
    assert plan.next_after(second_quarter_past).when == utc(2026, 10, 26, 1, 30)
    # And from just before the first 01:30 it is today's, at the first occurrence.
    assert plan.next_after(utc(2026, 10, 25, 0, 29)).when == utc(2026, 10, 25, 0, 30)


def test_a_skipped_day_runs_at_the_first_moment_after_the_gap():
    # Samoa skipped 30 December 2011 entirely: a 07:00 run that day happens at midnight of the 31st.
    apia = ZoneInfo("Pacific/Apia")
    moment = local_instant(date(2011, 12, 30), time(7), apia)
    assert moment == datetime(2011, 12, 31, 0, 0, tzinfo=apia)


def test_extra_runs_every_few_hours_until_midnight_and_dst_aware():
    plan = Plan(time(7), LONDON, extra_every_hours=6)
    slots = plan.slots_on(date(2026, 3, 29))
    assert [(s.when, s.kind) for s in slots] == [(utc(2026, 3, 29, 6), "daily"), (utc(2026, 3, 29, 12), "extra"),
                                                 (utc(2026, 3, 29, 18), "extra")]
    assert {s.day for s in slots} == {date(2026, 3, 29)}


def test_two_times_in_the_same_gap_run_once():
    plan = Plan(time(1, 0), LONDON, extra_every_hours=0.5)  # 01:00 and 01:30 both fall in the gap
    whens = [s.when for s in plan.slots_on(date(2026, 3, 29))]
    assert whens[:2] == [utc(2026, 3, 29, 1, 0), utc(2026, 3, 29, 1, 30)]  # 02:00 BST once, then 02:30 BST


def test_due_days_are_the_catch_up_window_whose_time_has_passed():
    plan = Plan(time(7), LONDON)
    morning = utc(2026, 6, 10, 5, 30)  # 06:30 in London: today's run is not due yet
    assert plan.due_days(morning, 1) == []
    assert plan.due_days(morning, 3) == [date(2026, 6, 8), date(2026, 6, 9)]
    later = utc(2026, 6, 10, 6, 0)  # 07:00 in London, exactly
    assert plan.due_days(later, 1) == [date(2026, 6, 10)]
    assert plan.due_days(later, 0) == []


def test_wall_times_parse_strictly():
    assert parse_wall_time("7:05") == time(7, 5)
    assert parse_wall_time("23:59:59") == time(23, 59, 59)
    for bad in ("24:00", "7", "07:60", "noon", "07:00:00:00"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_wall_time(bad)


def test_yaml_base_60_numbers_are_read_back_as_times():
    assert sexagesimal_time(19 * 60 + 30) == time(19, 30)
    assert sexagesimal_time(19 * 3600 + 30 * 60 + 15) == time(19, 30, 15)
    with pytest.raises(ValueError, match="quote it"):
        sexagesimal_time(25 * 60)


def test_the_machines_zone_keeps_its_dst_rules(monkeypatch):
    from briefer.scheduler.times import machine_zone

    monkeypatch.setenv("TZ", "America/New_York")
    zone = machine_zone()
    assert Plan(time(7), zone).next_after(utc(2026, 7, 1)).when == utc(2026, 7, 1, 11)  # EDT in July
    assert Plan(time(7), zone).next_after(utc(2026, 12, 1)).when == utc(2026, 12, 1, 12)  # EST in December
