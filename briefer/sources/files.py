"""Articles from local files and folders: .txt, .md, .html and .json.

Every file is checked before it is parsed (size, emptiness, binary content) and decoded with its
detected encoding; a file that fails any check becomes a Problem naming it, never an exception.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, tzinfo
from pathlib import Path
from typing import Any

import yaml

from ..clean import parse_time, strip_controls
from ..errors import SourceError
from ..languages.declared import declared_language
from ..links import safe_url
from ..models import Article, Problem
from ..printable import printable
from .base import Fetched, article_from_text
from .encoding import bom_encoding, detect_encoding
from .feeds import starts_like_html

log = logging.getLogger(__name__)

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s*>\s?", re.MULTILINE)


class FileSource:
    """A folder (read in name order, into subfolders but not hidden ones) or a single file.

    Symbolic links that lead out of the folder are skipped and reported unless `follow_symlinks`;
    a subfolder that cannot be listed is reported, not passed over in silence; the folders in `skip`
    (briefer's own output_dir and data_dir) are not read. At most `max_items`
    files are read (limits.max_items_per_source); the rest are reported as not read.
    """

    def __init__(self, path: Path, *, name: str | None = None, limit: int | None = None,
                 max_bytes: int = 10_000_000, tz: tzinfo | None = None, follow_symlinks: bool = False,
                 max_items: int | None = None, only_new: bool = False, skip: tuple[Path, ...] = (),
                 language: str | None = None) -> None:
        self.path = path
        # briefer's own folders (output_dir, data_dir): its briefings are never read back as articles.
        self.skip = {folder.resolve() for folder in skip}
        self.only_new = only_new
        self.name = name or path.name
        self.limit = limit
        self.max_bytes = max_bytes
        self.tz = tz
        self.follow_symlinks = follow_symlinks
        self.max_items = max_items
        self.language = language
        """The ISO code its config entry's `language:` key gives every file, or None (detected)."""

    @property
    def location(self) -> str:
        return str(self.path)

    def fetch(self) -> Fetched:
        fetched = Fetched(name=self.name, location=str(self.path))
        if not self.path.exists():
            fetched.failed = "no such file or folder"
            return fetched
        files, fetched.problems = self._files()
        if not files and not fetched.problems:
            fetched.failed = "no article files (.txt, .md, .html, .json) found"
            return fetched
        if self.max_items and len(files) > self.max_items:
            fetched.problems.append(Problem(str(self.path), f"read the first {self.max_items:,} of {len(files):,} files "
                                            "(limits.max_items_per_source); the rest were not read"))
            files = files[: self.max_items]
        for file in files:
            try:
                article = load_file(file, max_bytes=self.max_bytes, tz=self.tz, source=self.name)
                fetched.articles.append(replace(article, declared_language=self.language) if self.language else article)
            except SourceError as exc:
                fetched.problems.append(Problem(printable(file), str(exc).removeprefix(f"{file}: ")))
            except Exception as exc:  # a file that trips a bug must not sink its folder
                log.debug("unexpected error reading %s", file, exc_info=True)
                fetched.problems.append(Problem(printable(file), f"unexpected error ({type(exc).__name__}: {exc})"))
            if self.limit and len(fetched.articles) >= self.limit:
                break
        return fetched

    def _files(self) -> tuple[list[Path], list[Problem]]:
        """The article files in name order, and what was skipped while looking for them."""
        if self.path.is_file():
            return [self.path], []
        root = self.path.resolve()
        files: list[Path] = []
        problems: list[Problem] = []
        visited = {root}
        folders = [self.path]
        while folders:
            folder = folders.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError as exc:
                problems.append(Problem(printable(folder), f"cannot list the folder ({exc.strerror or exc})"))
                continue
            for entry in entries:
                path = Path(entry.path)
                if entry.name.startswith("."):
                    continue
                if entry.is_symlink() and not self._may_follow(path, root, problems):
                    continue
                try:
                    if entry.is_dir():
                        real = path.resolve()
                        if real in self.skip:
                            continue
                        if real not in visited:  # a link back up the tree is read once
                            visited.add(real)
                            folders.append(path)
                    elif entry.is_file() and path.suffix.lower() in LOADERS and entry.name.lower() != "readme.md":
                        files.append(path)
                except OSError as exc:
                    problems.append(Problem(printable(path), f"cannot be read ({exc.strerror or exc})"))
        return sorted(files, key=lambda p: p.relative_to(self.path).parts), problems

    def _may_follow(self, link: Path, root: Path, problems: list[Problem]) -> bool:
        """Whether to follow a symbolic link: always inside the folder, outside only with follow_symlinks."""
        target = link.resolve()
        if target == root or root in target.parents or self.follow_symlinks:
            return True
        if link.suffix.lower() in LOADERS or target.is_dir():
            problems.append(Problem(printable(link), "a symbolic link out of the source folder, not followed "
                                    "(set follow_symlinks: true on the source to read it)"))
        return False


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
    """Decode bytes in their encoding (see detect_encoding); refuse binary data."""
    if not data.strip():
        raise SourceError(f"{origin}: empty file")
    marked = bom_encoding(data)  # UTF-16 and UTF-32 text is full of NUL bytes, yet text
    if marked is None and b"\x00" in data[:8192]:
        raise SourceError(f"{origin}: binary file, not text")
    encoding = marked or detect_encoding(data)
    if encoding is None:
        raise SourceError(f"{origin}: binary or undecodable file, not text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise SourceError(f"{origin}: binary or undecodable file, not text ({encoding} fails)") from None
    if not text.strip():
        raise SourceError(f"{origin}: empty file")
    return text.lstrip("\ufeff")


def load_file(path: Path, *, max_bytes: int = 10_000_000, tz: tzinfo | None = None, source: str | None = None) -> Article:
    """Load and clean one article file."""
    loader = LOADERS.get(path.suffix.lower(), _load_txt)
    text = read_text(path, max_bytes=max_bytes)
    fields = loader(text, str(path))
    article = article_from_text(
        fields.get("text") or "", origin=str(path), title=fields.get("title"),
        fallback_title=strip_controls(path.stem.replace("-", " ").replace("_", " ")),
        source=strip_controls(str(fields.get("source") or source or path.parent.name)),
        url=safe_url(fields.get("url")), published=parse_time(fields.get("published"), tz),
        updated=parse_time(fields.get("updated"), tz), tz=tz, location=printable(path),
    )
    return with_declared_language(article, fields)


def article_from_any_text(text: str, *, origin: str = "-", tz: tzinfo | None = None, source: str = "") -> Article:
    """An article from text of unknown format (stdin): HTML when it looks like HTML, else plain text."""
    head = text[:1000].encode("utf-8", "replace")
    fields = load_html(text, origin) if starts_like_html(head) else _load_txt(text, origin)
    article = article_from_text(fields.get("text") or "", origin=origin, title=fields.get("title"), tz=tz,
                                source=source or str(fields.get("source") or ""), url=safe_url(fields.get("url")),
                                published=parse_time(fields.get("published"), tz))
    return with_declared_language(article, fields)


def with_declared_language(article: Article, fields: dict[str, Any]) -> Article:
    """The language the file declares (a JSON or front matter `language`, an HTML page's `<html lang>`,
    content-language or og:locale), when its script fits the text (briefer/languages/declared.py)."""
    declared = [fields.get("language"), *fields.get("languages", ())]
    if not any(declared):
        return article
    return replace(article, declared_language=declared_language(declared, f"{article.title}\n{article.text}"))


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
        except RecursionError:
            raise SourceError(f"{origin}: front matter nested too deeply") from None
        if isinstance(meta, dict):
            fields.update(_metadata(meta, origin, ("title", "url", "source", "published", "updated", "language")))
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


def load_html(text: str, origin: str) -> dict[str, Any]:
    import trafilatura  # slow to import; only HTML needs it
    from trafilatura.settings import Document

    doc = trafilatura.bare_extraction(text, with_metadata=True, favor_precision=True, include_comments=False,
                                      include_tables=False)
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise SourceError(f"{origin}: no article text found in the HTML page")
    body = doc.text or ""
    title = (doc.title or "").strip()
    first, _, rest = body.partition("\n")
    if title and first.strip() == title:
        body = rest  # trafilatura repeats the <h1> as the first line
    return {"title": title or None, "text": body, "url": doc.url, "source": doc.sitename, "published": doc.date,
            "languages": page_languages(text)}


HEAD = 20_000
"""Characters of a page read for its declared language (the `<html>` tag and `<head>` come first)."""
_TAG = re.compile(r"<(html|meta)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


def page_languages(html: str) -> list[str | None]:
    """The languages a page's head declares, most trusted first: `<html lang>` (or `xml:lang`),
    `<meta http-equiv="content-language">`, `og:locale` ("de_AT")."""
    found: dict[str, str] = {}
    for tag, attributes in _TAG.findall(html[:HEAD]):
        pairs = {name.lower(): value.strip("\"'") for name, value in _ATTRIBUTE.findall(attributes)}
        if tag.lower() == "html":
            found.setdefault("html", pairs.get("lang") or pairs.get("xml:lang") or "")
        elif pairs.get("http-equiv", "").lower() == "content-language":
            found.setdefault("meta", pairs.get("content", ""))
        elif pairs.get("property", "").lower() == "og:locale":
            found.setdefault("og", pairs.get("content", ""))
    return [found.get(key) or None for key in ("html", "meta", "og")]


def _load_json(text: str, origin: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{origin}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise SourceError(f"{origin}: not an article (JSON nested too deeply)") from None
    if not isinstance(data, dict):
        raise SourceError(f"{origin}: expected a JSON object with title and text")
    if not isinstance(data.get("text"), str) or not data["text"].strip():
        raise SourceError(f"{origin}: the JSON object has no \"text\" string")
    return _metadata(data, origin, ("title", "text", "url", "source", "published", "updated", "language"))


def _metadata(data: dict[Any, Any], origin: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """The given keys of an article's JSON object or front matter; SourceError for one that is not a string
    (a date is also allowed for published and updated: YAML reads `2026-11-27` as one)."""
    fields: dict[str, Any] = {}
    for key in keys:
        value = data.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str) and not (key in ("published", "updated") and isinstance(value, date)):
            shown = json.dumps(value)[:40] if isinstance(value, (int, float, bool)) else type(value).__name__
            raise SourceError(f"{origin}: \"{key}\" must be a string, not {shown} (quote it)")
        fields[key] = value
    return fields


LOADERS: dict[str, Callable[[str, str], dict[str, Any]]] = {
    ".txt": _load_txt,
    ".text": _load_txt,
    ".md": _load_md,
    ".markdown": _load_md,
    ".html": load_html,
    ".htm": load_html,
    ".json": _load_json,
}
