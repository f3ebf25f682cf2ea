"""Templates as a user sees them: copy the defaults, show where each template comes from, and render
every template with sample data under StrictUndefined to catch mistakes before a run
(the commands are `briefer templates init | list | check`, briefer/cli/templates.py).
"""

from __future__ import annotations

import difflib
import errno
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jinja2

from .archive import PastBriefing
from .briefing_data import to_data
from .config import Config
from .errors import RenderError
from .models import Article, Briefing, Problem, Quote, ScoredSentence, Sentence, Story, StoryBlock, ThemeItem, ThemeSection
from .output import atomic_write
from .publish import DAY_TEMPLATES, FEED_TEMPLATE, INDEX_TEMPLATE, feed_context, index_context
from .render import default_loader, make_environment, render_template

TEMPLATE_SUFFIX = ".j2"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TemplateInfo:
    """One template name and the file that a run would use for it."""

    name: str
    origin: str
    """"user" (templates_dir) or "package" (briefer's default)."""
    path: Path
    overrides_default: bool = False


def default_dir() -> Path:
    """The folder of the templates shipped inside the package."""
    return Path(__file__).resolve().parent / "templates"


def default_names() -> list[str]:
    return sorted(n for n in default_loader().list_templates() if n.endswith(TEMPLATE_SUFFIX))


def user_names(user_dir: Path) -> list[str]:
    if not user_dir.is_dir():
        return []
    return sorted(n for n in jinja2.FileSystemLoader(str(user_dir)).list_templates() if n.endswith(TEMPLATE_SUFFIX))


COPIED, KEPT, OVERWRITTEN = "copied", "kept", "overwrote"


def init_templates(target: Path, *, force: bool = False) -> list[tuple[str, Path]]:
    """Copy the default templates that are missing from `target` for editing; keep those already
    there unless `force`, which overwrites them. Returns (what was done, file) for every template.

    A folder where a template should go is an error before anything is copied."""
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "a file is where the templates folder goes", str(target))
    destinations = [(name, target / name) for name in default_names()]
    for _, destination in destinations:
        if destination.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder is where the template file goes; nothing was copied",
                                    str(destination))
    done = []
    for name, destination in destinations:
        there = destination.exists()
        if there and not force:
            done.append((KEPT, destination))
            continue
        try:
            atomic_write(destination, (default_dir() / name).read_text(encoding="utf-8"))
        except OSError as exc:  # name the template, not the temporary file beside it
            raise OSError(exc.errno, exc.strerror, str(destination)) from None
        done.append((OVERWRITTEN if there else COPIED, destination))
    return done


def list_templates(user_dir: Path) -> list[TemplateInfo]:
    """Every template name a run can use, and the file it comes from: the user's, else the package's."""
    defaults = set(default_names())
    users = set(user_names(user_dir))
    infos = []
    for name in sorted(defaults | users):
        if name in users:
            infos.append(TemplateInfo(name, "user", user_dir / name, overrides_default=name in defaults))
        else:
            infos.append(TemplateInfo(name, "package", default_dir() / name))
    return infos


def check_templates(user_dir: Path, config: Config) -> tuple[list[str], list[str]]:
    """Render every template with sample data, undefined variables being errors.

    Returns (checked, problems): the names that passed and one ``file:line: message`` per failure.
    A template that is not an output (a partial such as ``_style.html.j2``, or one of yours that is
    only included or extended) is compiled for syntax; it is rendered through the templates using it.
    """
    env = make_environment(user_dir, strict=True)
    contexts = sample_contexts(config)
    checked: list[str] = []
    problems: list[str] = []
    for info in list_templates(user_dir):
        tree = _parsed(env, info.name) if info.origin == "user" else None
        if tree is not None:  # one that cannot be parsed is reported by the rendering that follows
            warn_moved_fields(tree, info)
            unshown = unshown_blocks(env, tree, info)
            problems += unshown
            if unshown:
                continue
        try:
            if info.name in contexts:
                render_template(env, info.name, contexts[info.name])
            else:
                _compile(env, info.name)
        except RenderError as exc:
            problems.append(str(exc))
        else:
            checked.append(info.name)
    return checked, problems


