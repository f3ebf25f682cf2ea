"""The files a run writes: Markdown, HTML, text, JSON (+ its JSON Schema), the Atom feed, index.html
and latest.*, each switchable in config. Runs the real command line on small articles written here."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import jsonschema
import markdown as markdown_lib
import pytest
from conftest import ROOT, run_cli

ATOM = "{http://www.w3.org/2005/Atom}"

CONFIG = """\
sources: [{path: articles, name: Test desk}]
themes:
  - name: Harbour
    keywords: [harbour, quay, ferry]
  - name: Weather
    keywords: [storm, rain, wind]
briefing: {title: Harbour town briefing, sentences_per_theme: 10, sentences_per_article: 10}
timezone: UTC
"""

ARTICLE = """\
{title}

The harbour reopened on Saturday after two weeks of repairs to the main quay and its cranes.
A storm with strong wind and heavy rain had damaged the ferry berth earlier this month.
The port authority said every berth was inspected before the first ferry was allowed to dock again.
Local traders welcomed the news and said the market would return to the quay on Sunday morning.
"""

# One different article per day: briefer leaves out what an earlier briefing already carried.
DAILY = {
    "2023-02-23": ("Storm warning for the coast",
                   "Forecasters warned that a storm would bring gales and heavy rain to the coast on Thursday night.\n"
                   "Schools near the seafront will close early and the coastal road may be shut by the wind.\n"),
    "2023-02-24": ("Ferry berth damaged overnight",
                   "Waves driven by the overnight gale tore two fenders from the ferry berth at the harbour.\n"
                   "Engineers expect the quay to stay closed to passenger ferries for at least ten days.\n"),
    "2023-02-25": ("Harbour reopens after repairs", ARTICLE.split("\n", 2)[2]),
}


def write_project(root: Path, config: str = CONFIG, extra: str = "") -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "config.yaml").write_text(config + extra, encoding="utf-8")
    return root


def brief(root: Path, day: str, *args: str) -> None:
    """Put the day's article (alone) in articles/ and run briefer for that day."""
    for old in (root / "articles").glob("day-*.txt"):
        old.unlink()
    title, body = DAILY[day]
    (root / "articles" / f"day-{day}.txt").write_text(f"{title}\n\n{body}", encoding="utf-8")
    result = run_cli("run", "--date", day, *args, cwd=root)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def three_days(tmp_path_factory) -> Path:
    """Briefings for three days, written out of order (the middle day last); read-only for the tests."""
    root = write_project(tmp_path_factory.mktemp("three-days"))
    for day in ("2023-02-23", "2023-02-25", "2023-02-24"):
        brief(root, day)
    return root / "briefings"


