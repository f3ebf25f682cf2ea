"""`briefer schedule`: build the day's briefing every day at a set local time, unattended.

The schedule package runs the loop with a Scheduler instance of our own (never its module-level
default); each job's next run comes from briefer/scheduler/times.py (our DST rules) and is compared
on a clock passed in, so the whole loop is driven in tests by a fake clock and a fake sleep.

- Catch-up: on start, and when a run fires late (the machine slept past it), every day in the
  catch-up window whose run time has passed and whose briefing is not complete (archive.py) is built.
- Failures: a run that raises is logged with its traceback and retried with doubling, capped
  waits; when every attempt fails the day is given up and the loop goes on to the next run.
- Signals: SIGTERM, SIGINT or SIGHUP stops the loop (each logged); a run in progress may finish within
  schedule.grace_seconds, after which it is abandoned by an exception raised in it (so the atomic
  writes in briefer/output.py remove their temporary files: no half-written file, ever).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import schedule

from ..archive import is_day_complete, prune_briefings, remove_stale_temp_files
from ..config import Config
from ..errors import BrieferError
from .state import check_previous_status, write_status
from .times import DAILY, EXTRA, UTC, Plan, Slot, iso_in, machine_zone, parse_wall_time, short_duration, zone_name

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
Build = Callable[..., Any]  # briefer.pipeline.run(config, *, now, day) -> RunResult (with .written)

CATCH_UP = "catch-up"
# A run that fires this late was missed (the machine slept, or an earlier run took long): catch up instead.
LATE_AFTER = timedelta(minutes=2)


def utc_now() -> datetime:
    return datetime.now(UTC)


class _Abandon(BaseException):
    """Raised inside a run when its grace period after a stop request is over (BaseException: no
    `except Exception` in the pipeline may swallow it)."""


@dataclass
class RunRecord:
    """One run of one day's briefing, as the status file reports it."""

    day: date
    kind: str
    started_at: datetime
    finished_at: datetime | None = None
    outcome: str = "running"
    """ok, failed (every attempt raised), or abandoned (stopped by a signal)."""
    attempts: int = 0
    error: str | None = None
    outputs: list[str] = field(default_factory=list)

    def as_dict(self, tz: Any) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["started_at"] = iso_in(self.started_at, tz)
        data["finished_at"] = iso_in(self.finished_at, tz) if self.finished_at else None
        return data


class _SlotJob(schedule.Job):
    """A schedule Job whose runs come from a Plan (our DST rules), compared on our clock.

    schedule's own arithmetic would move a run in a DST gap by a whole hour (02:30 -> 03:30) and
    compares naive local times, which repeat in the fall-back hour.
    """

    def __init__(self, scheduler: schedule.Scheduler, plan: Plan, kind: str, clock: Clock) -> None:
        super().__init__(1, scheduler)
        self.unit = "days"
        self.plan, self.kind, self.clock = plan, kind, clock
        self.slot: Slot | None = None
        self.tag(kind)

    def _schedule_next_run(self) -> None:
        after = self.clock()
        if self.slot is not None and self.slot.when > after:
            after = self.slot.when
        self.slot = self.plan.next_after(after, (self.kind,))
        # schedule's convention for next_run: a naive local time (used by its sorting and repr only).
        self.next_run = self.slot.when.astimezone().replace(tzinfo=None)

    @property
    def should_run(self) -> bool:
        return self.slot is not None and self.clock() >= self.slot.when

    def __repr__(self) -> str:
        return f"<{self.kind} briefing job, next {self.slot.when.isoformat() if self.slot else None}>"


def plan_for(config: Config) -> Plan:
    """The Plan of config.schedule: its time in its zone (else the config's zone, else the machine's)."""
    settings = config.schedule
    name = settings.timezone or config.timezone
    tz = ZoneInfo(name) if name else machine_zone()
    return Plan(parse_wall_time(settings.time), tz, settings.extra_every_hours)


