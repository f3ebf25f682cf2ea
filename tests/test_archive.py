"""The output folder (briefer/archive.py): a day's files, when a day is complete, earlier briefings read
back (schema-checked, upgraded in memory), pruning, and the temporary files of atomic writes."""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import date
from pathlib import Path

import pytest

from briefer import archive
from briefer.archive import ArchiveError, is_day_complete, prune_briefings, read_briefing, read_briefings, remove_stale_temp_files, scan
from briefer.config import parse_config
from briefer.output import atomic_write


def briefing(day: str, **extra: object) -> str:
    return json.dumps({"schema": 1, "date": day, "title": f"Briefing of {day}", "themes": [], **extra})


def test_a_day_is_complete_when_its_json_exists_whatever_was_written_first(tmp_path):
    outputs = parse_config({}, base_dir=tmp_path).outputs
    atomic_write(tmp_path / "2026-06-01.md", "# half a run")
    assert not is_day_complete(tmp_path, date(2026, 6, 1), outputs)  # killed before the JSON
    atomic_write(tmp_path / "2026-06-01.json", briefing("2026-06-01"))
    assert is_day_complete(tmp_path, date(2026, 6, 1), outputs)


def test_without_json_the_last_enabled_day_file_marks_a_complete_day(tmp_path):
    outputs = parse_config({"outputs": {"json": False, "text": False}}, base_dir=tmp_path).outputs
    atomic_write(tmp_path / "2026-06-01.md", "# part")
    assert not is_day_complete(tmp_path, date(2026, 6, 1), outputs)
    atomic_write(tmp_path / "2026-06-01.html", "<p>all</p>")
    assert is_day_complete(tmp_path, date(2026, 6, 1), outputs)


def test_the_run_writes_each_days_marker_after_its_other_day_files(tmp_path):
    from briefer.pipeline import render_briefing
    from briefer.template_check import sample_briefing

    config = parse_config({}, base_dir=tmp_path)
    names = [p.name for p in render_briefing(sample_briefing(), config, tmp_path)]
    day_files = [n for n in names if n.startswith("2023-02-25.")]
    assert day_files[-1] == "2023-02-25.json" and len(day_files) == 4


def test_earlier_briefings_are_read_by_day_and_broken_ones_are_left_out_with_a_warning(tmp_path, caplog):
    atomic_write(tmp_path / "2026-06-01.json", briefing("2026-06-01"))
    atomic_write(tmp_path / "2026-06-02.json", "{not json")
    atomic_write(tmp_path / "2026-06-03.json", json.dumps({"schema": 99, "themes": []}))
    atomic_write(tmp_path / "2026-06-04.md", "no JSON that day")
    with caplog.at_level(logging.WARNING):
        every_day = read_briefings(tmp_path)
        asked = read_briefings(tmp_path, [date(2026, 6, 5), date(2026, 6, 1)])
    assert list(every_day) == ["2026-06-01"] and every_day["2026-06-01"]["title"] == "Briefing of 2026-06-01"
    assert list(asked) == ["2026-06-01"]  # a missing day is no warning
    assert "2026-06-02.json: not readable as a briefing" in caplog.text
    assert "2026-06-03.json: not a schema-3 briefing" in caplog.text
    assert "2026-06-05" not in caplog.text
    assert scan(tmp_path)["2026-06-04"].files == {"markdown": "2026-06-04.md"}


def test_read_briefing_refuses_what_is_not_a_briefing(tmp_path):
    path = tmp_path / "2026-06-01.json"
    for text in ("[1, 2]", json.dumps({"schema": 1}), json.dumps({"themes": []})):
        atomic_write(path, text)
        with pytest.raises(ArchiveError, match="2026-06-01.json"):
            read_briefing(path)


def test_an_older_schema_is_converted_in_memory_by_its_upgrade(tmp_path, monkeypatch):
    def from_zero(document):
        return {**document, "schema": 1, "themes": document.pop("sections")}

    monkeypatch.setitem(archive.UPGRADES, 0, from_zero)
    atomic_write(tmp_path / "2026-06-01.json", json.dumps({"schema": 0, "sections": [{"name": "Harbour"}]}))
    upgraded = read_briefing(tmp_path / "2026-06-01.json")  # 0 -> 1 here, then 1 -> 2 -> 3 as briefer does
    assert upgraded["schema"] == 3 and [t["name"] for t in upgraded["themes"]] == ["Harbour"]
    assert upgraded["themes"][0]["blocks"] == [] and upgraded["glance"] == []
    assert json.loads((tmp_path / "2026-06-01.json").read_text())["schema"] == 0  # the file is left as it was


