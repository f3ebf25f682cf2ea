"""docs/templates.md documents every field templates receive: adding a field to the briefing data
without documenting it fails here."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from conftest import ROOT, run_cli

from briefer.template_check import sample_data

DOCS = ROOT / "docs" / "templates.md"


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """Every key path in a JSON document, lists written as `[]`: themes[].items[].article.url."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            paths |= key_paths(child, path)
    elif isinstance(value, list):
        for child in value:
            paths |= key_paths(child, prefix + "[]")
    return paths


def undocumented(data: dict[str, Any]) -> list[str]:
    docs = DOCS.read_text(encoding="utf-8")
    return sorted(p for p in key_paths(data) if f"`{p}`" not in docs)


def test_every_field_of_the_sample_briefing_is_documented():
    paths = key_paths(sample_data())
    # The sample fills every part of the contract, so the walk reaches the nested fields.
    assert {"themes[].items[].article.url", "problems[].reason", "sources[].status"} <= paths
    assert undocumented(sample_data()) == []


def test_every_field_of_a_real_briefing_is_documented(tmp_path: Path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")  # a copy: the run keeps state beside its config
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    result = run_cli("run", "--date", "2023-02-25", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "briefings" / "2023-02-25.json").read_text(encoding="utf-8"))
    assert undocumented(data) == []


def test_the_key_walk_finds_a_new_field():
    assert undocumented({"themes": [{"items": [{"mood": "calm"}]}]}) == ["themes[].items[].mood"]


def test_the_worked_example_in_the_docs_checks_and_renders(tmp_path: Path):
    docs = DOCS.read_text(encoding="utf-8")
    example = docs.split("## A worked example", 1)[1].split("```jinja\n", 1)[1].split("```", 1)[0]
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "briefing.html.j2").write_text(example, encoding="utf-8")
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    check = run_cli("templates", "check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert run_cli("run", "--date", "2023-02-25", cwd=tmp_path).returncode == 0
    html = (tmp_path / "briefings" / "2023-02-25.html").read_text(encoding="utf-8")
    assert 'class="tag"' in html and "<h2>Sources</h2>" not in html and "<h1>Daily briefing</h1>" in html
    # The source name and its time are apart, and a date-only article shows no invented midnight.
    assert re.search(r"Example Wire Service</a>\s*· <time[^>]*>1 Mar 2023, 16:15</time>", html)
    assert "00:00</time>" not in html and re.search(r"· <time[^>]*>24 Feb 2023</time>", html)
