"""A run killed after writing the day's files and before recording the briefing in the store.

The kill is real: the child process replaces pipeline.record_briefing with os._exit (no clean-up,
as with kill -9) and runs briefer's own main(); the feeds come from a server on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli
from test_web_cli import write_config
from webserver import FeedServer, Item, article_title, rss

DAY1, DAY2 = "2026-11-27", "2026-11-28"
KILLED = 137

KILL_BEFORE_RECORDING = ("import os, sys\n"
                         "import briefer.pipeline\n"
                         "briefer.pipeline.record_briefing = lambda *args, **kwargs: os._exit(137)\n"
                         "from briefer.cli import main\n"
                         "sys.exit(main(sys.argv[1:]))\n")


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def feed(server: FeedServer, numbers: list[int]) -> None:
    server.add("/rss.xml", rss([Item(n, server.url(f"/a/{n}")) for n in numbers]))


def titles(folder: Path, day: str) -> list[str]:
    data = json.loads((folder / "briefings" / f"{day}.json").read_text(encoding="utf-8"))
    return sorted(article["title"] for article in data["articles"])


def recorded_days(folder: Path) -> list[str]:
    with sqlite3.connect(folder / ".briefer" / "briefer.sqlite3") as db:
        return [row[0] for row in db.execute("SELECT day FROM briefings ORDER BY day")]


def run_killed_before_recording(folder: Path, day: str) -> None:
    result = subprocess.run([sys.executable, "-c", KILL_BEFORE_RECORDING, "run", "--date", day,
                             "--allow-private-addresses"], cwd=folder, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONUTF8": "1"})
    assert result.returncode == KILLED, result.stderr
    assert (folder / "briefings" / f"{day}.json").is_file(), "the files were written before the kill"
    assert day not in recorded_days(folder), "the kill came before the briefing was recorded"


def test_the_next_day_does_not_repeat_the_articles_of_a_run_killed_before_recording(server, tmp_path):
    feed(server, [0, 1])
    write_config(tmp_path, [server.url("/rss.xml")])
    run_killed_before_recording(tmp_path, DAY1)
    assert titles(tmp_path, DAY1) == sorted([article_title(0), article_title(1)])

    feed(server, [0, 1, 2])
    next_day = run_cli("run", "--date", DAY2, "--allow-private-addresses", cwd=tmp_path)
    assert next_day.returncode == 0, next_day.stderr
    assert titles(tmp_path, DAY2) == [article_title(2)], "only what is new since the killed day's briefing"
    assert f"{DAY1}.json was written but not recorded" in next_day.stderr
    assert "its 2 articles with a URL are recorded as briefed now" in next_day.stderr
    assert recorded_days(tmp_path) == [DAY1, DAY2]

    # Re-running a day already briefed rebuilds it with what it held, as after any run.
    again = run_cli("run", "--date", DAY1, "--allow-private-addresses", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert titles(tmp_path, DAY1) == sorted([article_title(0), article_title(1)])
    assert "was written but not recorded" not in again.stderr, "reconciled once, not on every run"


def test_re_running_the_killed_day_rebuilds_it_with_the_same_articles(server, tmp_path):
    feed(server, [0, 1])
    write_config(tmp_path, [server.url("/rss.xml")])
    run_killed_before_recording(tmp_path, DAY1)
    killed = titles(tmp_path, DAY1)

    feed(server, [0, 1, 3])
    again = run_cli("run", "--date", DAY1, "--allow-private-addresses", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert titles(tmp_path, DAY1) == sorted([*killed, article_title(3)]), "the same articles, plus what arrived since"
    assert recorded_days(tmp_path) == [DAY1]
