"""The story-first briefing end to end through the CLI: story blocks inside themes, At a glance,
nothing twice in any output, why-here terms, and one story from two outlets' copies of a report."""

from __future__ import annotations

import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from conftest import copy_samples, run_cli

DAY = "2023-02-25"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join(parser.parts)


def flat(text: str) -> str:
    return " ".join(text.split())


def outputs(out: Path) -> dict[str, str]:
    """What a reader of each output reads, as one line of plain text."""
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    return {
        "md": flat((out / f"{DAY}.md").read_text(encoding="utf-8").replace("\\", "")),
        "txt": flat((out / f"{DAY}.txt").read_text(encoding="utf-8")),
        "html": flat(html.unescape(html_text((out / f"{DAY}.html").read_text(encoding="utf-8")))),
        "atom": flat(html_text(feed.entries[0].content[0].value)),
    }


def shown_texts(data: dict) -> list[str]:
    """Every sentence (item, context) and quote the briefing shows."""
    texts = []
    for theme in data["themes"]:
        for block in theme["blocks"]:
            for item in block["items"]:
                texts += [*item["context"], item["text"][len(" ".join(item["context"])):].strip()]
            texts += [q["text"] for q in block["quotes"]]
    return [t for t in texts if t]


def brief(root: Path, *args: str) -> tuple[dict, Path]:
    result = run_cli("run", "--date", DAY, "--out", str(root / "out"), *args, cwd=root)
    assert result.returncode == 0, result.stderr
    return json.loads((root / "out" / f"{DAY}.json").read_text(encoding="utf-8")), root / "out"


def assert_story_first(data: dict, out: Path) -> None:
    """The acceptance of issue 11 for one briefing."""
    texts = shown_texts(data)
    assert texts
    for kind, text in outputs(out).items():
        for sentence in texts:
            assert text.count(flat(sentence)) <= 1, (kind, sentence)
    markdown = (out / f"{DAY}.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", markdown, flags=re.M)
    for theme in data["themes"]:
        [section] = [s for s in sections if s.startswith(theme["name"] + "\n")]
        headlines = [line for line in section.splitlines() if line.startswith("### ")]
        assert len(headlines) == len(theme["blocks"])  # one headline line per story block
        for block in theme["blocks"]:
            assert sum(block["title"] in line for line in section.splitlines()) == 1
            if block["matched"]:
                assert "Why here: " + ", ".join(block["matched"]) in section
        # Quotes under a theme come from its story blocks.
        assert theme["quotes"] == [q for b in theme["blocks"] for q in b["quotes"]]
        stories = {b["story_id"]: b for b in theme["blocks"]}
        story_articles = {s["id"]: {a["title"] for a in s["articles"]} for s in data["stories"]}
        for block in stories.values():
            for quote in block["quotes"]:
                assert quote["article"]["title"] in story_articles[block["story_id"]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_samples(tmp_path)


def test_the_samples_read_as_stories(project):
    data, out = brief(project)
    assert_story_first(data, out)
    assert data["schema"] == 3 and 1 <= len(data["glance"]) <= 5
    glance = data["glance"][0]
    assert glance["anchor"] == f"story-{glance['story_id']}"
    html_page = (out / f"{DAY}.html").read_text(encoding="utf-8")
    assert f'id="{glance["anchor"]}"' in html_page and f'href="#{glance["anchor"]}"' in html_page
    assert "Why here:" in (out / f"{DAY}.txt").read_text(encoding="utf-8")
    assert "Why here:" in outputs(out)["atom"]
    other = data["themes"][-1]
    assert other["is_other"] and other["blocks"] and all(not b["items"] for b in other["blocks"])


def test_other_news_can_show_its_best_sentence_and_at_a_glance_can_be_off(project):
    config = project / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  glance: 5\n", "  glance: 0\n").replace("    title: Other news\n", "    title: Other news\n    sentence: true\n"),
        encoding="utf-8")
    data, out = brief(project)
    assert data["glance"] == [] and "At a glance" not in (out / f"{DAY}.md").read_text(encoding="utf-8")
    other = data["themes"][-1]
    assert other["blocks"] and all(len(b["items"]) == 1 for b in other["blocks"])
    assert_story_first(data, out)


def test_the_seed_fills_three_themes_with_its_headline_once_in_each(seed_article, project):
    data, out = brief(project, "--source", str(seed_article))
    filled = {t["name"]: t for t in data["themes"] if t["blocks"]}
    assert {"China–Belarus ties", "Peace plan reactions", "Arms to Ukraine"} <= set(filled)
    for theme in filled.values():
        assert len(theme["blocks"]) == 1
    assert_story_first(data, out)
    # Context shown under one theme is never an item under another (the "Speaking to reporters").
    speaking = [t for t in shown_texts(data) if "Speaking to reporters" in t]
    assert len(speaking) <= 1