RETIRED_BLOCKS = {
    "stories": "stories are shown inside the themes since schema 2: override `glance` (the top stories, "
               "one line each) or `story_block` (a story under one theme)",
    "story": "a story is shown under each of its themes since schema 2: override `story_block` "
             "(it has `block`: block.title, block.sources, block.items, block.quotes, block.matched)",
}
"""Blocks of the schema-1 default briefing templates that are gone, and what replaced them."""
MOVED_FIELDS = {
    ("theme", "items"): "themes[].items is only the flat list of a section's sentences since schema 2: "
                        "loop `for block in theme.blocks` and show block.title and block.sources once, "
                        "then block.items and block.quotes",
    ("theme", "quotes"): "themes[].quotes is only the flat list of a section's quotes since schema 2: "
                         "each story block has its own, block.quotes",
}
"""Fields that still exist but are no longer how a section is shown; a hint, not an error."""


def warn_moved_fields(tree: jinja2.nodes.Template, info: TemplateInfo) -> None:
    """A warning for each moved field the template (its syntax tree) uses (a hint, not an error)."""
    for node in tree.find_all((jinja2.nodes.Getattr, jinja2.nodes.Getitem)):
        assert isinstance(node, (jinja2.nodes.Getattr, jinja2.nodes.Getitem))
        owner = node.node.name if isinstance(node.node, jinja2.nodes.Name) else ""
        field = node.attr if isinstance(node, jinja2.nodes.Getattr) else (
            str(node.arg.value) if isinstance(node.arg, jinja2.nodes.Const) else "")
        if (owner, field) in MOVED_FIELDS:
            log.warning("%s:%d: %s", info.path, node.lineno, MOVED_FIELDS[(owner, field)])


def unshown_blocks(env: jinja2.Environment, tree: jinja2.nodes.Template, info: TemplateInfo) -> list[str]:
    """``file:line`` problems for the blocks of an override (its syntax tree) that the template it
    extends (or that one's parents) never shows: a misspelt or retired block name, which would
    silently do nothing.

    A new block nested inside an overriding block is shown with it, so only the outermost count."""
    parent = _extended(tree)
    shown = _shown_blocks(env, parent, seen=frozenset({info.name})) if parent else None
    if parent is None or shown is None:
        return []  # no parent, or one that cannot be read: the rendering that follows reports it
    problems = []
    for block in _outermost_blocks(tree):
        if block.name in shown:
            continue
        where = f"{info.path}:{block.lineno}: block '{block.name}'"
        if block.name in RETIRED_BLOCKS:
            problems.append(f"{where} is no longer in the default template, so it is never shown: "
                            f"{RETIRED_BLOCKS[block.name]}")
            continue
        close = difflib.get_close_matches(block.name, sorted(shown), n=1)
        guess = f"did you mean '{close[0]}'? " if close else ""
        problems.append(f"{where} is not defined in {parent}, so it is never shown; {guess}"
                        f"(its blocks: {', '.join(sorted(shown))})")
    return problems


def _parsed(env: jinja2.Environment, name: str) -> jinja2.nodes.Template | None:
    """The template's syntax tree, by the name a run loads it by; None when it cannot be read."""
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, name)
        return env.parse(source, name, filename)
    except (OSError, UnicodeDecodeError, jinja2.TemplateError):
        return None


def _extended(tree: jinja2.nodes.Template) -> str | None:
    """The name in ``{% extends "NAME" %}``; "" when it is computed (``extends some_variable``)."""
    for node in tree.find_all(jinja2.nodes.Extends):
        return str(node.template.value) if isinstance(node.template, jinja2.nodes.Const) else ""
    return None


def _outermost_blocks(node: jinja2.nodes.Node) -> Iterator[jinja2.nodes.Block]:
    for child in node.iter_child_nodes():
        if isinstance(child, jinja2.nodes.Block):
            yield child
        else:
            yield from _outermost_blocks(child)


def _shown_blocks(env: jinja2.Environment, name: str, seen: frozenset[str]) -> set[str] | None:
    """The blocks that rendering template `name` shows, through its own parents; None if unknown."""
    tree = _parsed(env, name) if name not in seen else None
    if tree is None:
        return None
    parent = _extended(tree)
    if parent is None:
        return {block.name for block in tree.find_all(jinja2.nodes.Block)}
    inherited = _shown_blocks(env, parent, seen | {name}) if parent else None
    if inherited is None:
        return None
    return inherited | {inner.name for block in _outermost_blocks(tree) if block.name in inherited
                        for inner in block.find_all(jinja2.nodes.Block)}


