"""The pipeline, top to bottom: load -> clean -> split -> rank -> stories -> themes -> render -> write.

Each stage is a plain function from data to data; the clock, the output folder and the sources
come in as arguments so that every stage can be tested alone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

from .archive import writing
from .briefing_data import to_data
from .compute import rank_articles
from .config import Config, SourceConfig, now_in
from .gather import gather, record_briefing
from .models import Briefing, ScoredSentence
from .output import write_all
from .publish import render_outputs
from .run_report import describe_run
from .sources.files import article_from_any_text
from .sources.http import Fetcher
from .stories import find_news, load_history
from .themes import assemble

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    briefing: Briefing
    written: list[Path] = field(default_factory=list)
    folder: Path = Path(".")
    """The output folder the files were written to."""
    seconds: float | None = None
    """How long the run took, from the first fetch to the last file written."""

    def report(self, *, cwd: Path | None = None) -> str:
        """The run in one line (briefer/run_report.py): articles, sources, themes, skipped, files."""
        return describe_run(self.briefing, self.written, self.folder, seconds=self.seconds, cwd=cwd)


def with_output_dir(config: Config, out_dir: Path | None) -> Config:
    """The config with `out_dir` (`--out`) as its output_dir, so that every stage sees the same folder:
    a source folder holding it never reads it as articles (sources/files.py)."""
    return config if out_dir is None else config.model_copy(update={"output_dir": out_dir.resolve()})


def build_briefing(config: Config, *, now: datetime, day: date | None = None,
                   sources: Sequence[SourceConfig] | None = None,
                   fetcher: Fetcher | None = None, out_dir: Path | None = None) -> Briefing:
    """Fetch, remember (briefer/store.py), rank and group the day's new articles into a Briefing
    (no briefing file is written). NoArticlesError only when no source worked.

    Earlier briefings in `out_dir` (default: config.output_dir) say what is not new any more, and
    a source folder never reads it (nor data_dir) as articles."""
    config = with_output_dir(config, out_dir)
    gathered = gather(config, sources, now=now, day=day or now.date(), fetcher=fetcher)
    articles, problems = gathered.articles, list(gathered.problems)
    # The per-article map (language, ranking, theme matches, names, quotes): here, in a pool or on a cluster.
    mapped = rank_articles(articles, config)
    articles, ranked = mapped.articles, mapped.sentences
    problems += mapped.problems
    history = load_history(out_dir or config.resolve(config.output_dir), day or now.date(),
                           config.stories.novelty_days)
    news = find_news(articles, ranked, config.stories, history, mapped.words)
    body = assemble(news, ranked, config, day or now.date(), history.texts, mapped.findings)
    briefing = Briefing(
        date=day or now.date(),
        generated_at=now,
        title=config.briefing.title,
        intro=config.briefing.intro,
        themes=tuple(body.sections),
        articles=tuple(articles),
        problems=tuple(problems),
        sources=tuple(gathered.reports),
        notice=gathered.notice,
        stories=tuple(body.stories),
        glance=tuple(body.glance),
        language=config.briefing.language_code,
    )
    return briefing


def render_briefing(briefing: Briefing, config: Config, out_dir: Path) -> dict[Path, str]:
    """Every enabled output of the briefing (day files, feed, index, latest), rendered in memory,
    keyed by the path it goes to (briefer/publish.py)."""
    return render_outputs(to_data(briefing), config, out_dir)


def run(config: Config, *, now: datetime | None = None, day: date | None = None, out_dir: Path | None = None,
        sources: Sequence[SourceConfig] | None = None, send_email: bool | None = None,
        fetcher: Fetcher | None = None) -> RunResult:
    """Build the day's briefing and write its files; a failure before writing leaves old files as they were.

    With `send_email` (default: config.email.send) the briefing is also mailed, after the files are
    written; the message is built first, so a template or credentials problem stops the run before any write.
    """
    from .mail import build_message, send_message

    started = time.monotonic()
    config = with_output_dir(config, out_dir)
    now = now or now_in(config)
    briefing = build_briefing(config, now=now, day=day, sources=sources, fetcher=fetcher, out_dir=out_dir)
    folder = out_dir or config.resolve(config.output_dir)
    mail = config.email.send if send_email is None else send_email
    message = build_message(to_data(briefing), config) if mail else None
    with writing(folder):  # what is on disk is read and rewritten by one run at a time
        files = render_briefing(briefing, config, folder)
        result = RunResult(briefing=briefing, written=write_all(files), folder=folder)
    record_briefing(config, briefing)  # after the files: a crash before this re-briefs, never loses
    if message is not None:
        send_message(message, config)
    result.seconds = time.monotonic() - started
    return result


def summarize_text(text: str, *, sentences: int | str = 3, algorithm: str | None = None,
                   language: str = "auto", origin: str = "-", tz: tzinfo | None = None) -> list[ScoredSentence]:
    """The best sentences of one article's text (plain text or HTML), in the article's order.

    `language` is a name or ISO code, or "auto" (the default) for the text's own, detected."""
    from .summarize.article import summarize_article

    article = article_from_any_text(text, origin=origin, tz=tz)
    return summarize_article(article, sentences=sentences, algorithm=algorithm, language=language)
