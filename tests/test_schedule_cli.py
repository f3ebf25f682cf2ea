"""`briefer schedule` and `briefer status` as a user runs them: real processes, real signals, real files."""

from __future__ import annotations

import json
import os
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
