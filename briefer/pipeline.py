"""The pipeline, top to bottom: load -> clean -> split -> rank -> theme -> render -> write.

Each stage is a plain function from data to data; the clock, the output folder and the sources
come in as arguments so that every stage can be tested alone.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from .briefing_data import to_data
from .config import Config, SourceConfig
from .errors import NoArticlesError
from .models import Article, Briefing, Problem, ScoredSentence
from .output import write_all
from .render import make_environment, render_template
from .sources import Fetched, open_source
from .sources.files import article_from_text
from .summarize import get_summarizer, parse_count
from .summarize.ranking import choose_summary, rank_article
from .text import Tokenizer
from .themes import build_sections

log = logging.getLogger(__name__)

# Output kind -> (template, file suffix); which are written is set in config.outputs.
OUTPUTS: dict[str, tuple[str, str]] = {
    "markdown": ("briefing.md.j2", "md"),
    "html": ("briefing.html.j2", "html"),
}


@dataclass
class RunResult:
    briefing: Briefing
    written: list[Path] = field(default_factory=list)
    fetched: list[Fetched] = field(default_factory=list)


def config_timezone(config: Config) -> tzinfo | None:
    """The config's time zone, or None for the machine's own."""
    return ZoneInfo(config.timezone) if config.timezone else None


def now_in(config: Config) -> datetime:
    tz = config_timezone(config)
    return datetime.now(tz) if tz else datetime.now().astimezone()


def load_articles(config: Config, sources: Sequence[SourceConfig] | None = None) -> list[Fetched]:
    """Fetch every enabled source; a source that fails is reported in its Fetched, never raised."""
    tz = config_timezone(config)
    results = []
    for entry in sources if sources is not None else config.sources:
        if not entry.enabled:
            continue
        fetched = open_source(entry, config, tz).fetch()
        if fetched.failed:
            log.warning("source %s failed: %s", fetched.location, fetched.failed)
        results.append(fetched)
    return results


def rank_articles(articles: Sequence[Article], config: Config) -> list[ScoredSentence]:
    summarizer = get_summarizer(config.summarizer.algorithm, config.summarizer.language)
    tokenizer = Tokenizer(config.summarizer.language)
    ranked: list[ScoredSentence] = []
    for article in articles:
        ranked.extend(rank_article(article, summarizer, tokenizer))
    return ranked


def build_briefing(config: Config, *, now: datetime, day: date | None = None,
                   sources: Sequence[SourceConfig] | None = None) -> tuple[Briefing, list[Fetched]]:
    """Load, rank and group one day's articles into a Briefing (nothing is written)."""
    fetched = load_articles(config, sources)
    articles = _unique([a for f in fetched for a in f.articles])
    problems = [p for f in fetched for p in f.problems]
    problems += [Problem(f.location, f.failed) for f in fetched if f.failed]
    if not articles:
        reasons = "; ".join(f"{p.location}: {p.reason}" for p in problems) or "no source configured"
        raise NoArticlesError(f"no article to brief ({reasons})")
    ranked = rank_articles(articles, config)
    sections = build_sections(ranked, config.themes, config.briefing, config.summarizer.language)
    briefing = Briefing(
        date=day or now.date(),
        generated_at=now,
        title=config.briefing.title,
        intro=config.briefing.intro,
        themes=tuple(sections),
        articles=tuple(articles),
        problems=tuple(problems),
    )
    return briefing, fetched


def render_briefing(briefing: Briefing, config: Config, out_dir: Path) -> dict[Path, str]:
    """Every enabled output of the briefing, rendered in memory, keyed by the path it goes to."""
    data = to_data(briefing)
    env = make_environment(config.resolve(config.templates_dir))
    stem = briefing.date.isoformat()
    files: dict[Path, str] = {}
    for kind, (template, suffix) in OUTPUTS.items():
        if getattr(config.outputs, kind):
            files[out_dir / f"{stem}.{suffix}"] = render_template(env, template, data)
    if config.outputs.json_:
        files[out_dir / f"{stem}.json"] = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return files


def run(config: Config, *, now: datetime | None = None, day: date | None = None, out_dir: Path | None = None,
        sources: Sequence[SourceConfig] | None = None) -> RunResult:
    """Build the day's briefing and write its files; a failure before writing leaves old files as they were."""
    now = now or now_in(config)
    briefing, fetched = build_briefing(config, now=now, day=day, sources=sources)
    files = render_briefing(briefing, config, out_dir or config.resolve(config.output_dir))
    return RunResult(briefing=briefing, written=write_all(files), fetched=fetched)


def summarize_text(text: str, *, sentences: int | str = 3, algorithm: str | None = None,
                   language: str = "english", origin: str = "-") -> list[ScoredSentence]:
    """The best sentences of one article's text (plain text or HTML), in the article's order."""
    from .summarize import DEFAULT_ALGORITHM

    article = article_from_text(text, origin=origin)
    summarizer = get_summarizer(algorithm or DEFAULT_ALGORITHM, language)
    ranked = rank_article(article, summarizer, Tokenizer(language))
    return choose_summary(ranked, parse_count(sentences))


def _unique(articles: list[Article]) -> list[Article]:
    """The same article reached twice (two sources, or a file given twice) counts once."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for article in articles:
        key = (article.url or article.location, article.title)
        if key not in seen:
            seen.add(key)
            unique.append(article)
    return unique
