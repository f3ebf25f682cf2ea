"""Shared fixtures: paths to the project's own data and to ../shared, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(os.environ.get("BRIEFER_SHARED_DIR", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_a7f654e43d445faf.txt"
EVAL_SET = SHARED / "eval" / "cnndm_dev.jsonl"


def need_shared(path: Path) -> Path:
    """Skip when ../shared (or the file in it) is absent; fail instead where CI requires it."""
    if not path.exists():
        message = f"{path} is missing: these tests read real articles from ../shared beside the project"
        if os.environ.get("BRIEFER_REQUIRE_SHARED"):
            pytest.fail(message + " (BRIEFER_REQUIRE_SHARED is set, as in CI)")
        pytest.skip(message)
    return path


@pytest.fixture
def seed_article() -> Path:
    return need_shared(SEED)


@pytest.fixture
def eval_set() -> Path:
    return need_shared(EVAL_SET)


def copy_samples(target: Path) -> Path:
    """A copy of the sample project in `target`: config.yaml and the bundled sample articles (a copy,
    because a run keeps its state beside its config)."""
    shutil.copy(ROOT / "config.yaml", target / "config.yaml")
    shutil.copytree(ROOT / "samples", target / "samples")
    return target


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None, timeout: float = 120,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line (`python -m briefer`) in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "briefer", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONUTF8": "1", **(env or {})},
    )


@pytest.fixture
def cli():
    return run_cli


def assembled(ranked, themes, groups=None, *, day=date(2023, 2, 25), **settings):
    """The theme stage over `ranked`: every article a story of one, or `groups` of article titles
    as stories; `settings` are config sections (``briefing={...}``)."""
    from briefer.config import Config
    from briefer.models import Story
    from briefer.stories import News, story_id
    from briefer.themes import assemble

    articles = {s.article.title: s.article for s in ranked}
    groups = groups or [[title] for title in articles]
    news = News(fresh=list(ranked), carried=frozenset(),
                stories=[Story(title=g[0], articles=tuple(articles[t] for t in g), id=story_id(articles[g[0]]))
                         for g in groups])
    config = Config.model_validate({"themes": [t.model_dump() for t in themes], **settings})
    return assemble(news, ranked, config, day)


def theme_items(ranked, theme, **settings):
    """The items the theme stage shows under `theme`, block by block."""
    return assembled(ranked, [theme], **settings).sections[0].items
