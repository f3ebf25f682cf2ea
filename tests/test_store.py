"""The SQLite store: canonical URLs, one row per article, what a day's briefing takes, migrations."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from briefer.models import Article
from briefer.store import MIGRATIONS, Store, StoreError, canonical_url, content_hash

NOW = datetime(2026, 11, 27, 7, 0, tzinfo=timezone.utc)


def article(n: int, url: str | None = None, text: str | None = None) -> Article:
    return Article(title=f"Story {n}", text=text or f"Story number {n} happened in the town. People talked about it.",
                   source="x", url=url, location=f"/articles/{n}.txt")


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTPS://News.Example.ORG:443/a/1?utm_source=rss&utm_medium=feed&id=7#comments",
     "https://news.example.org/a/1?id=7"),
    ("http://example.org:8080/x?fbclid=abc&gclid=1&page=2", "http://example.org:8080/x?page=2"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/a?b=1&a=2", "https://example.org/a?b=1&a=2"),
])
def test_canonical_urls_drop_tracking_and_fragments(url, canonical):
    assert canonical_url(url) == canonical


def test_content_hash_ignores_case_spacing_and_punctuation():
    assert content_hash("The mayor  went home.") == content_hash("the mayor went home")
    assert content_hash("The mayor went home.") != content_hash("The mayor stayed.")


def test_the_same_article_by_two_urls_or_two_sources_is_one_row(tmp_path):
    with Store.in_folder(tmp_path) as store:
        [a] = store.record([article(1, "https://example.org/1?utm_source=a")], source="A", origin="feed-a", now=NOW)
        [b] = store.record([article(1, "https://example.org/1#top")], source="B", origin="feed-b", now=NOW)
        [c] = store.record([article(1, "https://mirror.example.net/copy")], source="C", origin="feed-c", now=NOW)
        assert a == b == c
        [stored] = store.articles([a])
        assert stored.sources == ("A", "B", "C") and stored.url == "https://example.org/1"


def test_a_day_takes_what_no_briefing_held_and_reruns_are_idempotent(tmp_path):
    with Store.in_folder(tmp_path) as store:
        first = store.record([article(1, "https://e.org/1"), article(2, "https://e.org/2")], source="F",
                             origin="feed", now=NOW)
        day1 = store.select(date(2026, 11, 27), origins=["feed"])
        assert day1 == first
        store.record_briefing(date(2026, 11, 27), NOW, day1)
        new = store.record([article(2, "https://e.org/2"), article(3, "https://e.org/3")], source="F", origin="feed",
                           now=NOW + timedelta(days=1))
        day2 = store.select(date(2026, 11, 28), origins=["feed"])
        assert day2 == [new[1]]
        store.record_briefing(date(2026, 11, 28), NOW, day2)
        assert store.select(date(2026, 11, 28), origins=["feed"]) == day2, "re-running the day"
        assert store.select(date(2026, 11, 27), origins=["feed"]) == day1
        assert store.select(date(2026, 11, 28), origins=["other"]) == [], "other sources' articles stay out"
        assert store.previous_briefing(date(2026, 11, 28)) == date(2026, 11, 27)


def test_a_window_takes_what_was_first_seen_in_it(tmp_path):
    with Store.in_folder(tmp_path) as store:
        [old] = store.record([article(1, "https://e.org/1")], source="F", origin="feed", now=NOW - timedelta(hours=30))
        [recent] = store.record([article(2, "https://e.org/2")], source="F", origin="feed", now=NOW - timedelta(hours=2))
        assert store.select(date(2026, 11, 27), origins=["feed"], since=NOW - timedelta(hours=24)) == [recent]
        assert old != recent


def test_validators_are_kept_with_the_articles_and_a_304_keeps_them(tmp_path):
    with Store.in_folder(tmp_path) as store:
        store.record([article(1)], source="Feed", origin="u", now=NOW, feed_url="u", etag='"v1"', last_modified="Mon")
        store.record([], source="Feed", origin="u", now=NOW, feed_url="u", modified=False)
        assert store.validators("u") == ('"v1"', "Mon") and store.feed_title("u") == "Feed"
        assert store.validators("other") == (None, None)


def test_a_failed_transaction_leaves_nothing(tmp_path):
    with Store.in_folder(tmp_path) as store:
        with pytest.raises(RuntimeError):
            with store.transaction() as db:
                db.execute("INSERT INTO feeds (url, checked_at) VALUES ('u', 'now')")
                raise RuntimeError("killed")
        assert store.validators("u") == (None, None)


def test_the_schema_is_versioned_and_a_newer_store_is_refused(tmp_path):
    with Store.in_folder(tmp_path) as store:
        assert store.version == len(MIGRATIONS)
        path = store.path
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer briefer"):
        Store(path)


def test_a_corrupt_store_is_a_clear_error(tmp_path):
    (tmp_path / "briefer.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open briefer's store"):
        Store.in_folder(tmp_path)


def test_prune_forgets_old_briefings_and_articles(tmp_path):
    with Store.in_folder(tmp_path) as store:
        [old] = store.record([article(1)], source="F", origin="f", now=NOW - timedelta(days=40))
        [kept] = store.record([article(2)], source="F", origin="f", now=NOW)
        store.record_briefing(date(2026, 10, 18), NOW - timedelta(days=40), [old])
        assert store.prune(NOW - timedelta(days=30)) == 1
        assert store.articles([old, kept]) == store.articles([kept])
        assert store.previous_briefing(date(2026, 11, 27)) is None


def _open_and_write(folder: str, start, results) -> None:
    """In a child process: wait for the other one, open the (new) store, write to it, say how it went."""
    from pathlib import Path

    start.wait()
    try:
        with Store.in_folder(Path(folder)) as store:
            store.record([article(os.getpid())], source="F", origin="f", now=NOW)
            results.put(("ok", store.version))
    except Exception as exc:  # reported to the parent, which fails the test with it
        results.put(("failed", repr(exc)))


def test_two_processes_can_create_the_same_store_at_once(tmp_path):
    context = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
    for round_number in range(8):
        folder = tmp_path / str(round_number)
        start, results = context.Barrier(2), context.Queue()
        workers = [context.Process(target=_open_and_write, args=(str(folder), start, results)) for _ in range(2)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        assert outcomes == [("ok", len(MIGRATIONS))] * 2, outcomes
        # Nobody kept the write lock: a third writer gets it at once.
        db = sqlite3.connect(folder / "briefer.sqlite3", timeout=0)
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        db.close()
        with Store.in_folder(folder) as store:
            assert len(store.select(date(2026, 11, 27), origins=["f"])) == 2


def test_a_failed_open_releases_the_file(tmp_path):
    with Store.in_folder(tmp_path) as store:
        path = store.path
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError):
        Store(path)
    db = sqlite3.connect(path, timeout=0)
    db.execute("BEGIN IMMEDIATE")
    db.execute("ROLLBACK")
    db.close()


def test_the_language_an_article_was_fetched_with_is_kept(tmp_path):
    with Store(tmp_path / "s.sqlite3") as store:
        ids = store.record([replace(article(1, "https://a.test/1"), declared_language="be"), article(2)],
                           source="feed", origin="https://a.test/feed", now=NOW)
        assert [a.declared_language for a in store.articles(ids)] == ["be", ""]  # "": detected when briefed
        store.record([replace(article(2), declared_language="uk")], source="folder", origin="/news", now=NOW)
        assert store.articles(ids[1:])[0].declared_language == "uk"  # a source's `language:` key given later


def _old_store(path, feed: str) -> None:
    """A store as briefer wrote it before articles kept their language (schema 2, today's main)."""
    db = sqlite3.connect(path)
    for script in MIGRATIONS[:2]:
        db.executescript(script)
    db.execute("PRAGMA user_version = 2")
    text = ("Президент Белоруссии прибыл в Пекин с визитом. Визит продлится три дня, сообщила пресс-служба. "
            "Минск рассчитывает подписать соглашения о торговле и промышленном сотрудничестве.")
    db.execute("INSERT INTO articles (url, content_hash, title, text, source, location, first_seen) VALUES "
               "(?, ?, ?, ?, ?, ?, ?)", ("http://127.0.0.1/1", content_hash(text), "Лукашенко прибыл в Пекин", text,
                                         "Вестник", "http://127.0.0.1/1", NOW.isoformat()))
    db.execute("INSERT INTO article_sources VALUES (1, ?, 'Вестник', ?)", (feed, NOW.isoformat()))
    db.execute("INSERT INTO feeds VALUES (?, 'Вестник', '\"v1\"', NULL, ?)", (feed, NOW.isoformat()))
    db.commit()
    db.close()


def test_an_old_store_opens_and_its_articles_are_briefed_in_their_detected_language(tmp_path):
    import json

    from conftest import run_cli
    from webserver import FeedServer, with_etag

    with FeedServer() as server:
        feed = server.url("/feed.xml")
        server.handle("/feed.xml", with_etag(b"", "application/rss+xml"))  # 304: the store's article only
        (tmp_path / ".briefer").mkdir()
        _old_store(tmp_path / ".briefer" / "briefer.sqlite3", feed)
        (tmp_path / "config.yaml").write_text(f"sources: ['{feed}']\nfetch: {{allow_private_addresses: true}}\n")
        result = run_cli("run", "--out", str(tmp_path / "out"), "--date", "2026-11-27", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "2026-11-27.json").read_text(encoding="utf-8"))
    assert [(a["title"], a["language"]) for a in data["articles"]] == [("Лукашенко прибыл в Пекин", "ru")]
    with Store(tmp_path / ".briefer" / "briefer.sqlite3") as store:
        assert store.version == len(MIGRATIONS)