class DailyScheduler:
    """The loop behind `briefer schedule`; `clock` and `sleep` are injectable for tests."""

    def __init__(self, config: Config, *, build: Build | None = None, clock: Clock = utc_now,
                 sleep: Callable[[float], None] = time.sleep, poll_seconds: float | None = None,
                 config_path: Path | None = None) -> None:
        if build is None:
            from ..pipeline import run

            build = run
        self.config = config
        self.settings = config.schedule
        self.plan = plan_for(config)
        self.build = build
        self.clock = clock
        self.sleep = sleep
        self.poll = poll_seconds or self.settings.poll_seconds
        self.config_path = config_path
        self.data_dir = config.resolve(config.data_dir)
        self.out_dir = config.resolve(config.output_dir)
        self.scheduler = schedule.Scheduler()
        self.stopping = False
        self.records: list[RunRecord] = []
        self.given_up: set[date] = set()
        self.started_at = clock()
        self._in_run = False
        self._timer_set = False
        self.kinds = (DAILY, EXTRA) if self.settings.extra_every_hours else (DAILY,)

    # -- the loop -------------------------------------------------------------------------------

    def start(self) -> None:
        """Register the jobs, tidy up after a killed predecessor, prune, and catch up on missed days."""
        for kind in self.kinds:
            job = _SlotJob(self.scheduler, self.plan, kind, self.clock)
            job.do(self._on_slot, job)
        remove_stale_temp_files(self.out_dir)
        self.prune()
        check_previous_status(self.data_dir)
        self.write_status()
        self.catch_up()

    def loop(self, until: datetime | None = None) -> None:
        """Run jobs as they fall due until stopped (or, for tests, until the clock reaches `until`)."""
        while not self.stopping:
            self.scheduler.run_pending()
            now = self.clock()
            if self.stopping or (until is not None and now >= until):
                break
            wait = min(self.poll, (self.next_slot().when - now).total_seconds())
            if until is not None:
                wait = min(wait, (until - now).total_seconds())
            self.sleep(max(wait, 0.0))

    def serve(self) -> int:
        """start() and loop() with SIGTERM/SIGINT handled; 0 when stopped by a signal."""
        log.info("briefer schedule: the daily briefing at %s %s (pid %d)", self.settings.time,
                 zone_name(self.plan.tz), os.getpid())
        with self._signal_handlers():
            try:
                self.start()
                if not self.stopping:
                    log.info("next run: %s", self._describe(self.next_slot()))
                self.loop()
            except _Abandon:
                pass  # a safety net: _Abandon is raised only inside a run, where build_day catches it
        self.write_status(stopped=True)
        log.info("briefer schedule: stopped")
        return 0

    def request_stop(self) -> None:
        """Stop after the run in progress (if any), abandoning it after grace_seconds."""
        if self.stopping:
            if self._in_run:
                raise _Abandon  # a second signal: abandon now
            return
        self.stopping = True
        if self._in_run:
            grace = self.settings.grace_seconds
            log.warning("stop requested: letting the run in progress finish (at most %g s more)", grace)
            if grace <= 0:
                raise _Abandon
            signal.setitimer(signal.ITIMER_REAL, grace)
            self._timer_set = True
        else:
            log.info("stop requested")

    def next_slot(self) -> Slot:
        slots = (job.slot for job in self.scheduler.jobs if isinstance(job, _SlotJob) and job.slot)
        return min(slots, key=lambda s: s.when)

    # -- runs -----------------------------------------------------------------------------------

    def _on_slot(self, job: _SlotJob) -> None:
        slot = job.slot
        assert slot is not None
        try:
            late = self.clock() - slot.when
            if late > LATE_AFTER:
                log.warning("the %s run due at %s fired %s late (the machine slept, or a run took long): "
                            "catching up", slot.kind, iso_in(slot.when, self.plan.tz), short_duration(late))
                self.catch_up()
            else:
                self.build_day(slot.day, slot.kind)
        except Exception:  # a bug here must not stop the loop either
            log.exception("the %s run due at %s failed", slot.kind, iso_in(slot.when, self.plan.tz))

    def catch_up(self) -> list[RunRecord]:
        """Build, oldest first, each day of the catch-up window whose time has passed and whose briefing is missing."""
        days = self.plan.due_days(self.clock(), self.settings.catch_up_days)
        missing = [d for d in days if d not in self.given_up and not self.briefing_exists(d)]
        records = []
        for day in missing:
            if self.stopping:
                break
            log.info("catching up: the %s briefing is missing", day)
            records.append(self.build_day(day, CATCH_UP))
        return records

    def build_day(self, day: date, kind: str) -> RunRecord:
        """Build one day's briefing with bounded retries; never raises (except to abandon on a signal)."""
        record = RunRecord(day, kind, started_at=self.clock())
        total = 1 + self.settings.retries
        try:
            for attempt in range(1, total + 1):
                if self.stopping:
                    record.outcome = "abandoned"
                    break
                record.attempts = attempt
                try:
                    result = self._attempt(day)
                except Exception as exc:  # any failure, ours or a bug, is logged and retried
                    record.error = f"{type(exc).__name__}: {exc}"
                    log.error("the %s briefing failed (attempt %d of %d): %s", day, attempt, total, exc,
                              exc_info=True)
                    if attempt < total:
                        self._wait(self.backoff(attempt))
                    continue
                record.outcome, record.error = "ok", None
                record.outputs = [str(p) for p in getattr(result, "written", [])]
                report = getattr(result, "report", None)  # a RunResult; an injected build may return less
                log.info("the %s briefing is ready (%s run, attempt %d): %s", day, kind, attempt,
                         report() if callable(report) else ", ".join(record.outputs))
                break
            else:
                record.outcome = "failed"
                self.given_up.add(day)
                log.error("gave up the %s briefing after %d attempts; the next run is as scheduled", day, total)
        except _Abandon:
            record.outcome = "abandoned"
        if record.outcome == "abandoned":
            log.warning("the %s briefing was abandoned by a stop request (its files are as they were, "
                        "or complete: every file is written atomically)", day)
        record.finished_at = self.clock()
        self.records.append(record)
        if record.outcome == "ok":
            self.prune()
        self.write_status()
        return record

    def _attempt(self, day: date) -> Any:
        try:
            self._in_run = True
            return self.build(self.config, now=self.clock().astimezone(self.plan.tz), day=day)
        finally:
            self._in_run = False
            if self._timer_set:
                signal.setitimer(signal.ITIMER_REAL, 0)
                self._timer_set = False

    def backoff(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1-based): doubling, capped."""
        base = self.settings.retry_backoff_seconds * 2 ** (attempt - 1)
        return min(base, self.settings.retry_backoff_max_seconds)

    def _wait(self, seconds: float) -> None:
        """Sleep in poll-sized steps so that a stop request is noticed."""
        log.info("retrying in %s", short_duration(timedelta(seconds=seconds)))
        remaining = seconds
        while remaining > 0 and not self.stopping:
            step = min(self.poll, remaining)
            self.sleep(step)
            remaining -= step

    # -- files ----------------------------------------------------------------------------------

    def briefing_exists(self, day: date) -> bool:
        """Whether the day's briefing is complete in output_dir (the rule of archive.is_day_complete)."""
        return is_day_complete(self.out_dir, day, self.config.outputs)

    def prune(self) -> list[Path]:
        """Apply keep_briefings_days to the dated briefing files and keep_store_days to the store."""
        self.prune_store()
        return self.prune_briefings()

    def prune_briefings(self) -> list[Path]:
        """Delete dated briefing files older than keep_briefings_days."""
        keep = self.settings.keep_briefings_days
        if keep is None:
            return []
        removed = prune_briefings(self.out_dir, self.plan.today(self.clock()) - timedelta(days=keep))
        if removed:
            log.info("pruned %d briefing files older than %d days", len(removed), keep)
        return removed

    def prune_store(self) -> int:
        """Forget store rows (briefings, articles first seen) older than keep_store_days; how many articles."""
        keep = self.settings.keep_store_days
        if keep is None:
            return 0
        from ..store import STORE_FILENAME, Store

        path = self.data_dir / STORE_FILENAME
        if not path.is_file():  # no store yet: nothing to prune (and opening one would create it)
            return 0
        oldest_kept = self.plan.today(self.clock()) - timedelta(days=keep)
        before = datetime.combine(oldest_kept, dtime(0), tzinfo=self.plan.tz)
        try:
            with Store(path) as store:
                count = store.prune(before)
        except (BrieferError, sqlite3.Error) as exc:  # pruning can wait for the next run
            log.error("cannot prune the store %s: %s", path, exc)
            return 0
        log.info("pruned the store: briefings before %s and %d articles first seen before it", oldest_kept, count)
        return count

    def write_status(self, *, stopped: bool = False) -> None:
        tz = self.plan.tz
        last = self.records[-1] if self.records else None
        ok = next((r for r in reversed(self.records) if r.outcome == "ok"), None)
        upcoming = None if stopped else self.plan.next_after(self.clock(), self.kinds)
        status = {
            "schema": 1,
            "state": "stopped" if stopped else "running",
            "pid": os.getpid(),
            "started_at": iso_in(self.started_at, tz),
            "stopped_at": iso_in(self.clock(), tz) if stopped else None,
            "updated_at": iso_in(self.clock(), tz),
            "config": str(self.config_path) if self.config_path else None,
            "schedule": {"time": self.settings.time, "timezone": zone_name(tz),
                         "extra_every_hours": self.settings.extra_every_hours,
                         "catch_up_days": self.settings.catch_up_days},
            "output_dir": str(self.out_dir),
            "last_run": last.as_dict(tz) if last else None,
            "last_success": ok.as_dict(tz) if ok else None,
            "next_run": {"at": iso_in(upcoming.when, tz), "kind": upcoming.kind,
                         "day": upcoming.day.isoformat()} if upcoming else None,
        }
        try:
            write_status(self.data_dir, status)
        except OSError as exc:  # a full disk must not stop the loop; the log still says what happened
            log.error("cannot write the status file in %s: %s", self.data_dir, exc)

    # -- signals --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _signal_handlers(self) -> Iterator[None]:
        def on_stop(signum: int, frame: Any) -> None:
            log.info("%s received", signal.Signals(signum).name)
            self.request_stop()

        def on_grace_over(signum: int, frame: Any) -> None:
            if self._in_run:
                log.warning("the grace period is over: abandoning the run in progress")
                raise _Abandon

        wanted = {signal.SIGTERM: on_stop, signal.SIGINT: on_stop, signal.SIGHUP: on_stop, signal.SIGALRM: on_grace_over}
        previous = {sig: signal.signal(sig, handler) for sig, handler in wanted.items()}
        try:
            yield
        finally:
            if self._timer_set:
                signal.setitimer(signal.ITIMER_REAL, 0)
                self._timer_set = False
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _describe(self, slot: Slot) -> str:
        return f"{iso_in(slot.when, self.plan.tz)} ({slot.kind}, the {slot.day} briefing)"
