"""`briefer schedule` and `briefer status` as a user runs them: real processes, real signals, real files."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_cli

UTC = timezone.utc


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled samples and a config that briefs them; no catch-up, a fast loop."""
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    (tmp_path / "config.yaml").write_text(
        "sources: [samples/]\n"
        "timezone: UTC\n"
        "schedule:\n  catch_up_days: 0\n  poll_seconds: 0.2\n  grace_seconds: 20\n", encoding="utf-8")
    return tmp_path


def start(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "briefer", "schedule", "--config", str(project / "config.yaml"),
                             *args], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUTF8": "1"})


def wait_for(predicate, what: str, process: subprocess.Popen[str] | None = None, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if process is not None and process.poll() is not None:
            pytest.fail(f"briefer schedule exited ({process.returncode}) before {what}: {process.stderr.read()}")
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def status_file(project: Path) -> dict[str, Any] | None:
    try:
        return json.loads((project / ".briefer" / "schedule-status.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


def test_a_scheduled_run_builds_the_briefing_then_sigterm_exits_0(project):
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
    process = start(project, "--at", due.strftime("%H:%M:%S"), "--timezone", "UTC")
    try:
        day = due.date().isoformat()
        briefing = project / "briefings" / f"{day}.json"
        wait_for(briefing.is_file, f"{briefing} to appear", process)
        ran = wait_for(lambda: (status_file(project) or {}).get("last_run"), "the status after the run", process)
        assert datetime.fromisoformat(ran["started_at"]) >= due  # on time, not before
        assert (ran["day"], ran["kind"], ran["outcome"]) == (day, "daily", "ok")
        assert json.loads(briefing.read_text(encoding="utf-8"))["date"] == day

        shown = run_cli("status", "--config", str(project / "config.yaml"))
        assert shown.returncode == 0
        assert f"running (pid {process.pid})" in shown.stdout and f"{day} briefing, ok" in shown.stdout
        shown_time = f"{due:%H:%M:%S}" if due.second else f"{due:%H:%M}"  # whole minutes print as HH:MM
        assert f"daily at {shown_time} UTC" in shown.stdout
    finally:
        code, stderr = stop(process)
    assert code == 0, stderr
    assert "Traceback" not in stderr and "briefing is ready" in stderr
    # The run's one-line report, as `briefer run` prints it, with the folder in full.
    assert re.search(rf"briefing is ready \(daily run, attempt 1\): Briefed \d+ articles from 1 source under "
                     rf"\d+ themes; 0 skipped; wrote {day}\.md, .* in {re.escape(str(project / 'briefings'))}/ ",
                     stderr), stderr
    final = status_file(project)
    assert final["state"] == "stopped" and final["last_run"]["outcome"] == "ok"
    assert str(project / "briefings" / f"{day}.md") in final["last_run"]["outputs"]
    assert "stop requested" in (project / ".briefer" / "schedule.log").read_text(encoding="utf-8")
    assert not [p for p in (project / "briefings").iterdir() if p.name.endswith(".tmp")]
    assert "not running" in run_cli("status", "--config", str(project / "config.yaml")).stdout


def test_a_second_instance_is_refused_until_the_first_is_killed(project):
    later = (datetime.now(UTC) + timedelta(hours=2)).strftime("%H:%M")
    first = start(project, "--at", later)
    try:
        wait_for(lambda: (status_file(project) or {}).get("pid") == first.pid, "the first instance to start", first)
        second = run_cli("schedule", "--config", str(project / "config.yaml"), "--at", later, timeout=60)
        assert second.returncode == 1
        assert f"(pid {first.pid}) is already running" in second.stderr
        assert "Traceback" not in second.stderr and first.poll() is None
    finally:
        first.kill()  # -9: no clean-up; the OS drops the lock
        first.communicate(timeout=60)
    third = start(project, "--at", later)
    try:
        wait_for(lambda: (status_file(project) or {}).get("pid") == third.pid, "the next instance to start", third)
    finally:
        code, stderr = stop(third)
    assert code == 0, stderr


def test_bad_options_and_missing_status_are_one_clear_line(project, tmp_path_factory):
    config = str(project / "config.yaml")
    bad_time = run_cli("schedule", "--config", config, "--at", "25:00")
    assert bad_time.returncode == 2 and "--at: a time of day as HH:MM" in bad_time.stderr
    bad_zone = run_cli("schedule", "--config", config, "--timezone", "Mars/Base")
    assert bad_zone.returncode == 2 and "--timezone:" in bad_zone.stderr and "Mars/Base" in bad_zone.stderr
    nothing = run_cli("status", "--config", config)
    assert nothing.returncode == 1 and "no status yet" in nothing.stderr
    empty = tmp_path_factory.mktemp("empty")
    no_config = run_cli("schedule", cwd=empty)
    assert no_config.returncode == 2 and "config.yaml" in no_config.stderr
    for result in (bad_time, bad_zone, nothing, no_config):
        assert "Traceback" not in result.stderr


def test_deleting_schedule_lock_does_not_let_a_second_scheduler_start(project):
    first = start(project, "--at", "03:00", "--timezone", "UTC")
    try:
        lock = project / ".briefer" / "schedule.lock"
        wait_for(lambda: (status_file(project) or {}).get("state") == "running", "the first to start", first)
        lock.unlink()
        second = start(project, "--at", "03:00", "--timezone", "UTC")
        _, stderr = second.communicate(timeout=60)
        assert second.returncode != 0
        assert "already running" in stderr and "Traceback" not in stderr
        assert len(stderr.strip().splitlines()) == 1
    finally:
        stop(first)


def test_sighup_stops_the_scheduler_with_a_log_line(project):
    process = start(project, "--at", "03:00", "--timezone", "UTC")
    wait_for(lambda: (status_file(project) or {}).get("state") == "running", "the start", process)
    process.send_signal(signal.SIGHUP)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "SIGHUP received" in stderr
    log = (project / ".briefer" / "schedule.log").read_text(encoding="utf-8")
    assert "SIGHUP received" in log and "stopped" in log
    assert status_file(project)["state"] == "stopped"


def test_sigterm_during_a_hung_fetch_exits_within_the_grace_period(project):
    """A feed server that accepts and never answers: the stop is honoured within grace_seconds + a few."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            held.append(conn)
            accepted.set()

    threading.Thread(target=accept, daemon=True).start()
    port = server.getsockname()[1]
    (project / "config.yaml").write_text(
        f"sources:\n  - url: http://127.0.0.1:{port}/feed.xml\n"
        "timezone: UTC\nfetch:\n  read_timeout: 120\n  total_timeout: 120\n  retries: 0\n"
        "  allow_private_addresses: true\n"
        "schedule:\n  catch_up_days: 1\n  poll_seconds: 0.2\n  grace_seconds: 1\n", encoding="utf-8")
    process = start(project, "--at", "00:00", "--timezone", "UTC")
    try:
        assert accepted.wait(60), "the fetch never reached the server"
        time.sleep(0.5)
        began = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        took = time.monotonic() - began
    finally:
        if process.poll() is None:
            process.kill()
        server.close()
        for conn in held:
            conn.close()
    assert took < 1 + 5, f"took {took:.1f} s to stop: {stderr}"
    assert process.returncode == 0, stderr
    status = status_file(project)
    assert status["state"] == "stopped" and status["last_run"]["outcome"] == "abandoned"
    assert not run_cli("status", "--config", str(project / "config.yaml")).stdout.startswith(
        "briefer schedule: running")
