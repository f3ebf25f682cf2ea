"""User templates: override by name or by one block, `briefer templates init | list | check`, and a
broken template never costing the previous output. Every test runs the real command line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

DAY = "2023-02-25"
BLOCKS = re.compile(r"{%-?\s*block\s+(\w+)")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The sample project (config.yaml and samples/) with an empty templates/ folder."""
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    (tmp_path / "templates").mkdir()
    return tmp_path


def _without_items(html: str) -> str:
    return re.sub(r'<li class="(item|mine)">.*?</li>\n', "", html, flags=re.S)


def test_overriding_only_the_item_block_keeps_the_rest_of_the_default_page(project):
    assert run_cli("run", "--date", DAY, "--out", "default", cwd=project).returncode == 0
    (project / "templates" / "briefing.html.j2").write_text(
        '{% extends "!default/briefing.html.j2" %}\n'
        '{% block item %}<li class="mine">{{ item.text }} [{{ item.article.source }}]</li>\n{% endblock %}\n',
        encoding="utf-8")
    result = run_cli("run", "--date", DAY, "--out", "custom", cwd=project)
    assert result.returncode == 0, result.stderr
    default = (project / "default" / f"{DAY}.html").read_text(encoding="utf-8")
    custom = (project / "custom" / f"{DAY}.html").read_text(encoding="utf-8")
    assert custom.count('<li class="mine">') == default.count('<li class="item">') > 0
    assert 'class="item"' not in custom
    # Apart from the items, the page is the default one, byte for byte (header, contents, footer, CSS).
    assert _without_items(custom) == _without_items(default)
    # The other outputs still use the defaults.
    assert (project / "custom" / f"{DAY}.md").read_text() == (project / "default" / f"{DAY}.md").read_text()


def test_a_template_with_a_defaults_name_replaces_it(project):
    (project / "templates" / "briefing.md.j2").write_text("# {{ title }}\n{% for t in themes %}* {{ t.name }}\n{% endfor %}",
                                                          encoding="utf-8")
    assert run_cli("run", "--date", DAY, cwd=project).returncode == 0
    markdown = (project / "briefings" / f"{DAY}.md").read_text(encoding="utf-8")
    assert markdown.splitlines() == ["# Daily briefing", "* China–Belarus ties", "* Peace plan reactions",
                                     "* Arms to Ukraine", "* Other news"]


def test_default_templates_are_built_from_small_blocks():
    for name, wanted in (("briefing.html.j2", {"header", "theme", "item", "sources", "footer"}),
                         ("briefing.md.j2", {"header", "theme", "item", "sources", "footer"}),
                         ("briefing.txt.j2", {"header", "theme", "item", "sources", "footer"})):
        text = (ROOT / "briefer" / "templates" / name).read_text(encoding="utf-8")
        assert wanted <= set(BLOCKS.findall(text)), name


def test_templates_init_copies_the_defaults_and_never_overwrites_without_force(project):
    result = run_cli("templates", "init", cwd=project)
    assert result.returncode == 0, result.stderr
    copied = sorted(p.name for p in (project / "templates").iterdir())
    assert {"briefing.html.j2", "briefing.md.j2", "briefing.txt.j2", "feed.xml.j2", "index.html.j2"} <= set(copied)
    mine = project / "templates" / "briefing.md.j2"
    mine.write_text("my own {{ title }}\n", encoding="utf-8")

    again = run_cli("templates", "init", cwd=project)
    assert again.returncode == 2
    assert "already exist" in again.stderr and "--force" in again.stderr and "Traceback" not in again.stderr
    assert mine.read_text(encoding="utf-8") == "my own {{ title }}\n"

    forced = run_cli("templates", "init", "--force", cwd=project)
    assert forced.returncode == 0
    assert mine.read_text(encoding="utf-8") == (ROOT / "briefer/templates/briefing.md.j2").read_text(encoding="utf-8")


