"""The one typed schema of config.yaml (loading it: briefer/config/loading.py).

Every field has a default, so an empty file (or none at all) is a valid config. Unknown keys are
errors: a typo must never be silently ignored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from ..wall_time import format_wall_time, parse_wall_time, sexagesimal_time
from .values import LanguageSetting, PathSetting, PathText, Strict, TimeZoneName


class SourceConfig(Strict):
    """One place articles come from. In YAML, a plain string is a path, or an http(s) URL."""

    path: PathText | None = None
    """A folder or file of articles (txt, md, html, json); relative to the config file."""
    url: str | None = None
    """An RSS, Atom or JSON Feed URL, or the URL of one article page (http or https only)."""
    opml: PathText | None = None
    """An OPML file of feeds (a path relative to the config file, or a URL): one source per feed."""
    kind: Literal["auto", "folder", "feed", "page"] = "auto"
    """What `url` points at; auto tells a feed from a page by what the server sends."""
    name: str | None = None
    """How the source is named in the briefing; defaults to the folder name, the feed's title or the URL."""
    limit: int | None = Field(default=None, ge=1)
    """At most this many articles from this source (a feed's first items)."""
    enabled: bool = True
    """Set to false to keep a source in the file but skip it."""
    allow_private_addresses: bool = False
    """Let this source (and the links it carries) reach loopback and private-network addresses."""
    only_new: bool | None = None
    """Brief only articles not in an earlier briefing; default: yes for feeds and pages, no for folders."""
    follow_symlinks: bool = False
    """Read files a folder's symbolic links point at outside the folder (skipped and reported by default)."""
    language: LanguageSetting | None = None
    """The language of its articles (a name or ISO code), taken as given: no declaration or detection
    overrides it. Unset (or auto): what each feed item or page declares, else summarizer.language."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = {"path": value}
        if isinstance(value, dict) and isinstance(value.get("path"), str) and "://" in value["path"]:
            value = {**value, "url": value["path"]}  # `path: https://...` and a bare URL both mean a URL
            del value["path"]
        return value

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"https?://[^\s/?#]+", value.strip(), re.IGNORECASE):
            raise ValueError(f"only http:// and https:// URLs can be fetched, not {value!r}")
        return value.strip() if value else value

    @model_validator(mode="after")
    def _one_place(self) -> SourceConfig:
        given = [key for key in ("path", "url", "opml") if getattr(self, key)]
        if len(given) != 1:
            raise ValueError("give exactly one of path, url or opml" + (f" (got {', '.join(given)})" if given else ""))
        if self.kind == "folder" and not self.path or self.kind in ("feed", "page") and self.path:
            raise ValueError(f"kind {self.kind} does not fit {given[0]}")
        return self

    @property
    def location(self) -> str:
        """The path, URL or OPML file, as written in the config."""
        return self.path or self.url or self.opml or ""


class ThemeConfig(Strict):
    """A user-defined topic: sentences whose words match its keywords or phrases go under it."""

    name: str = Field(min_length=1)
    description: str = ""
    """Markdown shown under the theme heading."""
    keywords: list[str] = []
    """Single words, matched case-insensitively on their stems (\"tank\" matches \"tanks\")."""
    phrases: list[str] = []
    """Multi-word phrases, matched as consecutive stems (\"peace plan\" matches \"peace plans\")."""
    exclude: list[str] = []
    """Words or phrases that keep a sentence out of this theme even when its terms match (\"arms race\")."""


class OtherNewsConfig(Strict):
    enabled: bool = True
    """Collect the stories that match no theme in a last section (headline and sources)."""
    title: str = "Other news"
    sentence: bool = False
    """Show each of those stories' best sentence under its headline too."""


class BriefingConfig(Strict):
    language: LanguageSetting = "en"
    """The language of the briefing's labels ("At a glance", "Sources") and written dates, in every
    output: a name or ISO code (german, de); labels are shipped for en, de, fr, es, it, pl, ru, uk
    and zh (briefer/labels/), other languages get English labels with dates in their own language."""
    title: str = "Daily briefing"
    """The briefing's heading; default: "Daily briefing" in briefing.language (Tagesüberblick, Обзор дня)."""
    intro: str = ""
    """Markdown shown at the top of the briefing."""
    glance: int = Field(default=5, ge=0)
    """At a glance: the day's top stories listed first, one line each (0: none)."""
    stories_per_theme: int = Field(default=6, ge=1)
    """At most this many story blocks in one theme section."""
    other_news: OtherNewsConfig = OtherNewsConfig()
    window_hours: float | None = Field(default=None, gt=0)
    """Brief what was first seen in the last N hours; default: what no earlier briefing held."""

    @model_validator(mode="before")
    @classmethod
    def _titles_in_language(cls, value: Any) -> Any:
        """The default titles (the heading, "Other news") in briefing.language where none is written."""
        if not isinstance(value, dict) or not isinstance(value.get("language"), str):
            return value
        from ..labels import labels_for
        from ..languages import language_code

        try:
            labels = labels_for(language_code(value["language"]))
        except LookupError:
            return value  # the field's own check reports it, naming the key
        value = {"title": labels["daily_briefing"], **value}
        other = value.get("other_news", {})
        if isinstance(other, dict) and "title" not in other:
            value["other_news"] = {**other, "title": labels["other_news"]}
        return value

    @field_validator("language")
    @classmethod
    def _one_language(cls, value: str) -> str:
        if value.strip().lower() == "auto":
            raise ValueError("the one language of the briefing's labels (en, de, french, ...), not auto")
        return value

    @property
    def language_code(self) -> str:
        """briefing.language as an ISO 639-1 code."""
        from ..languages import language_code

        return language_code(self.language)

    retired: ClassVar[dict[str, str]] = {
        "sentences_per_theme": "briefing.sentences_per_theme is retired and ignored: a section lists story "
                               "blocks now, use briefing.stories_per_theme",
        "sentences_per_article": "briefing.sentences_per_article is retired and ignored: a story block holds "
                                 "at most stories.sentences_per_story sentences, use that"}


class SummarizerConfig(Strict):
    algorithm: str = "news"
    """A ranker name (news, lexrank, textrank, lsa, luhn, kl, sumbasic, lead) or sumy:NAME."""
    language: LanguageSetting = "auto"
    """The articles' language: auto (each article's own, detected offline), or a name or ISO code
    (english, de) for all of them; a language without rules of its own gets the generic ones."""


class OutputsConfig(Strict):
    """Which files a run writes to output_dir; each can be switched off."""

    markdown: bool = True
    """{date}.md"""
    html: bool = True
    """{date}.html: a standalone page (inline CSS, dark mode, fits a phone)."""
    json_: bool = Field(default=True, alias="json")
    """{date}.json (the schema-1 data) and briefing.schema.json beside it."""
    text: bool = True
    """{date}.txt: plain text wrapped to 80 columns, for email bodies and terminals."""
    atom: bool = True
    """feed.xml: an Atom feed of the newest briefings (read from the {date}.json files)."""
    index: bool = True
    """index.html: every briefing in output_dir, newest first."""
    latest: bool = True
    """latest.html / latest.md: copies of the newest briefing (by date)."""
    feed_entries: int = Field(default=10, ge=1)
    """How many briefings the Atom feed holds."""
    base_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    """Where output_dir is published (https://example.org/briefings/); makes the feed's links absolute."""
    author: str = "briefer"
    """The Atom feed's author name."""


class EmailConfig(Strict):
    """Sending the briefing by email (text and HTML in one message) after a run."""

    send: bool = False
    """Send after every `briefer run` (`briefer run --email` sends once without this)."""
    host: str = "localhost"
    """The SMTP server."""
    port: int | None = Field(default=None, ge=1, le=65535)
    """Default: 587 for starttls, 465 for ssl, 25 for none."""
    security: Literal["starttls", "ssl", "none"] = "starttls"
    """starttls (upgrade a plain connection), ssl (TLS from the start) or none (local relays only)."""
    from_: str = Field(default="", alias="from")
    """The sender address."""
    to: list[str] = []
    """The recipients."""
    subject: str = "{{ title }} – {{ date | day }}"
    """A Jinja2 template over the briefing data (`day` writes the date in briefing.language)."""
    username_env: str | None = None
    """The name of the environment variable holding the SMTP user name (never the name itself here)."""
    password_env: str | None = None
    """The name of the environment variable holding the SMTP password (never the password itself here)."""
    timeout: float = Field(default=30.0, gt=0)
    """Seconds to wait for the SMTP server."""
    ca_file: PathSetting | None = None
    """A PEM file of CA certificates to trust besides the system's (a server with a private certificate);
    relative to the config file."""


class LimitsConfig(Strict):
    max_file_bytes: int = Field(default=10_000_000, ge=1)
    """Files larger than this are skipped with a warning."""
    max_items_per_source: int = Field(default=500, ge=1)
    """A feed's first items (a folder's first files) read in one run; the rest are reported and passed over."""
    max_articles_per_day: int = Field(default=1000, ge=1)
    """New articles briefed in one run; the rest are reported and passed over for good."""
    max_page_fetches: int = Field(default=50, ge=0)
    """Linked pages fetched per feed in one run for items that carry only a snippet."""


class FetchConfig(Strict):
    """How feeds and pages are fetched over HTTP."""

    connect_timeout: float = Field(default=10.0, gt=0)
    """Seconds to wait for a connection."""
    read_timeout: float = Field(default=20.0, gt=0)
    """Seconds to wait for the server between two pieces of a response."""
    total_timeout: float = Field(default=60.0, gt=0)
    """Seconds one response may take in all, however slowly it trickles in."""
    max_bytes: int = Field(default=10_000_000, ge=1)
    """Larger responses are refused (checked while streaming, after decompression)."""
    retries: int = Field(default=2, ge=0)
    """Further tries after a 429, a 5xx or a connection error."""
    backoff: float = Field(default=1.0, ge=0)
    """Seconds before the first retry; doubled each time (a server's Retry-After wins, up to 60 s)."""
    max_redirects: int = Field(default=5, ge=0)
    """Redirects followed for one URL; each hop is checked like the first."""
    per_host: int = Field(default=2, ge=1)
    """Requests under way at once to one host."""
    concurrency: int = Field(default=8, ge=1)
    """Requests under way at once in all."""
    min_full_text_chars: int = Field(default=500, ge=0)
    """A feed item with less text than this is a snippet: its linked page is fetched for the full text."""
    allow_private_addresses: bool = False
    """Let every source reach loopback and private-network addresses (--allow-private-addresses)."""
    contact: str | None = None
    """A URL or e-mail address added to the User-Agent so that site owners can reach you."""


class StoriesConfig(Strict):
    """Stories (one event across articles), novelty against earlier briefings, quotes and names."""

    enabled: bool = True
    """Group articles into stories and leave out what earlier briefings already carried."""
    similarity: float = Field(default=0.3, gt=0, le=1)
    """Two articles whose texts' TF-IDF cosine reaches this are one story (tuned on tests/data/stories)."""
    duplicate: float = Field(default=0.7, gt=0, le=1)
    """Two articles are one story when this share of the shorter one's 4-word runs is in the other (near copies)."""
    sentences_per_story: int = Field(default=4, ge=1)
    """At most this many sentences in one story block, drawn from all the story's articles."""
    redundancy: float = Field(default=0.5, gt=0, le=1)
    """A sentence at least this similar (TF-IDF cosine) to one already in its story block repeats it."""
    novelty_days: int = Field(default=7, ge=0)
    """Sentences carried by a briefing of this many previous days are left out (0: never)."""
    repeat: float = Field(default=0.8, gt=0, le=1)
    """A sentence at least this similar to one already carried (or to a better one today) is a repeat."""
    continuity: float = Field(default=0.35, gt=0, le=1)
    """A story at least this similar to one of an earlier briefing is "developing" rather than "new"."""
    quotes_per_theme: int = Field(default=5, ge=0)
    """At most this many direct quotes with their speakers under each theme."""
    quotes_per_story: int = Field(default=3, ge=0)
    """At most this many of them in one story block."""
    names_per_theme: int = Field(default=8, ge=0)
    """At most this many key names (people, places, organisations) under each theme heading."""

    retired: ClassVar[dict[str, str]] = {
        "min_articles": "stories.min_articles is retired and ignored: every article is in a story now "
                        "(a story of one when no other reports it)"}


class ScheduleConfig(Strict):
    """`briefer schedule`: when the daily briefing is built, catch-up, retries and retention."""

    time: str = "07:00"
    """Local time of the daily run, HH:MM or HH:MM:SS (24-hour clock; quote it in YAML: "07:00")."""
    timezone: TimeZoneName | None = None
    """IANA zone of `time` (e.g. Europe/London); default: the top-level `timezone`, else the machine's."""
    extra_every_hours: float | None = Field(default=None, gt=0, lt=24)
    """Also rebuild the day's briefing every this many hours after `time`, until midnight."""
    catch_up_days: int = Field(default=1, ge=0)
    """On start and after the machine slept, build the missing briefings of this many days whose time
    has passed: 1 = today only, N = the last N days, 0 = never catch up."""
    retries: int = Field(default=3, ge=0)
    """Further attempts after a run fails (then the day is given up and the next day runs as usual)."""
    retry_backoff_seconds: float = Field(default=60.0, ge=0)
    """Seconds before the first retry; doubled for each further one."""
    retry_backoff_max_seconds: float = Field(default=900.0, ge=0)
    """The longest wait between two attempts."""
    keep_briefings_days: int | None = Field(default=None, ge=1)
    """Delete dated briefing files older than this many days (default: keep them all)."""
    keep_store_days: int | None = Field(default=None, ge=1)
    """Prune store rows older than this many days (default: keep them all)."""
    grace_seconds: float = Field(default=60.0, ge=0)
    """After SIGTERM or SIGINT, let a run in progress finish for this long, then abandon it cleanly."""
    poll_seconds: float = Field(default=1.0, gt=0, le=60)
    """How often the loop wakes to check the clock and for a stop request."""
    log_max_bytes: int = Field(default=1_000_000, ge=1000)
    """Size at which the log file in data_dir (schedule.log) is rotated."""
    log_backups: int = Field(default=3, ge=0)
    """How many rotated log files are kept."""

    @field_validator("time", mode="before")
    @classmethod
    def _wall_time(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted 19:30 as the number 1170 (base 60): turn it back into the time.
        is_number = isinstance(value, int) and not isinstance(value, bool)
        parsed = sexagesimal_time(value) if is_number else parse_wall_time(str(value))
        return format_wall_time(parsed)


class ComputeConfig(Strict):
    """Where the per-article work (split, rank, find quotes) runs: this process, a pool, or a Dask cluster."""

    workers: int | None = Field(default=None, ge=1)
    """Processes for the per-article map on this machine; default: one per core (1 for a small day)."""
    cluster: str | None = Field(default=None, pattern=r"^(tcp|tls)://[^\s/:]+:\d{1,5}$")
    """A Dask scheduler address (tcp://HOST:8786) to run the map on; needs `pip install 'briefer[dask]'`."""

    @field_validator("cluster")
    @classmethod
    def _dask_installed(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                import distributed  # noqa: F401
            except ImportError:
                raise ValueError("a Dask cluster needs the optional extra: pip install 'briefer[dask]'") from None
        return value


class Config(Strict):
    """The whole of config.yaml."""

    sources: list[SourceConfig] = []
    themes: list[ThemeConfig] = []
    briefing: BriefingConfig = BriefingConfig()
    summarizer: SummarizerConfig = SummarizerConfig()
    outputs: OutputsConfig = OutputsConfig()
    email: EmailConfig = EmailConfig()
    """Optional delivery by email; credentials come from environment variables."""
    limits: LimitsConfig = LimitsConfig()
    stories: StoriesConfig = StoriesConfig()
    fetch: FetchConfig = FetchConfig()
    """HTTP settings for feed and page sources."""
    compute: ComputeConfig = ComputeConfig()
    """Where the per-article map runs (a process pool by default, or a Dask cluster)."""
    schedule: ScheduleConfig = ScheduleConfig()
    """`briefer schedule`: the daily run's time and zone, catch-up, retries, retention."""
    output_dir: PathSetting = Path("briefings")
    """Where the dated briefing files go; relative to the config file."""
    data_dir: PathSetting = Path(".briefer")
    """Where briefer keeps its state; relative to the config file."""
    templates_dir: PathSetting = Path("templates")
    """Your own templates, which override the defaults by name; relative to the config file."""
    timezone: TimeZoneName | None = None
    """IANA name (e.g. Europe/London) for datelines without an offset; default: the machine's."""
    base_dir: Path = Field(default=Path("."), exclude=True)
    """The folder relative paths resolve against (the config file's); set by load_config."""

    @field_validator("themes")
    @classmethod
    def _unique_names(cls, themes: list[ThemeConfig]) -> list[ThemeConfig]:
        names = [t.name.casefold() for t in themes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"theme names must be unique; repeated: {', '.join(duplicates)}")
        return themes

    def resolve(self, path: Path | str) -> Path:
        """A path from the config, made absolute against the config file's folder."""
        path = Path(path).expanduser()
        return path if path.is_absolute() else self.base_dir / path
