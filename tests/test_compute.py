"""The per-article map on 1 and N processes: the same briefing; compute.cluster's errors (tests/test_cluster.py
briefs on a Dask cluster on 127.0.0.1)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_samples, run_cli

DAY = "2026-11-28"


NEXT_DAY = "2026-11-29"


def briefing_json(project: Path, *args: str) -> list[dict]:
    """The JSON of two days from a fresh copy of the samples briefed with `args`, without generated_at:
    the second day has the first as its earlier briefing."""
    days = []
    for day in (DAY, NEXT_DAY):
        result = run_cli("run", "--date", day, *args, cwd=project)
        assert result.returncode == 0, result.stderr
        data = json.loads((project / "briefings" / f"{day}.json").read_text())
        data.pop("generated_at")
        days.append(data)
    for state in ("briefings", ".briefer"):  # the next run in this project starts afresh
        shutil.rmtree(project / state)
    return days


def test_two_worker_processes_give_the_same_briefing_as_one(tmp_path):
    project = copy_samples(tmp_path)
    one = briefing_json(project, "--workers", "1")
    two = briefing_json(project, "--workers", "2")
    assert one[0]["themes"] and one == two
    assert any(story["status"] == "developing" for story in one[1]["stories"])  # the earlier day counted


def test_bad_workers_value_names_the_option(tmp_path):
    result = run_cli("run", "--date", DAY, "--workers", "0", cwd=copy_samples(tmp_path))
    assert result.returncode == 2
    assert "--workers" in result.stderr and "Traceback" not in result.stderr


def test_an_unreachable_cluster_is_one_clear_line(tmp_path):
    pytest.importorskip("distributed", reason="the briefer[dask] extra is not installed")
    project = copy_samples(tmp_path)
    config = project / "config.yaml"
    config.write_text(config.read_text() + "\ncompute:\n  cluster: tcp://127.0.0.1:9\n")
    result = run_cli("run", "--date", DAY, cwd=project)
    assert result.returncode != 0
    assert "compute.cluster tcp://127.0.0.1:9" in result.stderr and "Traceback" not in result.stderr


def test_without_the_extra_compute_cluster_is_a_config_error_naming_it(tmp_path):
    hidden = tmp_path / "no-dask"  # a `distributed` that cannot be imported, as when the extra is absent
    (hidden / "distributed").mkdir(parents=True)
    (hidden / "distributed" / "__init__.py").write_text("raise ImportError('not installed')\n")
    project = copy_samples(tmp_path / "project" if (tmp_path / "project").mkdir() is None else tmp_path)
    config = project / "config.yaml"
    config.write_text(config.read_text() + "\ncompute:\n  cluster: tcp://127.0.0.1:8786\n")
    result = run_cli("run", "--date", DAY, cwd=project, env={"PYTHONPATH": str(hidden)})
    assert result.returncode == 2
    assert "compute.cluster" in result.stderr and "pip install 'briefer[dask]'" in result.stderr
    assert "Traceback" not in result.stderr
