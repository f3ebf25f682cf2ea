"""Failures of the command line itself end in one line on stderr and the documented exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

ARTICLE = """Harbour reopens after storm
The harbour at Westport reopened on Monday after a storm closed it for three days.
Harbour master Ellen Shaw said damage to the main pier was lighter than feared.
Fishing boats were the first to leave, followed by the morning ferry to the islands.
The council will meet on Thursday to decide how to pay for the repairs.
"""


def test_summarize_into_a_closed_pipe_ends_quietly(tmp_path):
    article = tmp_path / "harbour.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "briefer", "summarize", str(article)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before briefer writes, as with `| head -1`
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert stderr == ""


def test_deeply_nested_json_is_one_line_for_summarize_and_eval(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    article = tmp_path / "deep.json"
    article.write_text(deep, encoding="utf-8")
    eval_set = tmp_path / "deep.jsonl"
    eval_set.write_text(deep + "\n", encoding="utf-8")
    for args in (("summarize", str(article)), ("eval", str(eval_set))):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode in (1, 2), (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "briefer: error:" in result.stderr


def test_a_date_at_the_edge_of_the_calendar_is_a_usage_error(tmp_path):
    for day in ("0001-01-01", "9999-12-31"):
        result = run_cli("run", "--date", day, "--source", str(tmp_path), cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        errors = [line for line in result.stderr.splitlines() if "error:" in line]
        assert len(errors) == 1 and day in errors[0], result.stderr  # after argparse's usage line


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a_file").write_text("not a folder", encoding="utf-8")
    result = run_cli("run", "--source", str(tmp_path / "article.txt"), "--out", str(tmp_path / "a_file" / "sub"),
                     cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "a_file" in errors[0] and "Not a directory" in errors[0], result.stderr


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "error:" in line]


def test_a_nul_in_a_path_key_is_a_config_error_naming_the_key(tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        'sources: [article.txt, {opml: "feeds\\0.opml"}]\noutput_dir: "out\\0put"\ndata_dir: "state\\0"\n'
        'templates_dir: "t\\0"\nemail: {ca_file: "ca\\0.pem"}\n', encoding="utf-8")
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    for key in ("sources.1.opml", "output_dir", "data_dir", "templates_dir", "email.ca_file"):
        assert f"{key}: a path without a NUL character" in errors[0], errors[0]
    assert not any(p.name.startswith("out") for p in tmp_path.iterdir()), "nothing is written"


def test_a_nul_in_a_path_option_is_a_usage_error(tmp_path):
    # No command line can carry a NUL (execve refuses it): only a program calling briefer's main() can.
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    for args in (["--source", "article.txt", "--out", "out\0put"], ["--source", "arti\0cle.txt"],
                 ["--config", "conf\0ig.yaml"]):
        call = f"import sys; from briefer.cli import main; sys.exit(main({['run', *args]!r}))"
        result = subprocess.run([sys.executable, "-c", call], cwd=tmp_path, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr
        errors = error_lines(result.stderr)
        assert len(errors) == 1 and "NUL character" in errors[0], (args, result.stderr)
    assert not (tmp_path / "briefings").exists()

BRIDGE = """Footbridge over Alder Creek to close for repairs
The footbridge over Alder Creek will close for six weeks from Monday while engineers replace its deck.
Walkers will be sent along the river path, which adds about ten minutes to the walk into town.
The parish council said the old timber had rotted faster than expected after two wet winters.
A temporary crossing was ruled out because the banks are too soft to hold one.
"""

DISK_FULL = '''
"""Injected by test_a_full_disk_is_one_line_and_leaves_yesterday_whole: the output folder's disk is full.

As on a real full disk with delayed allocation, the write is buffered and fsync reports ENOSPC,
with no file name (the kernel gives none).
"""
import errno
import os

FULL = os.environ["BRIEFER_TEST_FULL_FOLDER"]
_fsync = os.fsync


def fsync(fd):
    if os.path.dirname(os.readlink(f"/proc/self/fd/{fd}")) == FULL:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return _fsync(fd)


os.fsync = fsync
'''


def test_a_full_disk_is_one_line_and_leaves_yesterday_whole(tmp_path):
    import sqlite3

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("the injected fault finds a file's folder through /proc/self/fd (Linux)")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text("sources: [news]\n", encoding="utf-8")
    assert run_cli("run", "--date", "2026-11-30", cwd=tmp_path).returncode == 0
    out = tmp_path / "briefings"
    yesterday = {p.name: p.read_bytes() for p in out.iterdir()}
    (tmp_path / "news" / "bridge.txt").write_text(BRIDGE, encoding="utf-8")
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(DISK_FULL, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(inject), os.environ.get("PYTHONPATH")]))

    result = run_cli("run", "--date", "2026-12-01", cwd=tmp_path,
                     env={"PYTHONPATH": path, "BRIEFER_TEST_FULL_FOLDER": str(out)})
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert str(out / "2026-12-01.md") in errors[0] and "No space left on device" in errors[0], errors[0]
    assert {p.name: p.read_bytes() for p in out.iterdir()} == yesterday, "yesterday's files untouched, no .tmp left"
    with sqlite3.connect(tmp_path / ".briefer" / "briefer.sqlite3") as db:
        days = [row[0] for row in db.execute("SELECT day FROM briefings ORDER BY day")]
    assert days == ["2026-11-30"], "the day is not recorded, so the next run retries it"

    retried = run_cli("run", "--date", "2026-12-01", cwd=tmp_path)
    assert retried.returncode == 0, retried.stderr
    assert "Alder Creek" in (out / "2026-12-01.md").read_text(encoding="utf-8")
