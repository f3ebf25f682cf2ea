"""Which files one briefing becomes, all rendered in memory before any is written.

The day's files ({date}.md, .html, .txt, .json), and the files that span days: the JSON Schema
beside the JSON, the Atom feed of the newest briefings (read back from earlier {date}.json files),
index.html listing every briefing, and latest.html / latest.md holding the newest one by date.
A template error raises before anything is written, so earlier output is never lost.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timezone
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

import jinja2

from .archive import PastBriefing, dated_path, day_kinds, scan
from .config import Config
from .render import make_environment, render_template, safe_url

# Output kind -> the template of the day file it is (file names: briefer/archive.py).
DAY_TEMPLATES: dict[str, str] = {
    "markdown": "briefing.md.j2",
    "html": "briefing.html.j2",
    "text": "briefing.txt.j2",
}
FEED_TEMPLATE = "feed.xml.j2"
INDEX_TEMPLATE = "index.html.j2"
SCHEMA_NAME = "briefing.schema.json"
# Characters XML 1.0 forbids even when escaped: one in a source's text would make the feed unreadable.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def schema_text() -> str:
    """The published JSON Schema of the briefing document (shipped in the package)."""
    return package_files("briefer").joinpath("data").joinpath(SCHEMA_NAME).read_text(encoding="utf-8")


def render_outputs(data: dict[str, Any], config: Config, out_dir: Path,
                   env: jinja2.Environment | None = None) -> dict[Path, str]:
    """Every enabled output for the briefing `data` (briefing_data.py), keyed by the path it goes to."""
    env = env or make_environment(config.resolve(config.templates_dir))
    outputs = config.outputs
    day = data["date"]
    files: dict[Path, str] = {}
    today: dict[str, str] = {}
    for kind in day_kinds(outputs):  # the day's marker (archive.marker_kind) is written last
        if kind == "json":
            files[dated_path(out_dir, day, kind)] = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
            files[out_dir / SCHEMA_NAME] = schema_text()
        else:
            today[kind] = render_template(env, DAY_TEMPLATES[kind], data)
            files[dated_path(out_dir, day, kind)] = today[kind]

    past = scan(out_dir)
    current = past.get(day, PastBriefing(day))
    current.files.update({kind: dated_path(out_dir, day, kind).name for kind in day_kinds(outputs)})
    current.data = data
    past[day] = current
    newest_first = [past[d] for d in sorted(past, reverse=True)]

    if outputs.atom:
        feed = render_template(env, FEED_TEMPLATE, feed_context(newest_first, config, out_dir))
        files[out_dir / "feed.xml"] = _XML_INVALID.sub("", feed)
    if outputs.index:
        files[out_dir / "index.html"] = render_template(env, INDEX_TEMPLATE, index_context(newest_first, config, data))
    if outputs.latest:
        files.update(_latest(newest_first[0], day, today, out_dir))
    return files


def _latest(newest: PastBriefing, day: str, today: dict[str, str], out_dir: Path) -> dict[Path, str]:
    """latest.html / latest.md: the newest briefing by date, which is not always today's run."""
    latest: dict[Path, str] = {}
    for kind, suffix in (("html", "html"), ("markdown", "md")):
        if newest.date == day:
            text = today.get(kind)
        elif kind in newest.files:
            text = (out_dir / newest.files[kind]).read_text(encoding="utf-8")
        else:
            text = None
        if text is not None:
            latest[out_dir / f"latest.{suffix}"] = text
    return latest


def feed_context(newest_first: list[PastBriefing], config: Config, out_dir: Path) -> dict[str, Any]:
    """What feed.xml.j2 receives: the feed's own fields and the newest briefings as entries."""
    base = config.outputs.base_url
    if base and not base.endswith("/"):
        base += "/"
    with_data = [p for p in newest_first if p.data is not None][: config.outputs.feed_entries]
    title = with_data[0].data["title"] if with_data and with_data[0].data else config.briefing.title
    feed_id = f"{base}feed.xml" if base else _urn(f"briefer feed: {out_dir.resolve()}")
    entries = []
    for past in with_data:
        briefing = past.data or {}
        html_name = past.files.get("html")
        entries.append({
            "id": _urn(f"{feed_id} {past.date}"),
            "url": safe_url(f"{base}{html_name}") if base and html_name else html_name,
            "updated": _rfc3339(briefing.get("generated_at")).isoformat(timespec="seconds"),
            "briefing": briefing,
        })
    updated = max((_rfc3339(p.data.get("generated_at")) for p in with_data if p.data), default=_rfc3339(None))
    return {
        "feed": {
            "id": feed_id,
            "title": title,
            "updated": updated.isoformat(timespec="seconds"),
            "author": config.outputs.author,
            "self_url": f"{base}feed.xml" if base else "feed.xml",
            "alternate_url": (f"{base}index.html" if base else "index.html") if config.outputs.index else None,
        },
        "entries": entries,
        "language": config.briefing.language_code,
    }


def index_context(newest_first: list[PastBriefing], config: Config, data: dict[str, Any]) -> dict[str, Any]:
    """What index.html.j2 receives: one row per briefing, newest first."""
    rows = []
    for past in newest_first:
        themes = past.data.get("themes", []) if past.data else []
        rows.append({
            "date": past.date,
            "title": (past.data or {}).get("title") or config.briefing.title,
            "themes": [t.get("name", "") for t in themes if t.get("items")],
            "items": sum(len(t.get("items") or []) for t in themes) if past.data else None,
            "files": dict(past.files),
        })
    return {"title": data["title"], "generated_at": data["generated_at"], "briefings": rows,
            "has_feed": config.outputs.atom, "language": config.briefing.language_code}


def _urn(seed: str) -> str:
    """A stable Atom id when no public URL is configured (RFC 4287 ids must be IRIs that never change)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, seed).urn


def _rfc3339(value: Any) -> datetime:
    """A time with an offset, as Atom's RFC 3339 dates require; naive or missing times become UTC."""
    try:
        when = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        when = datetime(1970, 1, 1, tzinfo=timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when
