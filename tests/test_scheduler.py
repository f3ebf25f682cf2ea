"""The `briefer schedule` loop, driven through the schedule package by time-machine and a fake sleep.

The build each run calls is injected: it records when it was called and writes the day's file the
way briefer.pipeline.run does (atomically), so catch-up sees which days exist.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import time as real_time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import time_machine

from briefer.cli.schedule import GIVEN_AS, schedule_overrides
from briefer.config import parse_config
from briefer.errors import AlreadyRunningError, BrieferError, SourceError
from briefer.output import atomic_write
from briefer.scheduler import DailyScheduler
from briefer.scheduler.state import InstanceLock, is_locked, read_status

UTC = timezone.utc


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_config(tmp_path: Path, **schedule: Any):
    settings = {"time": "07:00", "timezone": "Europe/London", "retry_backoff_seconds": 60, **schedule}
    return parse_config({"schedule": settings}, base_dir=tmp_path)


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)


class FakeBuild:
    """Stands in for briefer.pipeline.run: records (now in UTC, day) and writes {day}.md and {day}.json."""

    def __init__(self, fail: Any = None) -> None:
        self.calls: list[tuple[datetime, date]] = []
        self.fail = fail or (lambda now, day, attempt: None)

    def __call__(self, config, *, now: datetime, day: date) -> Result:
        self.calls.append((now.astimezone(UTC), day))
        error = self.fail(now, day, sum(1 for _, d in self.calls if d == day))
        if error:
            raise error
        out = config.resolve(config.output_dir)
        paths = [out / f"{day}.md", out / f"{day}.json"]
        for path in paths:
            atomic_write(path, json.dumps({"date": day.isoformat()}))
        return Result(paths)

    @property
    def times(self) -> list[datetime]:
        return [now for now, _ in self.calls]


def drive(config, start: datetime, until: datetime, build: FakeBuild, traveller_hook=None) -> DailyScheduler:
    """Start the scheduler at `start` and let it run until `until`; sleeping moves the clock."""
    with time_machine.travel(start, tick=False) as traveller:
        scheduler = DailyScheduler(config, build=build, sleep=traveller.shift, poll_seconds=3600)
        scheduler.start()
        scheduler.loop(until=until)
        if traveller_hook:
            traveller_hook(scheduler, traveller)
    return scheduler


def status(config) -> dict[str, Any]:
    return read_status(config.resolve(config.data_dir))


def test_runs_every_day_at_the_local_time_across_midnight_for_a_week(tmp_path):
    build = FakeBuild()
    drive(make_config(tmp_path, time="00:00:10", timezone="UTC"), utc(2026, 6, 1, 12), utc(2026, 6, 8, 12), build)
    catch_up = (utc(2026, 6, 1, 12), date(2026, 6, 1))  # started after today's time, with no briefing yet
    assert build.calls == [catch_up] + [(utc(2026, 6, d, 0, 0, 10), date(2026, 6, d)) for d in range(2, 9)]


@pytest.mark.parametrize(("zone", "at", "start", "expected"), [
    ("Europe/London", "01:30", utc(2026, 3, 27, 12),
     [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)]),
    ("Europe/London", "01:30", utc(2026, 10, 23, 12),
     [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]),
    ("America/New_York", "02:30", utc(2026, 3, 6, 17),
     [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)]),
    ("America/New_York", "01:30", utc(2026, 10, 30, 16),
     [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]),
], ids=["london-spring", "london-fall", "new-york-spring", "new-york-fall"])
def test_the_loop_runs_once_a_day_through_both_dst_changes_of_both_zones(tmp_path, zone, at, start, expected):
    build = FakeBuild()
    config = make_config(tmp_path, time=at, timezone=zone, catch_up_days=0)
    drive(config, start, start + timedelta(days=3), build)
    assert build.times == expected  # once a day: the gap's first moment, the repeated hour's first 01:30
    assert [d for _, d in build.calls] == [start.date() + timedelta(days=n) for n in (1, 2, 3)]


def test_two_failed_attempts_then_success_retries_with_backoff(tmp_path, caplog):
    build = FakeBuild(fail=lambda now, day, attempt: SourceError("feed unreachable") if attempt <= 2 else None)
    config = make_config(tmp_path, timezone="UTC", retries=3, retry_backoff_seconds=60)
    with caplog.at_level(logging.ERROR, logger="briefer.scheduler"):
        drive(config, utc(2026, 6, 1, 6), utc(2026, 6, 1, 12), build)
    due = utc(2026, 6, 1, 7)
    assert build.times == [due, due + timedelta(seconds=60), due + timedelta(seconds=180)]  # waits 60 s, then 120 s
    failures = [r for r in caplog.records if "attempt" in r.getMessage()]
    assert len(failures) == 2 and all(r.exc_info for r in failures)  # logged with the traceback
    last = status(config)["last_run"]
    assert (last["day"], last["outcome"], last["attempts"], last["error"]) == ("2026-06-01", "ok", 3, None)
    assert last["outputs"] == [str(tmp_path / "briefings" / "2026-06-01.md"), str(tmp_path / "briefings" / "2026-06-01.json")]


def test_backoff_doubles_and_is_capped(tmp_path):
    scheduler = DailyScheduler(make_config(tmp_path, retry_backoff_seconds=10, retry_backoff_max_seconds=25),
                               build=FakeBuild())
    assert [scheduler.backoff(n) for n in (1, 2, 3, 4)] == [10, 20, 25, 25]


def test_a_day_that_fails_entirely_does_not_stop_the_next_day(tmp_path, caplog):
    build = FakeBuild(fail=lambda now, day, attempt: RuntimeError("bug") if day == date(2026, 6, 1) else None)
    config = make_config(tmp_path, timezone="UTC", retries=2, retry_backoff_seconds=30)
    scheduler = drive(config, utc(2026, 6, 1, 6), utc(2026, 6, 2, 12), build)
    assert build.calls == [(utc(2026, 6, 1, 7), date(2026, 6, 1)), (utc(2026, 6, 1, 7, 0, 30), date(2026, 6, 1)),
                           (utc(2026, 6, 1, 7, 1, 30), date(2026, 6, 1)), (utc(2026, 6, 2, 7), date(2026, 6, 2))]
    assert [(r.day, r.outcome, r.attempts) for r in scheduler.records] == [
        (date(2026, 6, 1), "failed", 3), (date(2026, 6, 2), "ok", 1)]
    assert "gave up the 2026-06-01 briefing after 3 attempts" in caplog.text
    assert status(config)["last_run"]["outcome"] == "ok"
    assert status(config)["next_run"] == {"at": "2026-06-03T07:00:00+00:00", "kind": "daily", "day": "2026-06-03"}


def test_catch_up_on_start_builds_only_missing_days_whose_time_has_passed(tmp_path):
    config = make_config(tmp_path, timezone="UTC", catch_up_days=3)
    atomic_write(tmp_path / "briefings" / "2026-06-09.json", "{}")  # yesterday's exists
    build = FakeBuild()
    drive(config, utc(2026, 6, 10, 8), utc(2026, 6, 10, 9), build)
    assert build.calls == [(utc(2026, 6, 10, 8), date(2026, 6, 8)), (utc(2026, 6, 10, 8), date(2026, 6, 10))]

    build = FakeBuild()  # before today's time: nothing of today's yet, and every earlier day exists now
    drive(config, utc(2026, 6, 11, 6), utc(2026, 6, 11, 6, 30), build)
    assert build.calls == []


def test_catch_up_today_only_by_default(tmp_path):
    build = FakeBuild()
    drive(make_config(tmp_path, timezone="UTC"), utc(2026, 6, 10, 8), utc(2026, 6, 10, 9), build)
    assert build.calls == [(utc(2026, 6, 10, 8), date(2026, 6, 10))]


def test_after_the_machine_slept_the_missed_days_are_built_at_once(tmp_path):
    config = make_config(tmp_path, timezone="UTC", catch_up_days=2)
    build = FakeBuild()
    woke = utc(2026, 6, 4, 9, 30)

    def sleep_three_days(scheduler, traveller):
        traveller.move_to(woke)  # suspended from 08:00 on the 1st to 09:30 on the 4th
        scheduler.loop(until=utc(2026, 6, 5, 8))

    drive(config, utc(2026, 6, 1, 6), utc(2026, 6, 1, 8), build, sleep_three_days)
    assert build.calls == [(utc(2026, 6, 1, 6), date(2026, 5, 31)),  # caught up on start
                           (utc(2026, 6, 1, 7), date(2026, 6, 1)),
                           (woke, date(2026, 6, 3)), (woke, date(2026, 6, 4)),  # the window: the last 2 days
                           (utc(2026, 6, 5, 7), date(2026, 6, 5))]


def test_extra_runs_rebuild_the_days_briefing(tmp_path):
    build = FakeBuild()
    drive(make_config(tmp_path, timezone="UTC", extra_every_hours=6), utc(2026, 6, 1, 6), utc(2026, 6, 2, 6), build)
    assert build.calls == [(utc(2026, 6, 1, h), date(2026, 6, 1)) for h in (7, 13, 19)]


def test_old_briefings_are_pruned_and_nothing_else(tmp_path):
    out = tmp_path / "briefings"
    for day in ("2026-05-01", "2026-05-29", "2026-05-30"):
        for suffix in ("md", "html", "json"):
            atomic_write(out / f"{day}.{suffix}", "x")
    atomic_write(out / "index.html", "x")
    atomic_write(out / "notes-2026-05-01.txt", "mine")
    build = FakeBuild()
    config = make_config(tmp_path, timezone="UTC", keep_briefings_days=2, keep_store_days=2)
    drive(config, utc(2026, 6, 1, 6), utc(2026, 6, 1, 8), build)
    assert not (tmp_path / ".briefer" / "briefer.sqlite3").exists()  # no store was created just to prune it
    assert sorted(p.name for p in out.iterdir()) == ["2026-05-30.html", "2026-05-30.json", "2026-05-30.md",
                                                     "2026-06-01.json", "2026-06-01.md", "index.html",
                                                     "notes-2026-05-01.txt"]


def test_status_file_says_last_and_next_run(tmp_path):
    config = make_config(tmp_path)  # 07:00 Europe/London = 06:00 UTC in June
    drive(config, utc(2026, 6, 1, 5), utc(2026, 6, 1, 7), FakeBuild())
    data = status(config)
    assert data["state"] == "running" and data["pid"] == os.getpid()
    assert data["schedule"] == {"time": "07:00", "timezone": "Europe/London", "extra_every_hours": None,
                                "catch_up_days": 1}
    assert data["last_run"]["kind"] == "daily" and data["last_run"]["finished_at"] == "2026-06-01T07:00:00+01:00"
    assert data["next_run"] == {"at": "2026-06-02T07:00:00+01:00", "kind": "daily", "day": "2026-06-02"}


# -- signals: real signals sent to this (main) thread, real clock -----------------------------------------

def _signal_config(tmp_path: Path, **schedule: Any):
    # 00:00 UTC has always passed: the day's missing briefing is built at once by catch-up.
    return make_config(tmp_path, **{"time": "00:00", "timezone": "UTC", "poll_seconds": 0.05, **schedule})


def test_sigterm_during_a_run_lets_it_finish_and_stops(tmp_path):
    def build(config, *, now, day):
        os.kill(os.getpid(), signal.SIGTERM)
        real_time.sleep(0.2)  # still working when the signal arrives
        return FakeBuild()(config, now=now, day=day)

    config = _signal_config(tmp_path, grace_seconds=30)
    assert DailyScheduler(config, build=build).serve() == 0
    data = status(config)
    assert data["state"] == "stopped" and data["last_run"]["outcome"] == "ok"
    assert (tmp_path / "briefings" / f"{datetime.now(UTC).date()}.json").is_file()


def test_a_run_that_outlasts_the_grace_period_is_abandoned_cleanly_and_redone_next_start(tmp_path):
    def slow_build(config, *, now, day):
        out = config.resolve(config.output_dir)
        atomic_write(out / f"{day}.md", "complete markdown\n")
        os.kill(os.getpid(), signal.SIGTERM)
        real_time.sleep(30)  # interrupted after the grace period
        atomic_write(out / f"{day}.json", "{}")

    config = _signal_config(tmp_path, grace_seconds=0.2)
    started = real_time.monotonic()
    assert DailyScheduler(config, build=slow_build).serve() == 0
    assert real_time.monotonic() - started < 10
    out = tmp_path / "briefings"
    day = datetime.now(UTC).date()
    assert sorted(p.name for p in out.iterdir()) == [f"{day}.md"]  # no temporary file, no partial json
    assert (out / f"{day}.md").read_text() == "complete markdown\n"
    assert status(config)["last_run"]["outcome"] == "abandoned"

    def stopping_build(config, *, now, day):
        result = FakeBuild()(config, now=now, day=day)
        os.kill(os.getpid(), signal.SIGTERM)
        return result

    assert DailyScheduler(config, build=stopping_build).serve() == 0  # the next start catches the day up
    assert (out / f"{day}.json").is_file() and status(config)["last_run"]["outcome"] == "ok"


def test_sigint_between_runs_stops_at_once(tmp_path):
    config = _signal_config(tmp_path, time="23:59:59")  # nothing due (but at 23:59:59 UTC)
    scheduler = DailyScheduler(config, build=FakeBuild(),
                               sleep=lambda s: os.kill(os.getpid(), signal.SIGINT))
    assert scheduler.serve() == 0
    assert status(config)["state"] == "stopped" and status(config)["next_run"] is None


# -- single instance, config ----------------------------------------------------------------------------

def test_the_lock_refuses_a_second_holder_and_frees_on_release(tmp_path):
    with InstanceLock(tmp_path):
        assert is_locked(tmp_path)
        with pytest.raises(AlreadyRunningError, match=rf"\(pid {os.getpid()}\) is already running"):
            InstanceLock(tmp_path).acquire()
    assert not is_locked(tmp_path)
    with InstanceLock(tmp_path):
        pass


def test_schedule_config_defaults_and_errors_name_the_key(tmp_path):
    settings = parse_config({}, base_dir=tmp_path).schedule
    assert (settings.time, settings.timezone, settings.catch_up_days, settings.extra_every_hours) == ("07:00", None, 1, None)
    assert parse_config({"schedule": {"time": 1170}}, base_dir=tmp_path).schedule.time == "19:30"  # YAML's 19:30
    with pytest.raises(BrieferError) as info:
        parse_config({"schedule": {"time": "7pm", "timezone": "Mars/Base", "retries": -1, "colour": 1}},
                     base_dir=tmp_path)
    for key in ("schedule.time", "schedule.timezone", "schedule.retries", "schedule.colour: unknown key"):
        assert key in str(info.value)


def test_command_line_overrides_apply_to_the_schedule(tmp_path):
    def with_overrides(**options: str):
        return parse_config({"schedule": {"time": "07:00", "timezone": "Europe/London"}}, base_dir=tmp_path,
                            overrides=schedule_overrides(**options), given_as=GIVEN_AS)

    config = with_overrides(at="6:45:30", zone="America/New_York")
    assert (config.schedule.time, config.schedule.timezone) == ("06:45:30", "America/New_York")
    with pytest.raises(BrieferError, match="^--at: .*HH:MM"):
        with_overrides(at="quarter past")
    with pytest.raises(BrieferError, match="^--timezone: .*'Nowhere/Land'"):
        with_overrides(zone="Nowhere/Land")


def test_the_log_file_in_data_dir_rotates(tmp_path):
    from briefer.scheduler.state import add_log_file

    handler = add_log_file(tmp_path, max_bytes=1000, backups=2, level=logging.INFO)
    logger = logging.getLogger("briefer.test-rotation")
    logger.setLevel(logging.INFO)
    try:
        for n in range(100):
            logger.info("line %d of a long day of briefing", n)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schedule.log", "schedule.log.1", "schedule.log.2"]
    assert "line 99 of" in (tmp_path / "schedule.log").read_text(encoding="utf-8")


def test_old_store_rows_are_pruned_after_a_run(tmp_path):
    import sqlite3

    from briefer.store import Store

    config = make_config(tmp_path, timezone="UTC", keep_store_days=2)
    with Store.in_folder(config.resolve(config.data_dir)) as store:
        for day in (date(2026, 5, 1), date(2026, 5, 29), date(2026, 5, 30), date(2026, 5, 31)):
            store.record_briefing(day, datetime.combine(day, datetime.min.time(), tzinfo=UTC), [])
        path = store.path
    drive(config, utc(2026, 6, 1, 6), utc(2026, 6, 1, 8), FakeBuild())
    with sqlite3.connect(path) as db:
        days = [row[0] for row in db.execute("SELECT day FROM briefings ORDER BY day")]
    assert days == ["2026-05-30", "2026-05-31"]