def test_pruning_removes_only_our_dated_files_before_the_day_kept(tmp_path):
    for name in ("2026-05-01.md", "2026-05-01.json", "2026-05-02.html", "notes-2026-05-01.txt", "index.html"):
        atomic_write(tmp_path / name, "x")
    removed = prune_briefings(tmp_path, date(2026, 5, 2))
    assert sorted(p.name for p in removed) == ["2026-05-01.json", "2026-05-01.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-05-02.html", "index.html", "notes-2026-05-01.txt"]
    assert prune_briefings(tmp_path / "absent", date(2026, 5, 2)) == []


def test_stale_temp_files_of_atomic_writes_are_removed_and_recent_ones_kept(tmp_path):
    fd, old_name = archive.new_temp_file(tmp_path / "2026-06-01.md")
    os.close(fd)
    fd, new_name = archive.new_temp_file(tmp_path / "2026-06-02.md")
    os.close(fd)
    hour_ago = time.time() - 3600
    os.utime(old_name, (hour_ago, hour_ago))
    atomic_write(tmp_path / "mine.tmp", "a user's own file")
    os.utime(tmp_path / "mine.tmp", (hour_ago, hour_ago))
    assert remove_stale_temp_files(tmp_path) == [Path(old_name)]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([Path(new_name).name, "mine.tmp"])


def test_outputs_follow_the_umask_and_a_chmod_survives_the_next_run(tmp_path):
    """Output files are created as the umask says (not 0600), and a mode set by hand is kept."""
    import shutil
    import stat
    import subprocess
    import sys

    from conftest import ROOT

    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    (tmp_path / "config.yaml").write_text("sources: [samples/]\ntimezone: UTC\n", encoding="utf-8")

    def run() -> None:
        done = subprocess.run([sys.executable, "-c", "import os, sys, runpy; os.umask(0o022); "
                               "sys.argv = ['briefer', 'run', '--config', 'config.yaml', '--date', '2024-05-01']; "
                               "runpy.run_module('briefer', run_name='__main__')"],
                              cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    run()
    out = tmp_path / "briefings"
    for name in ("index.html", "feed.xml", "2024-05-01.html", "2024-05-01.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644, name
    (out / "index.html").chmod(0o640)
    run()
    assert stat.S_IMODE((out / "index.html").stat().st_mode) == 0o640
    assert stat.S_IMODE((out / "feed.xml").stat().st_mode) == 0o644


def test_briefer_run_removes_temp_files_left_by_a_killed_run(tmp_path):
    import os
    import shutil
    import time as clock

    from conftest import ROOT, run_cli

    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    (tmp_path / "config.yaml").write_text("sources: [samples/]\ntimezone: UTC\n", encoding="utf-8")
    out = tmp_path / "briefings"
    out.mkdir()
    left = out / ".index.html.k3j9_x.tmp"
    left.write_text("half", encoding="utf-8")
    an_hour_ago = clock.time() - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))
    done = run_cli("run", "--config", str(tmp_path / "config.yaml"), "--date", "2024-05-01", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not left.exists()


def test_two_runs_at_once_keep_each_others_day_in_index_and_feed(tmp_path):
    """A run waits for the run writing the output folder, then rebuilds index/feed with that run's day too."""
    import fcntl
    import os
    import shutil
    import subprocess
    import sys
    import time as clock

    from conftest import ROOT

    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    (tmp_path / "config.yaml").write_text("sources: [samples/]\ntimezone: UTC\n", encoding="utf-8")
    out = tmp_path / "briefings"
    out.mkdir()
    folder = os.open(out, os.O_RDONLY)
    fcntl.flock(folder, fcntl.LOCK_EX)  # the other run, writing its day
    try:
        second = subprocess.Popen([sys.executable, "-m", "briefer", "run", "--config", "config.yaml",
                                   "--date", "2024-05-02"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
        clock.sleep(4)  # the second run is ready to write
        atomic_write(out / "2024-05-01.json", briefing("2024-05-01"))
    finally:
        os.close(folder)
    _, stderr = second.communicate(timeout=120)
    assert second.returncode == 0, stderr
    assert "2024-05-01" in (out / "index.html").read_text(encoding="utf-8")
    assert "2024-05-02" in (out / "index.html").read_text(encoding="utf-8")
