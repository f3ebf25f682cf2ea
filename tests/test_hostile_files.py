"""Hostile and broken local input: each bad file is skipped and named by its path, the rest is briefed.

Lone surrogates, wrong JSON and front-matter types, deep nesting, symbolic links out of the folder,
unreadable subfolders, terminal escapes in file names, control and direction-override characters
in the text, and the encodings news is written in. Every article here is made up for these tests.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run_cli

from briefer.clean import clean_text
from briefer.errors import SourceError
from briefer.sources.encoding import detect_encoding
from briefer.sources.feeds import parse_feed
from briefer.sources.files import FileSource, decode, load_file

DAY = "2026-11-28"
GOOD = ("Harbour reopens after repairs\nThe harbour of Port Avery reopened on Monday after six weeks of repairs. "
        "Fishing boats were the first to sail out. The harbour master said the new wall would last decades.\n")


def folder_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    articles = tmp_path / "articles"
    articles.mkdir(exist_ok=True)
    (articles / "good.txt").write_text(GOOD)
    for name, content in files.items():
        path = articles / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    return articles


def brief(tmp_path: Path, *args: str) -> tuple[object, dict]:
    result = run_cli("run", *args, "--out", str(tmp_path / "out"), "--date", DAY, cwd=tmp_path)
    data_file = tmp_path / "out" / f"{DAY}.json"
    return result, json.loads(data_file.read_text()) if data_file.exists() else {}


# -- wrong types and nesting --------------------------------------------------------------------

DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("number-title.json", json.dumps({"title": 123, "text": "The mill closed. Workers left."}), '"title" must be a string'),
    ("list-source.json", json.dumps({"title": "Mill", "source": ["a"], "text": "The mill closed."}), '"source" must be a string'),
    ("year-title.md", "---\ntitle: 1984\n---\nThe mill closed on Friday. Workers left.\n", '"title" must be a string, not 1984'),
    ("deep.json", '{"title": "x", "text": ' + DEEP + "}", "nested too deeply"),
])
def test_a_file_with_wrong_types_or_deep_nesting_is_skipped_and_named(tmp_path, name, content, reason):
    result, data = brief(tmp_path, "--source", str(folder_with(tmp_path, {name: content})))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "object at 0x" not in result.stderr
    assert any(name in line and reason in line for line in result.stderr.splitlines()), result.stderr
    assert [a["title"] for a in data["articles"]] == ["Harbour reopens after repairs"]
    assert [Path(p["location"]).name for p in data["problems"]] == [name]


def test_deep_json_as_the_only_source_is_one_line_naming_the_file(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"text": ' + DEEP + "}")
    result = run_cli("run", "--source", str(path), "--out", str(tmp_path / "out"), "--date", DAY, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{path}: not an article (JSON nested too deeply)" in result.stderr


def test_a_source_that_raises_is_named_by_its_path_not_an_object(tmp_path, monkeypatch):
    from briefer import gather

    folder = folder_with(tmp_path, {})
    source = FileSource(folder)
    monkeypatch.setattr(source, "_files", lambda: 1 / 0)
    fetched = gather._fetch_one(source)
    assert fetched.location == str(folder) and "ZeroDivisionError" in (fetched.failed or "")


# -- lone surrogates, control characters, direction overrides ----------------------------------

SURROGATE_JSON = ('{"title": "Ferry \\ud800 strike", "source": "Coast \\udfff News", "url": "https://news.example/\\ud800",'
                  ' "text": "The ferry crews stopped work \\ud800 on Monday. Passengers waited for hours at the quay."}')


def test_a_lone_surrogate_in_a_json_article_is_replaced_and_the_day_briefed(tmp_path):
    result, data = brief(tmp_path, "--source", str(folder_with(tmp_path, {"ferry.json": SURROGATE_JSON})))
    assert result.returncode == 0, result.stderr
    titles = sorted(a["title"] for a in data["articles"])
    assert titles == ["Ferry \ufffd strike", "Harbour reopens after repairs"]
    ferry = next(a for a in data["articles"] if a["title"].startswith("Ferry"))
    assert ferry["url"] is None and ferry["source"] == "Coast \ufffd News"


def test_summarize_reads_a_json_article_with_a_lone_surrogate(tmp_path):
    path = tmp_path / "ferry.json"
    path.write_text(SURROGATE_JSON)
    result = run_cli("summarize", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "The ferry crews stopped work \ufffd on Monday." in result.stdout


def test_control_and_direction_override_characters_are_stripped_when_cleaning():
    raw = "Mayor\u202e resigns\x07\n\nThe mayor \u2066resigned\u2069 on Monday.\x1b[2J Officials \x9bwere surprised.\n"
    cleaned = clean_text(raw)
    assert cleaned.title == "Mayor resigns"
    assert cleaned.text == "The mayor resigned on Monday.[2J Officials were surprised."


def test_direction_overrides_reach_no_output(tmp_path):
    story = "Bridge\u202e closes\n\nThe old bridge \u202dclosed\u202c on Monday. Drivers\u2067 took the ring road.\n"
    result, _ = brief(tmp_path, "--source", str(folder_with(tmp_path, {"bridge.txt": story})))
    assert result.returncode == 0, result.stderr
    for output in (tmp_path / "out").iterdir():
        text = output.read_text(encoding="utf-8")
        assert not any(c in text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), output.name
    assert "Bridge closes" in (tmp_path / "out" / f"{DAY}.md").read_text()


def test_terminal_escapes_in_a_file_name_reach_stderr_escaped(tmp_path):
    name = "\x1b[31mred\x1b[0m\nbriefer: error: fake.txt"
    result, _ = brief(tmp_path, "--source", str(folder_with(tmp_path, {name: ""})))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stderr
    assert not any(line.startswith("briefer: error: fake") for line in result.stderr.splitlines())
    assert "\\x1b[31mred\\x1b[0m\\x0abriefer: error: fake.txt" in result.stderr


# -- symbolic links and unreadable subfolders -------------------------------------------------

def outside_file(tmp_path: Path, name: str, text: str) -> Path:
    """A file beside the sources folder, not in it."""
    path = tmp_path / "outside" / name
    path.parent.mkdir()
    path.write_text(text)
    return path


def test_a_symlink_out_of_the_folder_is_not_followed_but_reported(tmp_path):
    secret = outside_file(tmp_path, "secret.txt", "Private notes\nThe door code is 4711. Nobody else may read this.\n")
    articles = folder_with(tmp_path, {})
    (articles / "passwd.txt").symlink_to(secret)
    (articles / "elsewhere").symlink_to(secret.parent, target_is_directory=True)
    (articles / "inside.txt").symlink_to(articles / "good.txt")
    fetched = FileSource(articles).fetch()
    assert [a.title for a in fetched.articles] == ["Harbour reopens after repairs"] * 2  # good.txt and its link
    assert sorted(Path(p.location).name for p in fetched.problems) == ["elsewhere", "passwd.txt"]
    assert all("not followed" in p.reason for p in fetched.problems)


def test_follow_symlinks_reads_a_link_out_of_the_folder(tmp_path):
    secret = outside_file(tmp_path, "shared.txt", "Shared story\nThe market moved to the square. Traders welcomed it.\n")
    articles = folder_with(tmp_path, {})
    (articles / "shared.txt").symlink_to(secret)
    (tmp_path / "config.yaml").write_text("sources:\n  - path: articles\n    follow_symlinks: true\n")
    result, data = brief(tmp_path, "--config", str(tmp_path / "config.yaml"))
    assert result.returncode == 0, result.stderr
    assert sorted(a["title"] for a in data["articles"]) == ["Harbour reopens after repairs", "Shared story"]
    (tmp_path / "config.yaml").write_text("sources:\n  - path: articles\n")
    result, data = brief(tmp_path, "--config", str(tmp_path / "config.yaml"))
    assert [a["title"] for a in data["articles"]] == ["Harbour reopens after repairs"]
    assert any("shared.txt" in p["location"] and "not followed" in p["reason"] for p in data["problems"])


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    articles = folder_with(tmp_path, {})
    locked = articles / "locked"
    locked.mkdir()
    (locked / "hidden-away.txt").write_text(GOOD)
    real_scandir = os.scandir

    def scandir(path):  # the tests run as root, for whom permission bits do not stop a read
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    fetched = FileSource(articles).fetch()
    assert len(fetched.articles) == 1
    assert [(p.location, p.reason) for p in fetched.problems] == [
        (str(locked), "cannot list the folder (Permission denied)")]


# -- encodings --------------------------------------------------------------------------------

ENCODED = [
    ("cp1252", "Caf\u00e9 owners in Z\u00fcrich said \u201cthe rent doubled\u201d on Tuesday. The council will vote next week."),
    ("latin-1", "Caf\u00e9 owners in Z\u00fcrich said the rent doubled on Tuesday. The council will vote next week."),
    ("cp1251", "Городской совет утвердил новый бюджет на ремонт дорог во вторник. Жители давно жаловались на ямы."),
    ("koi8_r", "Городской совет утвердил новый бюджет на ремонт дорог во вторник. Жители давно жаловались на ямы."),
    ("gb2312", "市议会周二批准了一项新的道路维修预算。居民们多年来一直抱怨路面坑洼。"),
    ("shift_jis", "市議会は火曜日、道路補修の新しい予算を承認した。住民は長年、道路の穴について苦情を訴えていた。"),
    ("utf-16", "Caf\u00e9 owners in Z\u00fcrich said \u201cthe rent doubled\u201d. Городской совет утвердил бюджет."),
]


@pytest.mark.parametrize(("encoding", "text"), ENCODED)
def test_files_in_each_common_encoding_are_decoded_right(tmp_path, encoding, text):
    assert decode(text.encode(encoding), "x.txt") == text
    path = tmp_path / "story.txt"
    path.write_bytes(f"Headline\n{text}\n".encode(encoding))
    assert load_file(path).text == text


@pytest.mark.parametrize(("encoding", "text"), ENCODED)
def test_feeds_in_each_common_encoding_are_decoded_right_without_a_declaration(encoding, text):
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title><item><title>Story</title>'
            f"<description>{text}</description></item></channel></rss>")
    parsed = parse_feed(feed.encode(encoding), content_type="application/rss+xml")
    assert parsed.items[0].text == text
    jsonfeed = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Gazette",
                           "items": [{"id": "1", "title": "Story", "content_text": text}]}, ensure_ascii=False)
    if encoding != "utf-16":  # a JSON Feed is UTF-8 by its specification
        assert parse_feed(jsonfeed.encode(encoding), content_type="application/feed+json").items[0].text == text


def test_utf16_with_a_bom_is_text_not_binary():
    assert detect_encoding("Hello".encode("utf-16")) == "utf-16"
    assert decode(b"\xfe\xff" + "Hello there.".encode("utf-16-be"), "x.txt") == "Hello there."


def test_binary_data_is_still_refused():
    with pytest.raises(SourceError, match="binary"):
        decode(bytes(range(256)) * 8, "blob.txt")


def test_a_deeply_nested_json_feed_is_a_clear_failure():
    body = b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + DEEP.encode() + b"}"
    with pytest.raises(SourceError, match="nested too deeply"):
        parse_feed(body, content_type="application/feed+json", origin="http://127.0.0.1/feed.json")
