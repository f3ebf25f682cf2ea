"""README's "Set up" commands and CI agree: CI runs the README's test command exactly, and that command
works in a fresh shell (it activates the venv the first command creates)."""

from __future__ import annotations

import re

from conftest import ROOT


def setup_commands() -> list[str]:
    """The commands of README's "Set up" block, in order (comment lines left out)."""
    section = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Set up", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "README's Set up section has no ```sh block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_ci_runs_the_readme_test_command_exactly():
    install, test = setup_commands()
    ci_lines = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines, f".ci/run does not run README's test command {test!r}"


def test_the_test_command_activates_the_venv_the_first_command_creates():
    install, test = setup_commands()
    created = re.search(r"python3 -m venv (\S+)", install)
    assert created, f"README's first command creates no venv: {install!r}"
    assert test.startswith(f". {created.group(1)}/bin/activate && "), (
        f"README's test command {test!r} assumes a shell where {created.group(1)} is already active")
    assert "python -m pytest" in test and "pip install '.[test]'" in test


def test_ci_checks_lint_and_types():
    ci_lines = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8").splitlines()
    assert "ruff check briefer tests benchmarks" in ci_lines and "mypy" in ci_lines
