"""briefing.language (issue 14 point 4): the labels and written dates of every output in the
briefing's language, `lang` attributes on what is written in another, and the schema-3 JSON that
says which language each text is in. Through the real CLI."""

from __future__ import annotations

import email
import email.policy
import json
import re
import shutil
from html import unescape
from pathlib import Path

import jsonschema
import pytest
import yaml
from babel import Locale
from conftest import DATA, ROOT, run_cli
from test_email import smtp  # noqa: F401 (the loopback SMTP server fixture)

from briefer.labels import SHIPPED, labels_for
from briefer.render import display_columns

MIXED = DATA / "languages" / "mixed"
DAY = "2023-03-07"
SCHEMA = json.loads((ROOT / "briefer" / "data" / "briefing.schema.json").read_text(encoding="utf-8"))


def project(tmp_path: Path, briefing: dict, sources: Path | None = None) -> Path:
    """The sample config with `briefing` merged into its briefing section (its title left to the language)."""
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    config["briefing"].pop("title", None)
    config["briefing"]["other_news"].pop("title", None)
    config["briefing"].update(briefing)
    (tmp_path / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    if sources is None:
        shutil.copytree(ROOT / "samples", tmp_path / "samples")
    return tmp_path


def brief(folder: Path, *args: str, day: str = DAY) -> Path:
    out = folder / "out"
    result = run_cli("run", *args, "--out", str(out), "--date", day, cwd=folder)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def german(seed_article, tmp_path) -> Path:
    """The mixed folder (German, French, Russian, Chinese) and the English seed, briefed in German."""
    news = tmp_path / "news"
    shutil.copytree(MIXED, news)
    shutil.copy(seed_article, news / "en-seed.txt")
    return brief(project(tmp_path, {"language": "de"}, sources=news), "--source", str(news))


def test_a_german_briefing_has_german_labels_and_dates_in_every_output(german):
    md = (german / f"{DAY}.md").read_text(encoding="utf-8")
    assert md.startswith("# Tagesüberblick – 7. März 2023\n")
    assert "## Auf einen Blick" in md and "*Wichtige Namen: " in md and "## Quellen" in md
    assert "3. März 2023, 07:45 · 1 Quelle: " in md  # the German article's dateline, written back in German
    assert "<small>Warum hier: " in md
    assert re.search(r"\n- \*\*[^*]+:\*\* „[^“”]+“ \(", md)  # German quote marks around a quote
    assert re.search(r"Erstellt von briefer am \d+\. \w+ 2026, \d\d:\d\d aus 9 Artikeln\.", md)
    assert "At a glance" not in md and "Key names" not in md and " source" not in md and "Generated" not in md

    text = (german / f"{DAY}.txt").read_text(encoding="utf-8")
    assert "Tagesüberblick – 7. März 2023" in text and "Auf einen Blick\n---------------\n" in text
    assert "Wichtige Namen: " in text and "Quellen\n-------\n" in text
    assert "3. März 2023, 07:45 · 1 Quelle: " in text and "At a glance" not in text
    chinese = [line for line in text.splitlines() if re.search(r"[\u4e00-\u9fff]", line)]
    assert len(chinese) > 5 and all(display_columns(line) <= 80 for line in chinese)  # wrapped by columns too
    assert not any(re.match(r"\s*[，。！？、]", line) for line in chinese)  # never a line opening with a closing mark

    html = (german / f"{DAY}.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html and "<h2>Auf einen Blick</h2>" in html and "<h2>Quellen</h2>" in html
    assert '<time datetime="2023-03-07">7. März 2023</time>' in html
    assert ">3. März 2023, 07:45</time> · 1 Quelle: " in html
    assert "Jede Zeile ist ein Satz aus der verlinkten Quelle." in html

    index = (german / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in index and "1 Ausgabe" in index and "Atom-Feed" in index
    assert "Tagesüberblick – alle Ausgaben" in index and "Aktualisiert von briefer am " in index
    assert '<time datetime="2023-03-07">7. März 2023</time>' in index

    feed = (german / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="de"' in feed and "<title>Tagesüberblick – 7. März 2023</title>" in feed
    assert "Auf einen Blick" in feed and "1 Quelle" in feed


def test_items_in_another_language_than_the_briefings_carry_their_lang(german):
    html = (german / f"{DAY}.html").read_text(encoding="utf-8")
    data = json.loads((german / f"{DAY}.json").read_text(encoding="utf-8"))
    items = re.findall(r'<li class="item"( lang="\w+")?><p class="text">(.*?) <span', html)
    marks = {unescape(text): attr for attr, text in items}
    by_language = {}
    for theme in data["themes"]:
        for item in theme["items"]:
            by_language.setdefault(item["article"]["language"], []).append(item["text"])
    assert {"en", "de", "fr", "ru", "zh"} <= set(by_language)
    assert all(marks[text] == ' lang="en"' for text in by_language["en"])  # the English seed in a German briefing
    assert all(marks[text] == "" for text in by_language["de"])
    assert all(marks[text] == ' lang="zh"' for text in by_language["zh"])
    assert ' lang="zh"' in marks.values() and ' lang="ru"' in marks.values() and ' lang="fr"' in marks.values()
    # The seed's headline, in At a glance and over its block, and its quotes too
    seed_title = next(a["title"] for a in data["articles"] if a["language"] == "en")
    assert f'lang="en">{seed_title}</a>' in html and f'<h3 lang="en">{seed_title}</h3>' in html
    assert '<li class="quote" lang="fr">' in html or '<li class="quote" lang="ru">' in html
    assert not re.search(r'lang="de"[^>]*>', html.split("<body>", 1)[1])  # German text needs no mark
    feed = (german / "feed.xml").read_text(encoding="utf-8")
    assert "&lt;h3 lang=&#34;en&#34;&gt;" in feed or '&lt;h3 lang="en"&gt;' in feed


def test_the_json_says_which_language_each_text_is_in(german):
    data = json.loads((german / f"{DAY}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["schema"] == 3 and data["language"] == "de"
    assert data["title"] == "Tagesüberblick"
    blocks = [b for t in data["themes"] for b in t["blocks"]]
    assert {b["language"] for b in blocks} >= {"en", "de", "zh"}
    assert all(s["language"] for s in data["stories"]) and all(g["language"] for g in data["glance"])
    assert all(o["language"] for b in blocks for o in b["sources"])


def test_a_day_with_nothing_new_says_so_in_the_briefings_language(tmp_path):
    news = tmp_path / "news"
    shutil.copytree(ROOT / "samples", news)
    (tmp_path / "config.yaml").write_text("briefing: {language: de}\nsources: [{path: news, only_new: true}]\n",
                                          encoding="utf-8")
    brief(tmp_path, day="2023-03-03")
    out = brief(tmp_path, day="2023-03-04")
    data = json.loads((out / "2023-03-04.json").read_text(encoding="utf-8"))
    assert data["articles"] == [] and data["notice"] == "Nichts Neues seit der letzten Ausgabe (2023-03-03)."
    for suffix in ("md", "html", "txt"):
        assert "Nichts Neues seit der letzten Ausgabe" in (out / f"2023-03-04.{suffix}").read_text(encoding="utf-8")


def test_polish_counts_take_the_plural_form_each_number_needs(tmp_path):
    out = brief(project(tmp_path, {"language": "polish"}))
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    assert md.startswith("# Przegląd dnia – 7 marca 2023\n")
    assert "1 źródło" in md and "## W skrócie" in md
    articles = len(json.loads((out / f"{DAY}.json").read_text(encoding="utf-8"))["articles"])
    assert 5 <= articles <= 21  # the samples: "5 artykułów" ... "21 artykułów"
    assert f"na podstawie {articles} artykułów." in md and f"· {articles} artykułów" in md
    html = (out / f"{DAY}.html").read_text(encoding="utf-8")
    assert '<html lang="pl">' in html and '<li class="item" lang="en">' in html  # the English samples


@pytest.mark.parametrize("code", [c for c in SHIPPED if c not in ("en", "de", "pl")])
def test_every_shipped_language_labels_the_briefing(tmp_path, code):
    labels = labels_for(code)
    out = brief(project(tmp_path, {"language": code}))
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    assert md.startswith(f"# {labels['daily_briefing']} – ") and f"## {labels['at_a_glance']}" in md
    assert f"## {labels['sources']}" in md and "At a glance" not in md
    html = (out / f"{DAY}.html").read_text(encoding="utf-8")
    assert f'<html lang="{code}">' in html and '<li class="item" lang="en">' in html
    text = (out / f"{DAY}.txt").read_text(encoding="utf-8")
    assert all(len(line) <= 80 or " " not in line for line in text.splitlines())


def test_every_shipped_language_has_every_label_and_plural_form():
    english = labels_for("en")
    for code in SHIPPED:
        labels = labels_for(code)
        own = __import__(f"briefer.labels.{code}", fromlist=["LABELS"]).LABELS
        assert set(own) == set(english), code  # written in full, not left to fall back to English
        categories = set(Locale.parse(code).plural_form.tags) | {"other"}
        for name, label in labels.items():
            if name.startswith("n_") or name == "generated":
                assert isinstance(label, dict) and categories <= set(label), (code, name)
                assert all("{n}" in text for text in label.values()), (code, name)


def test_briefing_language_that_is_no_language_is_a_config_error_naming_the_key(tmp_path):
    for value in ("klingonish", "auto"):
        (tmp_path / "config.yaml").write_text(f"sources: [a/]\nbriefing: {{language: {value}}}\n")
        result = run_cli("run", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert "briefing.language" in result.stderr and value in result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_title_the_user_wrote_stays_and_a_language_without_labels_gets_english_words(tmp_path):
    out = brief(project(tmp_path, {"language": "belarusian", "title": "Мой брыфінг"}))
    md = (out / f"{DAY}.md").read_text(encoding="utf-8")
    # No labels of its own: English words, the day written in Belarusian by CLDR
    assert md.startswith("# Мой брыфінг – 2023-03-07\n") and "## At a glance" in md
    assert re.search(r"\d+ (сакавіка|сак) 2023", md)
    assert '<html lang="be">' in (out / f"{DAY}.html").read_text(encoding="utf-8")


def test_a_template_of_yours_can_change_any_label(tmp_path):
    folder = project(tmp_path, {"language": "de"})
    (folder / "templates").mkdir()
    (folder / "templates" / "briefing.md.j2").write_text(
        '{% extends "!default/briefing.md.j2" %}\n'
        '{% set labels = dict(labels, at_a_glance="Das Wichtigste", n_sources={"one": "{n} Medium", "other": "{n} Medien"},'
        ' date="dd.MM.y", datetime="dd.MM.y HH:mm", day="EEEE, d. MMMM y") %}\n', encoding="utf-8")
    check = run_cli("templates", "check", cwd=folder)
    assert check.returncode == 0, check.stdout + check.stderr
    md = (brief(folder) / f"{DAY}.md").read_text(encoding="utf-8")
    assert md.startswith("# Tagesüberblick – Dienstag, 7. März 2023\n")
    assert "## Das Wichtigste" in md and "1 Medium" in md and "Auf einen Blick" not in md
    assert re.search(r"\n\d\d\.\d\d\.2023 \d\d:\d\d · 1 Medium: ", md)


def test_english_stays_as_it_was(tmp_path):
    out = brief(project(tmp_path, {}), day="2023-02-25")
    md = (out / "2023-02-25.md").read_text(encoding="utf-8")
    assert md.startswith("# Daily briefing – 2023-02-25\n") and "## At a glance" in md
    assert re.search(r"\n\d{1,2} (Feb|Mar) 2023(, \d\d:\d\d)? · 1 source: ", md)
    assert re.search(r"Generated by briefer at \d{1,2} \w{3} \d{4}, \d\d:\d\d from \d+ articles\.", md)
    html = (out / "2023-02-25.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and ' lang="' not in html.split("<body>", 1)[1]


def test_summarize_and_help_never_import_babel(tmp_path):
    for args in (("summarize", str(ROOT / "samples" / "lukashenko-beijing-visit.txt")), ("--help",)):
        result = run_cli(*args, cwd=tmp_path, env={"PYTHONPROFILEIMPORTTIME": "1"})
        assert result.returncode == 0, result.stderr
        assert not [name for name in imported_modules(result.stderr) if name.split(".")[0] == "babel"], args
    # The check sees babel where a command renders: `templates check` writes dates and counts.
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    result = run_cli("templates", "check", cwd=tmp_path, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0 and "babel.dates" in imported_modules(result.stderr)


def imported_modules(importtime: str) -> set[str]:
    """The module names of `python -X importtime` lines ("import time: self | cumulative | name")."""
    return {line.rsplit("|", 1)[-1].strip() for line in importtime.splitlines() if line.startswith("import time:")}


def as_schema_2(document: dict) -> dict:
    """A schema-3 briefing as briefer wrote it before schema 3: no language but the articles'."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "language" or "url" in value and "source" in value}
        return [strip(v) for v in value] if isinstance(value, list) else value
    return {**strip(document), "schema": 2}


def test_an_earlier_schema_2_briefing_stays_readable_for_the_feed_the_index_and_novelty(tmp_path):
    from briefer.archive import read_briefing

    folder = project(tmp_path, {})
    out = brief(folder, day="2023-02-25")
    path = out / "2023-02-25.json"
    old = as_schema_2(json.loads(path.read_text(encoding="utf-8")))
    assert "language" not in old and "language" not in old["themes"][0]["blocks"][0]
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")

    upgraded = read_briefing(path)
    assert upgraded["schema"] == 3 and upgraded["language"] == "en"
    assert {b["language"] for t in upgraded["themes"] for b in t["blocks"]} == {"en"}
    assert all(g["language"] == "en" for g in upgraded["glance"]) and all(s["language"] for s in upgraded["stories"])
    assert json.loads(path.read_text(encoding="utf-8"))["schema"] == 2  # the file itself is left as it was

    config = yaml.safe_load((folder / "config.yaml").read_text(encoding="utf-8"))
    config["briefing"]["language"] = "de"
    (folder / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    brief(folder, day="2023-02-26")
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry") == 2 and "– 25. Februar 2023</title>" in feed
    assert '<entry xml:lang="en">' in feed  # the old English day in a German feed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2023-02-25">25. Februar 2023</time>' in index and "2 Ausgaben" in index
    md = (out / "2023-02-26.md").read_text(encoding="utf-8")
    assert "*fortlaufend* ([25. Februar 2023](<2023-02-25.html#story-" in md  # yesterday's stories still count


def test_the_email_of_a_german_briefing_has_a_german_subject_and_parts(tmp_path, smtp):
    inbox, port = smtp
    folder = project(tmp_path, {"language": "de"})
    with (folder / "config.yaml").open("a", encoding="utf-8") as config:
        config.write(f"email: {{host: 127.0.0.1, port: {port}, security: none, from: b@example.org, to: [r@example.org]}}\n")
    brief(folder, "--email")
    message = email.message_from_bytes(inbox.messages[0][2], policy=email.policy.default)
    assert message["Subject"] == "Tagesüberblick – 7. März 2023"
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert "Auf einen Blick" in parts["text/plain"] and '<html lang="de">' in parts["text/html"]