def test_json_validates_against_the_published_schema(three_days):
    schema = json.loads((ROOT / "briefer" / "data" / "briefing.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    # The schema is published next to the briefings, identical to the one in the package.
    assert json.loads((three_days / "briefing.schema.json").read_text(encoding="utf-8")) == schema
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for path in sorted(three_days.glob("2023-*.json")):
        validator.validate(json.loads(path.read_text(encoding="utf-8")))
    broken = json.loads((three_days / "2023-02-25.json").read_text(encoding="utf-8"))
    broken["themes"][0]["items"][0]["score"] = "high"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_the_sample_briefing_validates_too(tmp_path):
    schema = json.loads((ROOT / "briefer" / "data" / "briefing.schema.json").read_text(encoding="utf-8"))
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")  # a copy: the run keeps state beside its config
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    result = run_cli("run", "--date", "2023-02-25", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "briefings" / "2023-02-25.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)


def test_atom_feed_parses_without_bozo_and_has_the_rfc4287_elements(three_days):
    raw = (three_days / "feed.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Harbour town briefing"
    assert parsed.feed.id and parsed.feed.updated and parsed.feed.author == "briefer"
    assert [e.title for e in parsed.entries] == ["Harbour town briefing – 2023-02-25",
                                                 "Harbour town briefing – 2023-02-24",
                                                 "Harbour town briefing – 2023-02-23"]
    assert len({e.id for e in parsed.entries}) == 3
    assert "The harbour reopened on Saturday" in parsed.entries[0].content[0].value

    # RFC 4287 4.1.1 / 4.1.2 read straight from the XML: atom:feed and each atom:entry carry exactly one
    # id, title and updated; the feed has an author and a rel="self" link.
    feed = ElementTree.fromstring(raw)
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for child in ("id", "title", "updated"):
            assert len(element.findall(f"{ATOM}{child}")) == 1, (element.tag, child)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)",
                            element.find(f"{ATOM}updated").text)
        assert element.find(f"{ATOM}id").text.startswith(("urn:", "http"))
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "briefer"
    assert [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"] == ["feed.xml"]
    assert len(feed.findall(f"{ATOM}entry/{ATOM}content")) == 3


def test_atom_feed_keeps_the_newest_n_with_absolute_links(tmp_path):
    write_project(tmp_path, extra="outputs: {feed_entries: 2, base_url: 'https://news.example.org/b'}\n")
    for day in ("2023-02-23", "2023-02-25", "2023-02-24"):
        brief(tmp_path, day)
    parsed = feedparser.parse((tmp_path / "briefings" / "feed.xml").read_bytes())
    assert not parsed.bozo
    assert [e.link for e in parsed.entries] == ["https://news.example.org/b/2023-02-25.html",
                                                "https://news.example.org/b/2023-02-24.html"]
    assert parsed.feed.id == "https://news.example.org/b/feed.xml"
    assert any(link.rel == "self" and link.href == "https://news.example.org/b/feed.xml" for link in parsed.feed.links)


def test_index_lists_every_briefing_newest_first_and_latest_is_the_newest_by_date(three_days):
    index = (three_days / "index.html").read_text(encoding="utf-8")
    assert [m for m in re.findall(r'href="(2023-[^"]+\.html)"', index)] == [
        "2023-02-25.html", "2023-02-24.html", "2023-02-23.html"]
    assert 'href="feed.xml"' in index
    # The last run was for the 24th, but latest.* hold the 25th.
    assert (three_days / "latest.html").read_text() == (three_days / "2023-02-25.html").read_text()
    assert (three_days / "latest.md").read_text() == (three_days / "2023-02-25.md").read_text()


def test_plain_text_is_wrapped_to_80_columns(three_days):
    text = (three_days / "2023-02-25.txt").read_text(encoding="utf-8")
    assert text.startswith("Harbour town briefing – 2023-02-25\n")
    assert "\nHarbour\n-------\n" in text
    lines = [line for line in text.splitlines() if not re.search(r"https?://", line)]
    assert lines and max(len(line) for line in lines) <= 80
    assert "* The harbour reopened on Saturday after two weeks of repairs to the main quay" in text


def test_each_output_can_be_switched_off(tmp_path):
    write_project(tmp_path, extra="outputs: {markdown: false, json: false, atom: false, index: false, latest: false}\n")
    brief(tmp_path, "2023-02-25")
    assert sorted(p.name for p in (tmp_path / "briefings").iterdir()) == ["2023-02-25.html", "2023-02-25.txt"]


def test_only_http_links_survive_in_markdown_text_and_atom(tmp_path):
    write_project(tmp_path)
    payload = {"title": "[click](javascript:alert(1)) <script>alert(2)</script> \x1b[31mred\x07",
               "text": ARTICLE.split("\n", 2)[2] + "\nThe ferry [timetable](javascript:alert(3)) and <img src=x onerror=alert(4)> "
                       "appear on the harbour quay notice board.\n",
               "url": "javascript:alert(5)", "source": "<b>Quay\x1b[31m news</b>"}
    (tmp_path / "articles" / "tricky.json").write_text(json.dumps(payload), encoding="utf-8")
    brief(tmp_path, "2023-02-25")
    out = tmp_path / "briefings"
    markdown = (out / "2023-02-25.md").read_text(encoding="utf-8")
    assert r"\[click\](javascript:alert(1))" in markdown  # shown as text
    rendered = markdown_lib.markdown(markdown)  # what a Markdown viewer makes of the file
    assert "The ferry" in rendered and "click" in rendered
    assert "href=" not in rendered.replace('href="https://', "").replace('href="#story-', "")  # ours: At a glance
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    text = (out / "2023-02-25.txt").read_text(encoding="utf-8")
    assert "<script>alert(2)</script> [31mred" in text  # the title, as text, without control characters
    assert "\x1b" not in text and "\x07" not in text
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    content = "".join(entry.content[0].value for entry in feed.entries)
    assert "<script" not in content and "onerror=" not in content.replace("onerror=alert(4)&gt;", "")
    assert 'href="javascript' not in content and "&lt;script&gt;" in content
