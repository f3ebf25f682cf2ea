"""Articles from local files and folders: .txt, .md, .html and .json.

Every file is checked before it is parsed (size, emptiness, binary content) and decoded with its
detected encoding; a file that fails any check becomes a Problem naming it, never an exception.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml
from charset_normalizer import from_bytes

from ..clean import clean_text, parse_time
from ..errors import SourceError
from ..links import safe_url
from ..models import Article, Problem
from . import Fetched

log = logging.getLogger(__name__)

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s*>\s?", re.MULTILINE)


class FileSource:
    """A folder (read in name order, not recursively into hidden folders) or a single file."""

    def __init__(self, path: Path, *, name: str | None = None, limit: int | None = None,
                 max_bytes: int = 10_000_000, tz: tzinfo | None = None) -> None:
        self.path = path
        self.name = name or path.name
        self.limit = limit
        self.max_bytes = max_bytes
        self.tz = tz

    def fetch(self, since: datetime | None = None) -> Fetched:
        fetched = Fetched(name=self.name, location=str(self.path))
        if not self.path.exists():
            fetched.failed = "no such file or folder"
            return fetched
        files = self._files()
        if not files:
            fetched.problems.append(Problem(str(self.path), "no article files (.txt, .md, .html, .json) found"))
        for file in files:
            try:
                fetched.articles.append(load_file(file, max_bytes=self.max_bytes, tz=self.tz, source=self.name))
            except SourceError as exc:
                log.warning("skipped %s", exc)
                fetched.problems.append(Problem(str(file), str(exc).removeprefix(f"{file}: ")))
            if self.limit and len(fetched.articles) >= self.limit:
                break
        return fetched

    def _files(self) -> list[Path]:
        if self.path.is_file():
            return [self.path]
        return sorted(
            p for p in self.path.rglob("*")
            if p.is_file() and p.suffix.lower() in LOADERS and p.name.lower() != "readme.md"
            and not any(part.startswith(".") for part in p.relative_to(self.path).parts)
        )


def read_text(path: Path, *, max_bytes: int) -> str:
    """The file's text in its detected encoding; SourceError says why it cannot be an article."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"{path}: too large ({size:,} bytes; the limit is {max_bytes:,}, limits.max_file_bytes)")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return decode(data, str(path))


def decode(data: bytes, origin: str) -> str:
    """Decode bytes as UTF-8 when they are, else with the detected encoding; refuse binary data."""
    if not data.strip():
        raise SourceError(f"{origin}: empty file")
    if b"\x00" in data[:8192]:
        raise SourceError(f"{origin}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise SourceError(f"{origin}: binary or undecodable file, not text")
    # Short Western text fits several single-byte code pages equally well; windows-1252 (what the
    # web reads "latin-1" as) is then by far the likeliest, so it wins a tie.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos and match.coherence >= best.coherence - 0.01:
            return str(match)
    return str(best)


def load_file(path: Path, *, max_bytes: int = 10_000_000, tz: tzinfo | None = None, source: str | None = None) -> Article:
    """Load and clean one article file."""
    loader = LOADERS.get(path.suffix.lower(), _load_txt)
    text = read_text(path, max_bytes=max_bytes)
    fields = loader(text, str(path))
    cleaned = clean_text(fields.get("text") or "", title=fields.get("title"), tz=tz)
    if not cleaned.paragraphs:
        raise SourceError(f"{path}: no article text found")
    published = parse_time(fields.get("published"), tz) or cleaned.published
    return Article(
        title=cleaned.title or path.stem.replace("-", " ").replace("_", " "),
        text=cleaned.text,
        source=str(fields.get("source") or source or path.parent.name),
        url=safe_url(fields.get("url")),
        published=published,
        updated=parse_time(fields.get("updated"), tz) or cleaned.updated,
        location=str(path),
    )


def article_from_text(text: str, *, origin: str = "-", tz: tzinfo | None = None, source: str = "") -> Article:
    """An article from text of unknown format (stdin): HTML when it looks like HTML, else plain text."""
    looks_html = bool(re.match(r"\s*(?:<!doctype html|<html|<head|<body|<article|<p[\s>])", text, re.IGNORECASE))
    fields = _load_html(text, origin) if looks_html else _load_txt(text, origin)
    cleaned = clean_text(fields.get("text") or "", title=fields.get("title"), tz=tz)
    if not cleaned.paragraphs:
        raise SourceError(f"{origin}: no article text found")
    return Article(title=cleaned.title, text=cleaned.text, source=source or str(fields.get("source") or ""),
                   url=safe_url(fields.get("url")), published=parse_time(fields.get("published"), tz) or cleaned.published,
                   updated=cleaned.updated, location=origin)


def _load_txt(text: str, origin: str) -> dict[str, Any]:
    return {"text": text}


def _load_md(text: str, origin: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            meta = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            raise SourceError(f"{origin}: front matter is not valid YAML") from None
        if isinstance(meta, dict):
            fields.update({k: meta[k] for k in ("title", "url", "source", "published", "updated") if meta.get(k)})
        text = text[match.end():]
    lines = []
    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            if "title" not in fields:
                fields["title"] = heading.group(1)
                continue
            line = ""  # a subheading ends the paragraph; it is not a sentence
        line = _MD_IMAGE.sub("", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        lines.append(_MD_LIST.sub("", line))
    fields["text"] = "\n".join(lines)
    return fields


def _load_html(text: str, origin: str) -> dict[str, Any]:
    import trafilatura  # slow to import; only HTML needs it

    doc = trafilatura.bare_extraction(text, with_metadata=True, favor_precision=True, include_comments=False,
                                      include_tables=False)
    if doc is None or not (doc.text or "").strip():
        raise SourceError(f"{origin}: no article text found in the HTML page")
    body = doc.text
    title = (doc.title or "").strip()
    first, _, rest = body.partition("\n")
    if title and first.strip() == title:
        body = rest  # trafilatura repeats the <h1> as the first line
    return {"title": title or None, "text": body, "url": doc.url, "source": doc.sitename, "published": doc.date}


def _load_json(text: str, origin: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{origin}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise SourceError(f"{origin}: expected a JSON object with title and text")
    if not isinstance(data.get("text"), str) or not data["text"].strip():
        raise SourceError(f"{origin}: the JSON object has no \"text\" string")
    return {k: data[k] for k in ("title", "text", "url", "source", "published", "updated") if data.get(k)}


LOADERS: dict[str, Callable[[str, str], dict[str, Any]]] = {
    ".txt": _load_txt,
    ".text": _load_txt,
    ".md": _load_md,
    ".markdown": _load_md,
    ".html": _load_html,
    ".htm": _load_html,
    ".json": _load_json,
}
