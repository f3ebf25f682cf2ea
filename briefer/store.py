"""briefer's memory: one SQLite file in data_dir (default .briefer/briefer.sqlite3 beside the config).

It remembers each article seen (by canonical URL, else by content hash, so the same article from
two feeds or two URLs is one row with both sources), the ETag and Last-Modified of each feed, and
each briefing built with the articles it held. A briefing takes what no earlier briefing held.

Crash safety: WAL journal, and every change is one transaction (a source's articles together with
its feed's validators; a briefing with its article list), so a run killed at any point leaves the
store as it was before or after a whole step; never half a step, never a duplicate row.
The schema is versioned with PRAGMA user_version; MIGRATIONS[n] takes version n to n + 1.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import StoreError
from .models import Article

STORE_FILENAME = "briefer.sqlite3"

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        url TEXT UNIQUE,                 -- canonical URL; NULL for a file without one
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        source TEXT NOT NULL,            -- its publisher when it names one, else the first source that carried it
        location TEXT NOT NULL,
        published TEXT,
        updated TEXT,
        first_seen TEXT NOT NULL         -- ISO 8601, UTC
    );
    CREATE INDEX articles_hash ON articles (content_hash);
    CREATE INDEX articles_first_seen ON articles (first_seen);
    CREATE TABLE article_sources (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        origin TEXT NOT NULL,            -- the source's feed URL, page URL or path
        name TEXT NOT NULL,              -- the source's name, as shown in briefings
        first_seen TEXT NOT NULL,
        PRIMARY KEY (article_id, origin)
    );
    CREATE INDEX article_sources_origin ON article_sources (origin);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,                      -- the source's name, for a run where it answers 304 or fails
        etag TEXT,
        last_modified TEXT,
        checked_at TEXT NOT NULL
    );
    CREATE TABLE briefings (
        day TEXT PRIMARY KEY,            -- YYYY-MM-DD, the day the briefing is named for
        generated_at TEXT NOT NULL
    );
    CREATE TABLE briefing_articles (
        day TEXT NOT NULL REFERENCES briefings (day) ON DELETE CASCADE,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        PRIMARY KEY (day, article_id)
    );
    CREATE INDEX briefing_articles_article ON briefing_articles (article_id);
    """,
    """
    CREATE TABLE passed_over_items (     -- feed items beyond limits.max_items_per_source: never read
        origin TEXT NOT NULL,
        key TEXT NOT NULL,               -- the item's canonical link, else origin#id
        seen TEXT NOT NULL,
        PRIMARY KEY (origin, key)
    );
    CREATE TABLE passed_over_articles (  -- articles beyond limits.max_articles_per_day: never briefed
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        day TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE articles ADD COLUMN language TEXT  -- ISO code its source gave or its publisher declared; NULL: detect
    """,
)

# Query parameters that say who sent the reader, not what the page is.
_TRACKING = re.compile(r"^(utm_\w*|fbclid|gclid|dclid|gclsrc|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl|"
                       r"ref_src|ref_url|cmpid|ncid|ocid|smid|sr_share|at_medium|at_campaign|at_custom\d*)$",
                       re.IGNORECASE)


def canonical_url(url: str) -> str:
    """The URL that names an article: lower-case scheme and host, no default port, no fragment,
    no tracking parameters (utm_*, fbclid, ...), the remaining parameters in their order."""
    split = urlsplit(url.strip())
    scheme = split.scheme.lower()
    host = (split.hostname or "").lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = split.port
    except ValueError:
        port = None
    if port and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(split.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, host, split.path or "/", query, ""))


