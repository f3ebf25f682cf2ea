"""The command line end to end: `python -m briefer ...` in a subprocess, as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import copy_samples, run_cli

DAY = "2026-11-28"
BUDGET = "Council approves budget\nThe council approved its budget on Monday. Councillors voted 30 to 12 in favour.\n"
"""One short article of our own, as a text file: its headline, then its text."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the sample project: config.yaml and the bundled sample articles."""
    return copy_samples(tmp_path)


def test_run_writes_the_days_markdown_html_and_json(project):
    result = run_cli("run", "--date", DAY, cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "briefings"
    assert sorted(p.name for p in out.iterdir()) == [
        f"{DAY}.html", f"{DAY}.json", f"{DAY}.md", f"{DAY}.txt", "briefing.schema.json", "feed.xml", "index.html",
        "latest.html", "latest.md"]
    markdown = (out / f"{DAY}.md").read_text()
    for heading in ("## China–Belarus ties", "## Peace plan reactions", "## Arms to Ukraine", "## Other news"):
        assert heading in markdown
    html = (out / f"{DAY}.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and 'name="viewport"' in html


def test_the_json_is_the_documented_contract(project):
    assert run_cli("run", "--date", DAY, cwd=project).returncode == 0
    data = json.loads((project / "briefings" / f"{DAY}.json").read_text())
    assert data["schema"] == 3 and data["date"] == DAY
    assert data["generated_at"].startswith("20")
    names = [t["name"] for t in data["themes"]]
    assert names == ["China–Belarus ties", "Peace plan reactions", "Arms to Ukraine", "Other news"]
    texts = {a["title"]: a for a in data["articles"]}
    stories = {s["id"]: s for s in data["stories"]}
    for theme in data["themes"]:
        assert theme["items"] == [item for block in theme["blocks"] for item in block["items"]]
        for block in theme["blocks"]:
            assert block["story_id"] in stories and block["title"] == stories[block["story_id"]]["title"]
            scores = [item["score"] for item in block["items"]]
            assert scores == sorted(scores, reverse=True)
        for item in theme["items"]:
            assert set(item["article"]) >= {"title", "url", "source", "published"}
            assert item["article"]["title"] in texts
            if not theme["is_other"]:
                assert item["matched"], item
    # Every line is a real sentence of its article.
    samples = "\n".join(p.read_text(encoding="utf-8") for p in (project / "samples").iterdir())
    flat = " ".join(samples.split())
    for theme in data["themes"]:
        for item in theme["items"]:
            assert item["text"].replace("\\", "") in flat


def test_each_theme_section_has_its_own_sentences(project):
    assert run_cli("run", "--date", DAY, cwd=project).returncode == 0
    data = json.loads((project / "briefings" / f"{DAY}.json").read_text())
    sections = {t["name"]: t for t in data["themes"]}
    assert any("Leopard" in i["text"] or "ammunition" in i["text"].lower() or "shells" in i["text"]
               for i in sections["Arms to Ukraine"]["items"])
    assert all(i["article"]["title"] != "European shares edge higher as storm disrupts travel across the North Sea"
               for name, t in sections.items() if name != "Other news" for i in t["items"])
    roundup = "Wire roundup"
    fed = [name for name, t in sections.items() if any(i["article"]["title"].startswith(roundup) for i in t["items"])]
    assert len(fed) >= 3, "one article touching three themes feeds three sections"


def test_rerun_same_day_replaces_and_other_days_are_untouched(project):
    out = project / "briefings"
    out.mkdir()
    yesterday = out / "2026-11-27.md"
    yesterday.write_text("yesterday's briefing\n")
    assert run_cli("run", "--date", DAY, cwd=project).returncode == 0
    first = (out / f"{DAY}.json").read_text()
    assert run_cli("run", "--date", DAY, cwd=project).returncode == 0
    second = json.loads((out / f"{DAY}.json").read_text())
    assert second["themes"] == json.loads(first)["themes"]
    assert yesterday.read_text() == "yesterday's briefing\n"
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary files left behind"


def test_source_and_out_override_the_config(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("other")
    (other / "one.txt").write_text("Quiet day\nNothing much happened in the town on Tuesday. The mayor went home.\n")
    out = tmp_path_factory.mktemp("out")
    result = run_cli("run", "--source", str(other), "--out", str(out), "--date", DAY, cwd=project)
    assert result.returncode == 0, result.stderr
    data = json.loads((out / f"{DAY}.json").read_text())
    assert [a["title"] for a in data["articles"]] == ["Quiet day"]
    assert not (project / "briefings").exists()


def test_run_without_config_or_source_says_how_to_start(tmp_path):
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "briefer init" in result.stderr and "Traceback" not in result.stderr


def test_missing_config_file_is_an_error(tmp_path):
    result = run_cli("run", "--config", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 2 and "nope.yaml: config file not found" in result.stderr


def test_invalid_config_names_every_key_without_traceback(tmp_path):
    (tmp_path / "config.yaml").write_text("themes:\n  - name: A\n    colour: red\nbriefing:\n  stories_per_theme: x\n")
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "themes.0.colour: unknown key" in result.stderr
    assert "briefing.stories_per_theme" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_source_path_is_named(tmp_path):
    result = run_cli("run", "--source", "no/such/folder", cwd=tmp_path)
    assert result.returncode == 2 and "no/such/folder: no such file or folder" in result.stderr


def test_bad_input_files_are_skipped_with_warnings_and_the_briefing_is_still_built(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text(BUDGET)
    (articles / "empty.txt").write_text("")
    (articles / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (articles / "latin1.txt").write_bytes("Fête à Genève\nLa fête a attiré des milliers de visiteurs. "
                                          "Le maire était ravi.\n".encode("latin-1"))
    (articles / "unpunctuated.txt").write_text("Headline here\nno punctuation at all in this line\nAnother line without it\n")
    with (articles / "huge.txt").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    # A theme the unpunctuated lines match, so that the briefing shows them as sentences.
    (tmp_path / "config.yaml").write_text("themes:\n  - name: Lines\n    keywords: [line]\n")
    result = run_cli("run", "--source", str(articles), "--out", str(tmp_path / "out"), "--date", DAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for name, reason in (("empty.txt", "empty file"), ("binary.txt", "binary"), ("huge.txt", "too large")):
        assert any(name in line and reason in line for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads((tmp_path / "out" / f"{DAY}.json").read_text())
    assert sorted(a["title"] for a in data["articles"]) == ["Council approves budget", "Fête à Genève", "Headline here"]
    assert {Path(p["location"]).name for p in data["problems"]} == {"empty.txt", "binary.txt", "huge.txt"}
    markdown = (tmp_path / "out" / f"{DAY}.md").read_text()
    assert "## Skipped" in markdown and "huge.txt" in markdown
    texts = [i["text"] for t in data["themes"] for i in t["items"]]
    # Text without sentence punctuation: each line (a paragraph) counts as one sentence.
    assert "no punctuation at all in this line" in texts and "Another line without it" in texts


def test_a_run_with_no_readable_article_exits_1_and_keeps_the_old_briefing(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "empty.txt").write_text("")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{DAY}.md").write_text("the earlier briefing\n")
    result = run_cli("run", "--source", str(articles), "--out", str(out), "--date", DAY, cwd=tmp_path)
    assert result.returncode == 1
    assert "no article to brief" in result.stderr and "empty.txt: empty file" in result.stderr
    assert (out / f"{DAY}.md").read_text() == "the earlier briefing\n"


def test_a_broken_user_template_fails_clearly_and_destroys_nothing(project):
    assert run_cli("run", "--date", DAY, cwd=project).returncode == 0
    before = {p.name: p.read_text() for p in (project / "briefings").iterdir()}
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / "briefing.html.j2").write_text("<p>{% for x in %}</p>\n")
    result = run_cli("run", "--date", DAY, cwd=project)
    assert result.returncode != 0
    assert "briefing.html.j2" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_text() for p in (project / "briefings").iterdir()} == before


def test_bad_date_is_a_usage_error(project):
    result = run_cli("run", "--date", "28/11/2026", cwd=project)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("briefer ")


def test_init_writes_a_starter_that_works_and_never_overwrites(tmp_path):
    target = tmp_path / "mine"
    result = run_cli("init", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / "config.yaml").is_file() and (target / "templates").is_dir()
    (target / "articles" / "a.txt").write_text("Rates rise\nThe central bank raised interest rates on Thursday. "
                                               "Inflation stayed high.\n")
    run = run_cli("run", "--config", str(target / "config.yaml"), "--date", DAY, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Example theme" in (target / "briefings" / f"{DAY}.md").read_text()
    again = run_cli("init", str(target))
    assert again.returncode == 2 and "already exists" in again.stderr
    assert run_cli("init", str(target), "--force").returncode == 0


def test_a_date_without_a_time_is_shown_as_a_date(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "dated.md").write_text("---\ntitle: Ferry plan approved\npublished: 2023-02-25\n---\n\n"
                                       "The council approved the ferry plan on Saturday. Work starts in May.\n")
    (articles / "timed.md").write_text("---\ntitle: Harbour reopens\npublished: 2023-02-25T09:10:00+00:00\n---\n\n"
                                       "The harbour reopened on Saturday morning. Boats left at nine.\n")
    result = run_cli("run", "--source", str(articles), "--out", str(tmp_path / "out"), "--date", DAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for suffix in ("md", "html", "txt"):
        page = (tmp_path / "out" / f"{DAY}.{suffix}").read_text()
        shown = re.sub(r"<[^>]*>", "", page)  # what a reader sees (the HTML keeps the full time in datetime="")
        assert "25 Feb 2023, 09:10" in shown  # a time the source gave
        assert "25 Feb 2023" in shown.replace("25 Feb 2023, 09:10", "") and "00:00" not in shown, suffix


def test_each_skipped_file_and_failed_source_is_warned_once_on_stderr(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "good.txt").write_text(BUDGET)
    (articles / "empty.txt").write_text("")
    empty_folder = tmp_path / "nothing"
    empty_folder.mkdir()
    result = run_cli("run", "--source", str(articles), "--source", str(empty_folder),
                     "--out", str(tmp_path / "out"), "--date", DAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert sum("empty.txt" in line for line in lines) == 1, result.stderr
    assert sum(str(empty_folder) in line for line in lines) == 1, result.stderr
    assert any(str(empty_folder) in line and "no article files" in line for line in lines), result.stderr


def test_a_source_folder_holding_the_output_and_data_folders_never_briefs_its_own_briefings(tmp_path):
    (tmp_path / "budget.txt").write_text(BUDGET)
    (tmp_path / "config.yaml").write_text("sources: [./]\noutput_dir: out\ndata_dir: state\n")
    for day in ("2023-03-03", "2023-03-04"):
        result = run_cli("run", "--date", day, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "2023-03-04.json").read_text())
    titles = [a["title"] for a in data["articles"]]
    assert titles and not any("briefing" in title.lower() for title in titles), titles
    assert not any("out" in Path(p["location"]).parts for p in data["problems"]), data["problems"]


def test_run_ends_with_one_line_saying_what_it_briefed_and_where(tmp_path, tmp_path_factory):
    news = tmp_path / "news"
    news.mkdir()
    (news / "harbour.txt").write_text("Harbour reopens\nThe harbour reopened on Monday after repairs. "
                                      "Fishing boats left at dawn.\n")
    (news / "budget.txt").write_text(BUDGET)
    (news / "empty.txt").write_text("")
    (tmp_path / "quiet").mkdir()
    (tmp_path / "config.yaml").write_text("sources: [news, quiet]\noutput_dir: out\n"
                                          "themes: [{name: Harbour, keywords: [harbour]}]\n")
    result = run_cli("run", "--date", DAY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / f"{DAY}.json").read_text())
    assert len(data["articles"]) == 2 and [s["status"] for s in data["sources"]] == ["ok", "failed"]
    others = len(list((tmp_path / "out").iterdir())) - 4  # the feed, index, latest and the schema
    # One line on stdout, every count as the briefing has it, the folder as the user named it.
    assert re.fullmatch(rf"Briefed 2 articles from 2 sources \(1 failed\) under 1 theme; 1 skipped; "
                        rf"wrote {DAY}\.md, \.html, \.txt, \.json and {others} other files in out/ "
                        rf"\(\d+\.\d s\)\n", result.stdout), result.stdout

    elsewhere = tmp_path_factory.mktemp("elsewhere")  # outside the working folder: shown in full
    quiet = run_cli("run", "--date", DAY, "--out", str(elsewhere), "--source", "news", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert f"from 1 source under 1 theme; 1 skipped; wrote {DAY}.md, " in quiet.stdout
    assert f" in {elsewhere}/ (" in quiet.stdout

    silent = run_cli("run", "-q", "--date", DAY, cwd=tmp_path)
    assert silent.returncode == 0 and silent.stdout == "", silent.stdout
    assert (tmp_path / "out" / f"{DAY}.md").is_file()


def test_an_out_folder_inside_the_source_folder_is_never_briefed_as_news(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "budget.txt").write_text(BUDGET)
    for day in ("2023-03-03", "2023-03-04"):
        result = run_cli("run", "--date", day, "--source", "sources", "--out", "./sources/out", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    first = json.loads((sources / "out" / "2023-03-03.json").read_text())
    assert first["title"] == "Daily briefing"
    data = json.loads((sources / "out" / "2023-03-04.json").read_text())
    titles = [a["title"] for a in data["articles"]]
    assert not any("Daily briefing" in title for title in titles), titles
    assert not any("out" in Path(p["location"]).parts for p in data["problems"]), data["problems"]
    assert "Briefed 1 article from 1 source under 0 themes; 0 skipped; " in result.stdout
