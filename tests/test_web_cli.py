"""Feeds and pages end to end: the real command line against a real server on 127.0.0.1.

Each fixture feed has a documented outcome (README, "Feeds and pages"); whatever some sources do,
the briefing is written and names every source in its Sources footer.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from webserver import FeedServer, Item, article_title, atom, fails_then, gzipped, huge, json_feed, page_html, redirect, rss, slow, with_etag

DAY1, DAY2 = "2026-11-27", "2026-11-28"
CYRILLIC = ["Городской совет Линдена утвердил бюджет на ремонт дорог и мостов во вторник.",
            "Жители давно жаловались на ямы на главной улице, сказал представитель совета.",
            "Работы начнутся на следующей неделе и продлятся около трёх месяцев, по словам инженеров.",
            "Местные торговцы приветствовали решение, но попросили опубликовать точный график работ.",
            "Смета проекта составила около двух миллионов, и часть денег выделит область.",
            "Критики в городе назвали эту оценку слишком оптимистичной и потребовали проверки.",
            "В прошлом месяце похожий ремонт в соседнем районе затянулся почти на полгода."]


def write_config(folder: Path, sources: list, **extra) -> Path:
    config = {"sources": sources, "fetch": {"read_timeout": 1, "total_timeout": 10, "backoff": 0.05,
                                            "max_bytes": 2_000_000, **extra.pop("fetch", {})}, **extra}
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def briefing(folder: Path, day: str) -> dict:
    return json.loads((folder / "briefings" / f"{day}.json").read_text(encoding="utf-8"))


def cyrillic_feed(link: str) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in CYRILLIC)
    return ('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Вестник</title>'
            f'<item><title>Бюджет на ремонт дорог</title><link>{link}</link>'
            f'<description><![CDATA[{body}]]></description></item></channel></rss>').encode("cp1251")


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def test_every_kind_of_feed_gives_its_documented_outcome(server, tmp_path):
    s = server
    s.add("/rss.xml", rss([Item(0, s.url("/a/0")), Item(1, s.url("/a/1"))], title="Gazette RSS"))
    s.add("/atom.xml", atom([Item(2, s.url("/a/2"))], title="Gazette Atom"), "application/atom+xml")
    s.add("/feed.json", json_feed([Item(3, s.url("/a/3"))], title="Gazette JSON"), "application/feed+json")
    s.add("/snippets.xml", rss([Item(4, s.url("/pages/4.html"), full=False)], title="Snippets"))
    s.add("/pages/4.html", page_html(4), "text/html; charset=utf-8")
    s.add("/dead-links.xml", rss([Item(5, s.url("/pages/missing.html"), full=False)], title="Dead links"))
    s.add("/cp1251.xml", cyrillic_feed(s.url("/a/cp1251")), "text/xml")
    s.add("/malformed.xml", b"<rss version='2.0'><channel><item><title>Half \x00\x01 an item")
    s.handle("/flaky.xml", fails_then(rss([Item(6, s.url("/a/6"))], title="Flaky"), "application/rss+xml"))
    s.handle("/slow.xml", slow(rss([Item(7, None)]), 3))
    s.handle("/loop-a", redirect("/loop-b"))
    s.handle("/loop-b", redirect("/loop-a"))
    s.handle("/huge.xml", huge(50_000_000, declare_length=False))
    s.handle("/gzip.xml", gzipped(rss([Item(8, s.url("/a/8"))], title="Gzipped"), "application/rss+xml"))
    s.handle("/etag.xml", with_etag(rss([Item(9, s.url("/a/9"))], title="Conditional"), "application/rss+xml"))
    paths = ["/rss.xml", "/atom.xml", "/feed.json", "/snippets.xml", "/dead-links.xml", "/cp1251.xml", "/malformed.xml",
             "/flaky.xml", "/slow.xml", "/loop-a", "/huge.xml", "/gzip.xml", "/etag.xml"]
    write_config(tmp_path, [s.url(p) for p in paths])

    result = run_cli("run", "--date", DAY1, "--allow-private-addresses", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = briefing(tmp_path, DAY1)
    by_url = {src["url"]: src for src in data["sources"]}
    assert [src["url"] for src in data["sources"]] == [s.url(p) for p in paths], "config order"

    def outcome(path: str) -> tuple[str, int]:
        return by_url[s.url(path)]["status"], by_url[s.url(path)]["items"]

    for path in ("/rss.xml", "/atom.xml", "/feed.json", "/flaky.xml", "/gzip.xml", "/etag.xml", "/snippets.xml"):
        assert outcome(path)[0] == "ok", by_url[s.url(path)]
    assert outcome("/rss.xml") == ("ok", 2) and by_url[s.url("/rss.xml")]["name"] == "Gazette RSS"
    # Full text in the feed: the linked pages are never fetched. A snippet: its page is.
    assert not any(path.startswith("/a/") for path in s.hits)
    assert s.hits["/pages/4.html"] == 1
    page_item = [i for t in data["themes"] for i in t["items"] if i["article"]["title"] == article_title(4)]
    assert any("would start next week" in i["text"] or "Officials said" in i["text"] for i in page_item) or \
        article_title(4) in [a["title"] for a in data["articles"]]
    assert outcome("/dead-links.xml") == ("snippet-only", 1)
    assert "HTTP 404" in by_url[s.url("/dead-links.xml")]["reason"]
    assert outcome("/cp1251.xml") == ("ok", 1)
    assert "Бюджет на ремонт дорог" in [a["title"] for a in data["articles"]]
    assert "wrong charset declaration" in by_url[s.url("/cp1251.xml")]["reason"]
    assert s.hits["/flaky.xml"] == 2, "a 500 is retried"
    failures = {path: by_url[s.url(path)] for path in ("/malformed.xml", "/slow.xml", "/loop-a", "/huge.xml")}
    assert all(src["status"] == "failed" and src["items"] == 0 for src in failures.values())
    assert "malformed feed" in failures["/malformed.xml"]["reason"]
    assert "timed out" in failures["/slow.xml"]["reason"]
    assert "redirect loop" in failures["/loop-a"]["reason"]
    assert "too large" in failures["/huge.xml"]["reason"] and s.sent["/huge.xml"] < 20_000_000
    # Every article lists its sources; the footer names every source with its status.
    assert all(a["sources"] for a in data["articles"])
    markdown = (tmp_path / "briefings" / f"{DAY1}.md").read_text(encoding="utf-8")
    footer = markdown.split("## Sources")[1]
    assert "Gazette Atom" in footer and "failed" in footer and "redirect loop" in footer
    assert "failed" in result.stderr and "redirect loop" in result.stderr, "failures are logged too"

    # The next day: the conditional feed answers 304; nothing is new, and the briefing says so.
    again = run_cli("run", "--date", DAY2, "--allow-private-addresses", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    second = briefing(tmp_path, DAY2)
    assert s.headers["/etag.xml"][-1].get("if-none-match") == '"v1"'
    conditional = {src["url"]: src for src in second["sources"]}[s.url("/etag.xml")]
    assert conditional["status"] == "ok" and "304" in conditional["reason"] and conditional["name"] == "Conditional"
    assert second["articles"] == [] and second["notice"].startswith("Nothing new since the previous briefing")
    assert "Nothing new" in (tmp_path / "briefings" / f"{DAY2}.md").read_text(encoding="utf-8")


def test_the_second_day_holds_exactly_the_new_items(server, tmp_path):
    items = [Item(n, server.url(f"/a/{n}")) for n in range(3)]
    server.handle("/feed.xml", lambda _req: (200, {"Content-Type": "application/rss+xml"}, rss(items)))
    # The same story reached through a second feed, with a tracking parameter and a fragment.
    server.add("/other.xml", rss([Item(1, server.url("/a/1?utm_source=feed&utm_medium=rss#top"))], title="Other"))
    write_config(tmp_path, [{"url": server.url("/feed.xml"), "name": "Main"},
                            {"url": server.url("/other.xml"), "name": "Other"}])
    assert run_cli("run", "--date", DAY1, "--allow-private-addresses", cwd=tmp_path).returncode == 0
    first = briefing(tmp_path, DAY1)
    assert sorted(a["title"] for a in first["articles"]) == sorted(article_title(n) for n in range(3))
    [shared] = [a for a in first["articles"] if a["title"] == article_title(1)]
    assert shared["sources"] == ["Main", "Other"] and shared["url"] == server.url("/a/1")

    items[:0] = [Item(3, server.url("/a/3")), Item(4, server.url("/a/4"))]
    result = run_cli("run", "--date", DAY2, "--allow-private-addresses", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    second = briefing(tmp_path, DAY2)
    assert sorted(a["title"] for a in second["articles"]) == sorted([article_title(3), article_title(4)])
    main = second["sources"][0]
    assert (main["items"], main["new"]) == (5, 2)
    # Re-running the day gives the same briefing.
    assert run_cli("run", "--date", DAY2, "--allow-private-addresses", cwd=tmp_path).returncode == 0
    assert briefing(tmp_path, DAY2)["articles"] == second["articles"]


def test_a_run_where_every_source_fails_exits_nonzero_and_writes_nothing(server, tmp_path):
    server.add("/broken.xml", b"not a feed at all", "text/plain")
    write_config(tmp_path, [server.url("/broken.xml"), server.url("/missing.xml")])
    result = run_cli("run", "--date", DAY1, "--allow-private-addresses", cwd=tmp_path)
    assert result.returncode == 1
    assert "every source failed" in result.stderr and "HTTP 404" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "briefings").exists()


def test_private_addresses_are_refused_without_the_allowance(server, tmp_path):
    server.add("/feed.xml", rss([Item(0, None)]))
    good = tmp_path / "articles"
    good.mkdir()
    (good / "note.txt").write_text("Quiet day\nNothing much happened in the town on Tuesday. The mayor went home.\n")
    write_config(tmp_path, ["articles", server.url("/feed.xml")])
    result = run_cli("run", "--date", DAY1, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [folder, feed] = briefing(tmp_path, DAY1)["sources"]
    assert folder["status"] == "ok" and feed["status"] == "failed"
    assert "127.0.0.1 is a loopback address" in feed["reason"] and "allow_private_addresses" in feed["reason"]
    assert server.hits["/feed.xml"] == 0


def test_source_option_takes_urls_and_opml_lists_feeds(server, tmp_path):
    server.add("/one.xml", rss([Item(0, server.url("/a/0"))], title="One"))
    server.add("/two.json", json_feed([Item(1, server.url("/a/1"))], title="Two"), "application/feed+json")
    server.add("/page.html", page_html(2), "text/html")
    result = run_cli("run", "--source", server.url("/page.html"), "--allow-private-addresses", "--date", DAY1,
                     "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / f"{DAY1}.json").read_text())
    assert [a["title"] for a in data["articles"]] == [article_title(2)]

    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>'
                    f'<outline text="News"><outline text="One" type="rss" xmlUrl="{server.url("/one.xml")}"/>'
                    f'<outline text="Two" type="rss" xmlUrl="{server.url("/two.json")}"/></outline></body></opml>')
    write_config(tmp_path, [{"opml": "feeds.opml", "allow_private_addresses": True}])
    assert run_cli("run", "--date", DAY1, cwd=tmp_path).returncode == 0
    data = briefing(tmp_path, DAY1)
    assert [(s["name"], s["status"]) for s in data["sources"]] == [("One", "ok"), ("Two", "ok")]

    bad = run_cli("run", "--source", "ftp://example.test/feed", cwd=tmp_path)
    assert bad.returncode == 2 and "only http:// and https://" in bad.stderr


def test_a_killed_run_loses_nothing_and_duplicates_nothing(server, tmp_path):
    """kill -9 while a snippet's page hangs: the next run briefs every item exactly once."""
    release = threading.Event()
    server.add("/full.xml", rss([Item(n, server.url(f"/a/{n}")) for n in range(4)], title="Full"))
    server.add("/snippets.xml", rss([Item(4, server.url("/pages/4.html"), full=False)], title="Snippets"))

    def hanging_page(_req):
        release.wait(30)
        return 200, {"Content-Type": "text/html"}, page_html(4).encode()

    server.handle("/pages/4.html", hanging_page)
    write_config(tmp_path, [server.url("/full.xml"), server.url("/snippets.xml")], fetch={"read_timeout": 30})
    store = tmp_path / ".briefer" / "briefer.sqlite3"
    process = subprocess.Popen([sys.executable, "-m", "briefer", "run", "--date", DAY1, "--allow-private-addresses"],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONUTF8": "1"})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (server.hits["/pages/4.html"] and _count(store) == 4):
            time.sleep(0.05)
        assert server.hits["/pages/4.html"] and _count(store) == 4, "the full feed was stored, the page hangs"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
    assert not (tmp_path / "briefings").exists()

    result = run_cli("run", "--date", DAY1, "--allow-private-addresses", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    titles = [a["title"] for a in briefing(tmp_path, DAY1)["articles"]]
    assert sorted(titles) == sorted(article_title(n) for n in range(5))
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (5, 5)
        assert db.execute("SELECT count(*) FROM briefing_articles WHERE day = ?", (DAY1,)).fetchone()[0] == 5


def _count(store: Path) -> int:
    if not store.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_an_empty_feed_fails_and_a_folder_is_briefed_in_full_every_day(server, tmp_path):
    server.add("/empty.xml", rss([], title="Empty"))
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "note.txt").write_text("Quiet day\nNothing much happened in the town on Tuesday. The mayor went home.\n")
    write_config(tmp_path, ["articles", server.url("/empty.xml")])
    for day in (DAY1, DAY2):
        result = run_cli("run", "--date", day, "--allow-private-addresses", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        data = briefing(tmp_path, day)
        assert [a["title"] for a in data["articles"]] == ["Quiet day"], "the folder again on the second day"
        assert [(s["status"], s["reason"]) for s in data["sources"]][1] == ("failed", "the feed has no items")


def test_a_progress_bar_on_a_terminal_and_none_in_logs(server, tmp_path):
    import struct

    termios = pytest.importorskip("termios", reason="needs a POSIX terminal")
    import fcntl
    import pty

    server.add("/feed.xml", rss([Item(0, server.url("/a/0"))]))
    write_config(tmp_path, [server.url("/feed.xml")])
    quiet = run_cli("run", "--date", DAY1, "--allow-private-addresses", cwd=tmp_path)
    assert quiet.returncode == 0 and "fetching" not in quiet.stderr and "\r" not in quiet.stderr

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    process = subprocess.Popen([sys.executable, "-m", "briefer", "run", "--date", DAY2, "--allow-private-addresses"],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=follower,
                               env={**os.environ, "PYTHONUTF8": "1"})
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.wait(60) == 0
    assert b"fetching" in seen and b"summarising" in seen


def test_limit_name_kind_and_enabled_apply_to_web_sources(server, tmp_path):
    from datetime import date

    from briefer.config import load_config
    from briefer.pipeline import run

    server.add("/feed.xml", rss([Item(n, server.url(f"/a/{n}")) for n in range(5)]))
    server.add("/story", page_html(6), "text/html")
    server.add("/off.xml", rss([Item(7, None)]))
    write_config(tmp_path, [{"url": server.url("/feed.xml"), "name": "Top two", "limit": 2},
                            {"url": server.url("/story"), "kind": "page", "name": "One page"},
                            {"url": server.url("/off.xml"), "enabled": False}],
                 fetch={"allow_private_addresses": True})
    result = run(load_config(tmp_path / "config.yaml"), day=date(2026, 11, 27))
    reports = [(s.name, s.status, s.items) for s in result.briefing.sources]
    assert reports == [("Top two", "ok", 2), ("One page", "ok", 1)]
    assert [a.title for a in result.briefing.articles] == [article_title(0), article_title(1), article_title(6)]
    assert "/off.xml" not in server.hits


def test_a_folder_with_only_new_briefs_each_file_once(tmp_path):
    from datetime import date

    from briefer.config import load_config
    from briefer.pipeline import run

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("Quiet day\nNothing much happened in the town on Tuesday. The mayor went home.\n")
    write_config(tmp_path, [{"path": "articles", "only_new": True}])
    config = load_config(tmp_path / "config.yaml")
    assert [a.title for a in run(config, day=date(2026, 11, 27)).briefing.articles] == ["Quiet day"]
    (folder / "two.txt").write_text("Busy day\nThe market was full on Wednesday. Traders sold out by noon.\n")
    second = run(config, day=date(2026, 11, 28)).briefing
    assert [a.title for a in second.articles] == ["Busy day"]
    assert [(s.items, s.new) for s in second.sources] == [(2, 1)]