def test_an_edited_copy_from_another_outlet_is_one_story_with_two_sources(seed_article, project):
    folder = project / "day"
    folder.mkdir()
    shutil.copy(seed_article, folder / "seed.txt")
    text = seed_article.read_text(encoding="utf-8")
    edited = text.replace("next week", "in the coming days").replace("staunch", "close").replace(
        "On Friday", "Last Friday")
    assert edited != text
    (folder / "copy.json").write_text(json.dumps({"title": "Lukashenko heads to Beijing", "text": edited,
                                                  "source": "Other Outlet",
                                                  "url": "https://example.net/lukashenko"}), encoding="utf-8")
    data, out = brief(project, "--source", str(folder))
    assert len(data["articles"]) == 2
    [story] = data["stories"]
    assert story["sources"] == 2 and len(story["articles"]) == 2
    for theme in data["themes"]:
        assert len(theme["blocks"]) <= 1
        for block in theme["blocks"]:
            assert len(block["sources"]) == 2
    assert_story_first(data, out)


def test_exclude_terms_keep_other_news_out_of_a_theme(project):
    (project / "samples" / "zoo.txt").write_text(
        "Zoo welcomes two snow leopard cubs\n\nThe city zoo said two snow leopard cubs were born on Tuesday, "
        "the first in its history. Keepers said the cubs and their mother were doing well.\n", encoding="utf-8")
    data, _ = brief(project)
    arms = next(t for t in data["themes"] if t["name"] == "Arms to Ukraine")
    assert not any("zoo" in b["title"].lower() for b in arms["blocks"])
    other = data["themes"][-1]
    assert any("zoo" in b["title"].lower() for b in other["blocks"])


def test_a_second_day_over_the_same_samples_shows_only_what_is_new(project):
    first, _ = brief(project)
    result = run_cli("run", "--date", "2023-02-26", "--out", str(project / "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    second = json.loads((project / "out" / "2023-02-26.json").read_text(encoding="utf-8"))
    assert second["stories"] and all(s["status"] == "developing" for s in second["stories"])
    markdown = flat((project / "out" / "2023-02-26.md").read_text(encoding="utf-8").replace("\\", ""))
    assert "developing" in markdown
    for text in shown_texts(first):
        assert flat(text) not in markdown, text
    assert shown_texts(second)  # what the first day did not show
    # A developing story keeps its id, and its block links to the block of the day before.
    first_page = (project / "out" / f"{DAY}.html").read_text(encoding="utf-8")
    second_page = (project / "out" / "2023-02-26.html").read_text(encoding="utf-8")
    assert {s["id"] for s in second["stories"]} <= {s["id"] for s in first["stories"]}
    blocks = [b for t in second["themes"] for b in t["blocks"]]
    assert blocks and all(b["previous"] == DAY for b in blocks)
    for block in blocks:
        assert f'href="{DAY}.html#story-{block["story_id"]}"' in second_page
        assert f'id="story-{block["story_id"]}"' in first_page


def test_an_earlier_schema_1_briefing_still_counts_for_the_feed_the_index_and_novelty(project):
    first, out = brief(project)
    # The day as briefer wrote it before schema 2: items per theme, no blocks, no glance, no story ids.
    old = {**first, "schema": 1, "themes": [{k: v for k, v in t.items() if k != "blocks"} for t in first["themes"]],
           "stories": [{k: v for k, v in s.items() if k in ("title", "status", "articles", "items")}
                       for s in first["stories"] if len(s["articles"]) > 1]}
    del old["glance"]
    (out / f"{DAY}.json").write_text(json.dumps(old), encoding="utf-8")
    result = run_cli("run", "--date", "2023-02-26", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "not a briefing" not in result.stderr
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [e.title.rsplit(" ", 1)[-1] for e in feed.entries] == ["2023-02-26", DAY]
    assert "Why here:" in feed.entries[1].content[0].value  # the old day, rendered in the new shape
    assert f"{DAY}.html" in (out / "index.html").read_text(encoding="utf-8")
    second = json.loads((out / "2023-02-26.json").read_text(encoding="utf-8"))
    markdown = flat((out / "2023-02-26.md").read_text(encoding="utf-8").replace("\\", ""))
    for text in shown_texts(first):
        assert flat(text) not in markdown
    assert all(s["status"] == "developing" for s in second["stories"])