def _compile(env: jinja2.Environment, name: str) -> None:
    try:
        env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"{name}: template not found: {exc.name}") from None


def sample_contexts(config: Config) -> dict[str, dict[str, Any]]:
    """What each output template receives, filled from the sample briefing."""
    data = sample_data()
    yesterday = {**data, "date": "2023-02-24", "generated_at": "2023-02-24T18:00:00+00:00"}
    past = [PastBriefing(data["date"], {"html": f"{data['date']}.html", "json": f"{data['date']}.json"}, data),
            PastBriefing(yesterday["date"], {"html": "2023-02-24.html", "markdown": "2023-02-24.md"}, yesterday)]
    contexts = {template: data for template in DAY_TEMPLATES.values()}
    contexts[FEED_TEMPLATE] = feed_context(past, config, Path("briefings"))
    contexts[INDEX_TEMPLATE] = index_context(past, config, data)
    return contexts


def sample_briefing() -> Briefing:
    """A small briefing that fills every field of the data contract (written for briefer's checks)."""
    tz = timezone(timedelta(hours=1))
    wire = Article(title="Harbour reopens after storm repairs", text="", source="Coast Wire",
                   url="https://example.org/harbour", published=datetime(2023, 2, 25, 8, 30, tzinfo=tz),
                   updated=datetime(2023, 2, 25, 9, 5, tzinfo=tz), location="samples/harbour.txt")
    notes = Article(title="Council notes", text="", source="Town Hall", location="samples/council.md")
    lead = Sentence("The harbour reopened on Saturday after two weeks of repairs.", 0)
    follow = Sentence("It said the quay is safe again.", 3)
    before = Sentence("The port authority inspected every berth.", 2)
    council = Sentence("The council approved a new ferry timetable.", 1)
    items = (ThemeItem(ScoredSentence(lead, 1.0, wire), ("harbour",)),
             ThemeItem(ScoredSentence(follow, 0.72, wire, context=(before,)), ("quay", "port authority")))
    other = ThemeItem(ScoredSentence(council, 0.5, notes))
    harbour = Story("Harbour reopens after storm repairs", (wire, notes), items, status="developing", id="harbour",
                    previous="2023-02-24", importance=2.4, themes=("Harbour",))
    ferry = Story("Council notes", (notes,), (other,), id="council", importance=1.1, themes=("Other news",))
    quote = Quote("Ana Ruiz", "The quay is safe again", wire, sentence_index=3, score=0.72)
    return Briefing(
        date=date(2023, 2, 25),
        generated_at=datetime(2023, 2, 25, 18, 0, tzinfo=timezone.utc),
        title="Daily briefing",
        intro="Every line is a sentence from the *linked* article.",
        themes=(ThemeSection("Harbour", "The port and its **repairs**.",
                             (StoryBlock(harbour, ("harbour", "quay", "port authority"), items, (quote,),
                                         anchor="story-harbour"),),
                             names=("Port Authority", "Ana Ruiz")),
                ThemeSection("Weather", "Storms and forecasts."),
                ThemeSection("Other news", "", (StoryBlock(ferry, (), (other,), anchor="story-council"),),
                             is_other=True)),
        articles=(wire, notes),
        problems=(Problem("samples/broken.json", "not valid JSON (line 1: Expecting value)"),),
        notice="Two sources were quiet today.",
        stories=(harbour, ferry),
        glance=(harbour, ferry),
    )


SAMPLE_SOURCES: list[dict[str, Any]] = [
    {"name": "Coast Wire", "url": "https://example.org/feed.xml", "status": "ok", "reason": None, "items": 1,
     "new": 1, "location": "https://example.org/feed.xml"},
    {"name": "Town Hall", "url": None, "status": "failed", "reason": "HTTP 503", "items": 0, "new": 0,
     "location": "samples/council"},
]


def sample_data() -> dict[str, Any]:
    """The sample briefing as templates receive it; with a sources list when to_data has none."""
    data = to_data(sample_briefing())
    if not data.get("sources"):
        data["sources"] = [dict(s) for s in SAMPLE_SOURCES]
    return data