def content_hash(text: str) -> str:
    """A hash of the article's words, blind to case, spacing and punctuation around them."""
    words = re.findall(r"\w+", text.casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def _statements(script: str) -> list[str]:
    """The SQL statements of a migration (no statement in them holds a semicolon inside)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Store:
    """The SQLite store; one connection, used by one thread at a time (guarded by a lock)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self._use_wal(patience=30.0)
            self._db.execute("PRAGMA synchronous=NORMAL")  # with WAL: a killed process loses nothing committed
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except StoreError:
            self._close_quietly()
            raise
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            raise StoreError(f"{path}: cannot open briefer's store ({exc})") from None
        except OSError as exc:
            self._close_quietly()
            raise StoreError(f"{path.parent}: cannot create briefer's data folder ({exc.strerror or exc})") from None
        self._lock = threading.RLock()

    @classmethod
    def in_folder(cls, folder: Path) -> Store:
        return cls(folder / STORE_FILENAME)

    def close(self) -> None:
        self._db.close()

    def _use_wal(self, patience: float) -> None:
        """Switch to the WAL journal. SQLite does not wait for the lock this needs (no busy timeout
        applies), so when another process is creating the same store at that moment, try again."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _close_quietly(self) -> None:
        """Close after a failed open, so that no half-begun transaction keeps the file locked."""
        db = getattr(self, "_db", None)
        if db is not None:
            try:
                if db.in_transaction:
                    db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        if self.version == len(MIGRATIONS):
            return
        # Under the write lock, read the version again: another process opening the same new store
        # at the same moment may have migrated it while this one waited (then there is nothing to do).
        self._db.execute("BEGIN IMMEDIATE")
        try:
            current = self.version
            if current > len(MIGRATIONS):
                raise StoreError(f"{self.path}: written by a newer briefer (schema {current}; this one knows "
                                 f"{len(MIGRATIONS)}); upgrade briefer")
            for number in range(current, len(MIGRATIONS)):
                for statement in _statements(MIGRATIONS[number]):
                    self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- feeds ---------------------------------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified the feed sent last time (for a conditional GET)."""
        with self._lock:
            row = self._db.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def feed_title(self, url: str) -> str | None:
        """The name the source at `url` had when it last worked."""
        with self._lock:
            row = self._db.execute("SELECT title FROM feeds WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    # -- articles --------------------------------------------------------------------------------

    def record(self, articles: Sequence[Article], *, source: str, origin: str, now: datetime,
               feed_url: str | None = None, etag: str | None = None, last_modified: str | None = None,
               modified: bool = True, passed_over: Sequence[str] = ()) -> list[int]:
        """Remember one source's articles (and its feed's name and validators, and the keys of the items
        it passed over) in one transaction; their ids. `modified` False (a 304) keeps the validators."""
        stamp = now.astimezone(timezone.utc).isoformat()
        ids: list[int] = []
        with self.transaction() as db:
            for article in articles:
                ids.append(self._record_one(db, article, source, origin, stamp))
            db.executemany("INSERT OR IGNORE INTO passed_over_items (origin, key, seen) VALUES (?, ?, ?)",
                           [(origin, key, stamp) for key in passed_over])
            if feed_url and modified:
                db.execute("INSERT INTO feeds (url, title, etag, last_modified, checked_at) VALUES (?, ?, ?, ?, ?) "
                           "ON CONFLICT (url) DO UPDATE SET title = excluded.title, etag = excluded.etag, "
                           "last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                           (feed_url, source, etag, last_modified, stamp))
        return ids

    def _record_one(self, db: sqlite3.Connection, article: Article, source: str, origin: str, stamp: str) -> int:
        url = canonical_url(article.url) if article.url else None
        digest = content_hash(article.text)
        row = None
        if url:
            row = db.execute("SELECT id FROM articles WHERE url = ?", (url,)).fetchone()
        if row is None:
            row = db.execute("SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1", (digest,)).fetchone()
        if row is None:
            cursor = db.execute(
                "INSERT INTO articles (url, content_hash, title, text, source, location, published, updated, first_seen,"
                " language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (url, digest, article.title, article.text, article.source or source, article.location or (url or ""),
                 _iso(article.published), _iso(article.updated), stamp, article.declared_language or None))
            article_id = int(cursor.lastrowid or 0)
        else:
            article_id = int(row[0])
            if article.declared_language:  # a source's changed `language:` key, or a later declaration
                db.execute("UPDATE articles SET language = ? WHERE id = ?", (article.declared_language, article_id))
        db.execute("INSERT INTO article_sources (article_id, origin, name, first_seen) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (article_id, origin) DO UPDATE SET name = excluded.name", (article_id, origin, source, stamp))
        return article_id

    def passed_over_keys(self, origin: str) -> set[str]:
        """The keys of the items the source at `origin` passed over in earlier runs (never to be read)."""
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT key FROM passed_over_items WHERE origin = ?", (origin,))}

    def pass_over(self, day: date, ids: Sequence[int]) -> None:
        """Never brief these articles (cut by limits.max_articles_per_day on `day`)."""
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO passed_over_articles (article_id, day) VALUES (?, ?)",
                           [(i, day.isoformat()) for i in ids])

    def articles(self, ids: Iterable[int]) -> list[Article]:
        """The stored articles, in the order of `ids`, each with every source that carried it."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return []
        with self._lock:
            found: dict[int, Article] = {}
            for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT id, url, title, text, source, location, published, updated, language FROM articles "
                    f"WHERE id IN ({marks})",
                    chunk).fetchall()
                sources: dict[int, list[str]] = {}
                for article_id, name in self._db.execute(
                        f"SELECT article_id, name FROM article_sources WHERE article_id IN ({marks}) "
                        "ORDER BY first_seen, rowid", chunk):
                    if name not in sources.setdefault(article_id, []):
                        sources[article_id].append(name)
                for article_id, url, title, text, source, location, published, updated, language in rows:
                    names = sources.get(article_id) or [source]
                    found[article_id] = Article(title=title, text=text, source=source or names[0], url=url,
                                                published=_time(published), updated=_time(updated),
                                                location=location, sources=tuple(names),
                                                declared_language=language or "")
        return [found[i] for i in ids if i in found]

    def find(self, articles: Iterable[Article]) -> list[int]:
        """The ids of stored articles (by canonical URL, else content hash), in order; unknown ones left out."""
        ids: list[int] = []
        with self._lock:
            for article in articles:
                row = None
                if article.url:
                    row = self._db.execute("SELECT id FROM articles WHERE url = ?", (canonical_url(article.url),)).fetchone()
                if row is None:
                    row = self._db.execute("SELECT id FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
                                           (content_hash(article.text),)).fetchone()
                if row is not None:
                    ids.append(int(row[0]))
        return ids

    # -- briefings -------------------------------------------------------------------------------

    def select(self, day: date, *, origins: Sequence[str], always: Sequence[int] = (),
               since: datetime | None = None) -> list[int]:
        """The articles for `day`'s briefing from the sources at `origins`, in order: `always` (a
        folder's files), those an earlier run of the day held (so a re-run is idempotent), then what
        no briefing held yet, or with `since`, what was first seen since then."""
        origins = list(dict.fromkeys(origins))
        if not origins:
            return list(dict.fromkeys(always))
        marks = ",".join("?" * len(origins))
        mine = (f"a.id IN (SELECT article_id FROM article_sources WHERE origin IN ({marks})) AND NOT EXISTS "
                "(SELECT 1 FROM passed_over_articles p WHERE p.article_id = a.id)")
        with self._lock:
            held = [r[0] for r in self._db.execute(
                f"SELECT a.id FROM briefing_articles b JOIN articles a ON a.id = b.article_id "
                f"WHERE b.day = ? AND {mine} ORDER BY a.first_seen, a.id", (day.isoformat(), *origins))]
            if since is not None:
                fresh = [r[0] for r in self._db.execute(
                    f"SELECT a.id FROM articles a WHERE a.first_seen >= ? AND {mine} ORDER BY a.first_seen, a.id",
                    (since.astimezone(timezone.utc).isoformat(), *origins))]
            else:
                fresh = [r[0] for r in self._db.execute(
                    f"SELECT a.id FROM articles a WHERE {mine} AND NOT EXISTS "
                    "(SELECT 1 FROM briefing_articles b WHERE b.article_id = a.id) ORDER BY a.first_seen, a.id",
                    origins)]
        return list(dict.fromkeys([*always, *held, *fresh]))

    def previous_briefing(self, day: date) -> date | None:
        """The latest briefing day before `day`."""
        with self._lock:
            row = self._db.execute("SELECT max(day) FROM briefings WHERE day < ?", (day.isoformat(),)).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def record_briefing(self, day: date, generated_at: datetime, ids: Sequence[int]) -> None:
        """Remember that `day`'s briefing holds `ids` (added to what an earlier run of the day held)."""
        with self.transaction() as db:
            db.execute("INSERT INTO briefings (day, generated_at) VALUES (?, ?) "
                       "ON CONFLICT (day) DO UPDATE SET generated_at = excluded.generated_at",
                       (day.isoformat(), generated_at.isoformat()))
            db.executemany("INSERT OR IGNORE INTO briefing_articles (day, article_id) VALUES (?, ?)",
                           [(day.isoformat(), i) for i in ids])

    def prune(self, before: datetime) -> int:
        """Forget briefings of days before `before` and articles first seen before it; how many articles.

        Keep more days than a feed keeps an item: a forgotten article that a feed still carries
        would count as new again."""
        with self.transaction() as db:
            db.execute("DELETE FROM briefings WHERE day < ?", (before.date().isoformat(),))
            cursor = db.execute("DELETE FROM articles WHERE first_seen < ?",
                                (before.astimezone(timezone.utc).isoformat(),))
            db.execute("DELETE FROM passed_over_items WHERE seen < ?", (before.astimezone(timezone.utc).isoformat(),))
        return cursor.rowcount