def test_templates_init_into_a_named_folder(tmp_path):
    result = run_cli("templates", "init", "elsewhere", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere" / "briefing.html.j2").is_file()


def test_templates_list_names_the_file_each_template_comes_from(project):
    (project / "templates" / "briefing.md.j2").write_text("{{ title }}\n", encoding="utf-8")
    (project / "templates" / "_extra.html.j2").write_text("<p>{{ title }}</p>\n", encoding="utf-8")
    result = run_cli("templates", "list", cwd=project)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "user" in rows["briefing.md.j2"] and str(project / "templates" / "briefing.md.j2") in rows["briefing.md.j2"]
    assert "replaces the default" in rows["briefing.md.j2"]
    assert "user" in rows["_extra.html.j2"]
    assert "package" in rows["briefing.html.j2"] and "briefer/templates/briefing.html.j2" in rows["briefing.html.j2"]
    assert "README.md" not in result.stdout


def test_templates_check_passes_on_the_defaults(project):
    result = run_cli("templates", "check", cwd=project)
    assert result.returncode == 0, result.stderr
    for name in ("briefing.html.j2", "briefing.md.j2", "briefing.txt.j2", "feed.xml.j2", "index.html.j2"):
        assert f"ok  {name}" in result.stdout


def test_templates_check_reports_an_undefined_variable_with_file_and_line(project):
    path = project / "templates" / "briefing.html.j2"
    path.write_text('{% extends "!default/briefing.html.j2" %}\n{% block item %}\n<li>{{ item.text }}</li>\n'
                    "<li>{{ item.article.headline }}</li>\n{% endblock %}\n", encoding="utf-8")
    result = run_cli("templates", "check", cwd=project)
    assert result.returncode == 1
    assert f"{path}:4:" in result.stderr and "headline" in result.stderr and "undefined" in result.stderr
    assert "Traceback" not in result.stderr
    assert "ok  briefing.md.j2" in result.stdout


def test_templates_check_reports_a_syntax_error_with_file_and_line(project):
    path = project / "templates" / "briefing.md.j2"
    path.write_text("# {{ title }}\n\n{% for theme in themes %}\n## {{ theme.name }\n{% endfor %}\n", encoding="utf-8")
    result = run_cli("templates", "check", cwd=project)
    assert result.returncode == 1
    assert f"{path}:4: template syntax error" in result.stderr


def test_a_broken_template_names_file_and_line_and_keeps_previous_output(project):
    out = project / "briefings"
    assert run_cli("run", "--date", "2023-02-24", cwd=project).returncode == 0
    assert run_cli("run", "--date", DAY, cwd=project).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert {"2023-02-24.html", f"{DAY}.html", f"{DAY}.md", "feed.xml", "latest.html"} <= set(before)

    broken = project / "templates" / "briefing.txt.j2"
    broken.write_text('{% extends "!default/briefing.txt.j2" %}\n{% block item %}\n{{ item.text | nosuchfilter }}\n'
                      "{% endblock %}\n", encoding="utf-8")
    result = run_cli("run", "--date", DAY, cwd=project)
    assert result.returncode == 1
    assert f"{broken}:3" in result.stderr and "nosuchfilter" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before

    broken.write_text('{% extends "!default/briefing.txt.j2" %}\n{% block item %}\n{{ item.score // 0 }}\n'
                      "{% endblock %}\n", encoding="utf-8")
    result = run_cli("run", "--date", DAY, cwd=project)
    assert result.returncode == 1
    assert f"{broken}:3" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_config_option_is_accepted_after_the_action_too(tmp_path):
    from conftest import run_cli

    (tmp_path / "mine").mkdir()
    (tmp_path / "config.yaml").write_text("templates_dir: mine\n")
    (tmp_path / "mine" / "briefing.md.j2").write_text("{{ title }}\n")
    for args in (["templates", "list", "--config", str(tmp_path / "config.yaml")],
                 ["templates", "--config", str(tmp_path / "config.yaml"), "list"]):
        result = run_cli(*args, cwd=tmp_path.parent)
        assert result.returncode == 0, result.stderr
        line = next(line for line in result.stdout.splitlines() if line.startswith("briefing.md.j2"))
        assert str(tmp_path / "mine" / "briefing.md.j2") in line
