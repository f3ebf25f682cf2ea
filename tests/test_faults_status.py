"""A status file of the wrong shape (wrong types, a list, truncated, binary junk): `briefer status`
says so in one line naming the file, and `briefer schedule` logs it and starts with a new one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from test_schedule_cli import project, start, status_file, stop, wait_for  # noqa: F401 (project: a fixture)

GOOD = {"schema": 1, "state": "stopped", "pid": 4242, "started_at": "2026-06-02T06:59:00+00:00",
        "stopped_at": "2026-06-02T08:00:00+00:00", "updated_at": "2026-06-02T08:00:00+00:00",
        "schedule": {"time": "07:00", "timezone": "UTC", "extra_every_hours": None, "catch_up_days": 0},
        "last_run": {"day": "2026-06-02", "kind": "daily", "started_at": "2026-06-02T07:00:00+00:00",
                     "finished_at": "2026-06-02T07:00:09+00:00", "outcome": "ok", "attempts": 1, "error": None,
                     "outputs": ["briefings/2026-06-02.md"]},
        "last_success": None, "next_run": None}

BROKEN: dict[str, tuple[bytes, str]] = {
    "a number for a date": (json.dumps({**GOOD, "last_run": {**GOOD["last_run"], "finished_at": 1764633609}}).encode(),
                            "last_run.finished_at"),
    "a string for a count": (json.dumps({**GOOD, "last_run": {**GOOD["last_run"], "attempts": "two"}}).encode(),
                             "last_run.attempts"),
    "a list for the schedule": (json.dumps({**GOOD, "schedule": ["07:00"]}).encode(), "schedule"),
    "a list at the top": (b'[{"state": "running"}]', "should be an object"),
    "truncated JSON": (json.dumps(GOOD).encode()[:60], "Invalid JSON"),
    "binary junk": (bytes(range(256)) * 4, "Invalid JSON"),
}


def write_status(project: Path, content: bytes) -> Path:
    path = project / ".briefer" / "schedule-status.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_a_good_status_file_is_shown(project):
    write_status(project, json.dumps(GOOD).encode())
    shown = run_cli("status", "--config", str(project / "config.yaml"))
    assert shown.returncode == 0, shown.stderr
    assert "2026-06-02 briefing, ok" in shown.stdout and "wrote     briefings/2026-06-02.md" in shown.stdout


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_status_of_a_broken_status_file_is_one_line_naming_it(project, case):
    content, problem = BROKEN[case]
    path = write_status(project, content)
    for args in ((), ("--json",)):
        result = run_cli("status", "--config", str(project / "config.yaml"), *args)
        assert result.returncode == 1, (case, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (case, result.stderr)
        assert lines[0].startswith(f"briefer: error: {path}: not a briefer status file"), lines[0]
        assert problem in lines[0], (case, lines[0])


def test_the_scheduler_logs_a_broken_status_file_and_starts_with_a_new_one(project):
    path = write_status(project, BROKEN["a number for a date"][0])
    process = start(project, "--at", "03:00", "--timezone", "UTC")
    try:
        wait_for(lambda: (status_file(project) or {}).get("pid") == process.pid, "a new status file", process)
    finally:
        code, stderr = stop(process)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert f"{path}: not a briefer status file (last_run.finished_at:" in stderr
    assert "starting with a new one" in stderr
    assert "starting with a new one" in (project / ".briefer" / "schedule.log").read_text(encoding="utf-8")
    assert run_cli("status", "--config", str(project / "config.yaml")).returncode == 0
