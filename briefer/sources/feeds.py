"""Parsing what a web source sent: RSS 0.9x/1.0/2.0 and Atom (feedparser), JSON Feed, OPML.

Pure functions from bytes to data; no network here. Decoding follows the usual order: the charset
in the HTTP header, then the XML prolog (or an HTML meta tag), then detection.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..clean import strip_controls
from ..errors import SourceError
from ..links import safe_url
from .encoding import bom_encoding, detect_encoding

_PROLOG = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']""", re.IGNORECASE)
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section",
           "article", "header", "footer", "figcaption", "dd", "dt")
JSON_FEED = "https://jsonfeed.org/version/"


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, as plain text."""

    title: str
    link: str | None
    text: str
    """Plain text of the fullest body the feed gave (content, else summary)."""
    published: datetime | None = None
    updated: datetime | None = None
    ident: str = ""
    language: str | None = None
    """The language the item declares (RSS `dc:language`, Atom `xml:lang`, JSON Feed `language`), as written."""


@dataclass(frozen=True)
class Feed:
    title: str
    items: tuple[FeedItem, ...]
    note: str | None = None
    """A harmless oddity worth a log line (e.g. a charset the feed declared wrongly)."""
    language: str | None = None
    """The language the feed declares (RSS `<language>`, Atom `xml:lang`, JSON Feed `language`), as written."""


def charset_of(body: bytes, header_charset: str | None) -> str:
    """The body's charset: the HTTP header's, else the XML prolog's or HTML meta's, else detected."""
    marked = bom_encoding(body)
    if marked:
        return marked  # a byte-order mark outranks any declaration (as browsers and XML parsers read it)
    for candidate in (header_charset, _declared(body)):
        if candidate and _known(candidate):
            return candidate
    return detect_encoding(body) or "utf-8"


def decode_body(body: bytes, header_charset: str | None) -> str:
    """The body as text (see charset_of); undecodable bytes become U+FFFD rather than failing."""
    return body.decode(charset_of(body, header_charset), errors="replace").lstrip("\ufeff")


def looks_like_json_feed(body: bytes, content_type: str) -> bool:
    head = body[:2000].lstrip()
    return head.startswith(b"{") and (b"jsonfeed.org" in head or "json" in content_type)


# How an HTML page or fragment begins: the one rule for a server's body and for text on stdin.
_HTML_START = re.compile(rb"\s*(?:<!doctype html|<html|<head|<body|<article|<p[\s>])", re.IGNORECASE)


def starts_like_html(head: bytes) -> bool:
    """Whether the first bytes of a body or text are an HTML page or fragment."""
    return bool(_HTML_START.match(head[:1000]))


def looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:1000].lstrip().lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return False
    return "html" in content_type or starts_like_html(head)


def parse_feed(body: bytes, *, content_type: str = "", header_charset: str | None = None,
               origin: str = "") -> Feed:
    """A JSON Feed or an RSS/Atom feed; SourceError says why it is not a usable feed."""
    if looks_like_json_feed(body, content_type):
        return parse_json_feed(body, header_charset=header_charset, origin=origin)
    return parse_xml_feed(body, content_type=content_type, header_charset=header_charset, origin=origin)


def parse_xml_feed(body: bytes, *, content_type: str = "", header_charset: str | None = None,
                   origin: str = "") -> Feed:
    """RSS or Atom through feedparser, which applies the header's charset, then the XML prolog's (as
    RFC 3023 says); where neither names one and the bytes are not UTF-8, the detected charset."""
    import feedparser  # slow to import; only feeds need it

    header = content_type or "application/xml"
    if header_charset:
        header += f"; charset={header_charset}"
    elif not _declared(body) and not _decodes(body, "utf-8"):
        header = f"application/xml; charset={charset_of(body, None)}"
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-type": header},
                              sanitize_html=True, resolve_relative_uris=True)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    harmless = problem is not None and type(problem).__name__ in ("CharacterEncodingOverride", "CharacterEncodingUnknown")
    if not parsed.get("version") and not parsed.entries:
        reason = _describe(problem) if problem is not None else "no RSS, Atom or JSON Feed found"
        raise SourceError(f"{origin}: not a feed ({reason})")
    with warnings.catch_warnings():  # feedparser warns about its own updated/published fallback
        warnings.simplefilter("ignore", DeprecationWarning)
        items = tuple(filter(None, (_xml_item(entry) for entry in parsed.entries)))
    if not items:
        if problem is not None and not harmless:
            raise SourceError(f"{origin}: malformed feed with no readable item ({_describe(problem)})")
        raise SourceError(f"{origin}: the feed has no items")
    note = None
    if problem is not None:
        note = f"read despite {'a wrong charset declaration' if harmless else 'errors'} ({_describe(problem)})"
    return Feed(title=_plain(parsed.feed.get("title", "")), items=items, note=note,
                language=_declared_language(parsed.feed.get("language")))


def parse_json_feed(body: bytes, *, header_charset: str | None = None, origin: str = "") -> Feed:
    try:
        data = json.loads(decode_body(body, header_charset))
    except json.JSONDecodeError as exc:
        raise SourceError(f"{origin}: malformed JSON Feed (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise SourceError(f"{origin}: malformed JSON Feed (nested too deeply)") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(JSON_FEED):
        raise SourceError(f"{origin}: not a JSON Feed (no \"version\": \"{JSON_FEED}1.1\")")
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise SourceError(f"{origin}: malformed JSON Feed (\"items\" is not a list)")
    items = tuple(filter(None, (_json_item(item) for item in raw_items if isinstance(item, dict))))
    if not items:
        raise SourceError(f"{origin}: the feed has no items")
    return Feed(title=_plain(str(data.get("title") or "")), items=items, language=_declared_language(data.get("language")))


def parse_opml(body: bytes, origin: str) -> list[tuple[str, str | None]]:
    """(feed URL, title) for every outline with an xmlUrl, nested folders included."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{origin}: not valid OPML ({exc})") from None
    feeds = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            feeds.append((url, (outline.get("title") or outline.get("text") or "").strip() or None))
    if not feeds:
        raise SourceError(f"{origin}: the OPML file lists no feed (no outline with an xmlUrl)")
    return feeds


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element, blank lines between them."""
    if "<" not in html:
        return html.strip()
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", html).strip()
    etree.strip_elements(root, "script", "style", "noscript", "iframe", "object", with_tail=False)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter(*_BLOCKS):
        block.text = "\n\n" + (block.text or "")
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _xml_item(entry: Any) -> FeedItem | None:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    body = max(contents, key=len) if contents else entry.get("summary", "")
    text = html_to_text(body or "")
    title = _plain(entry.get("title", ""))
    if not text and not title:
        return None
    return FeedItem(title=title, link=safe_url(entry.get("link")), text=text,
                    published=_struct_time(entry.get("published_parsed")),
                    updated=_struct_time(entry.get("updated_parsed")), ident=strip_controls(str(entry.get("id") or "")),
                    language=_entry_language(entry))


def _entry_language(entry: Any) -> str | None:
    """An RSS item's `dc:language`, else the `xml:lang` feedparser gives its title or content (an
    Atom entry's own, or the feed's, which it inherits)."""
    details = [entry.get("title_detail"), *entry.get("content", []), entry.get("summary_detail")]
    found = [entry.get("language"), *(d.get("language") for d in details if d)]
    return next(filter(None, map(_declared_language, found)), None)


def _declared_language(value: Any) -> str | None:
    """A declared language tag as written (trimmed), or None for none."""
    if not isinstance(value, str):
        return None
    return strip_controls(value).strip()[:40] or None


def _json_item(item: dict[str, Any]) -> FeedItem | None:
    html, plain, summary = (_text_field(item, key) for key in ("content_html", "content_text", "summary"))
    text = max((html_to_text(html), plain.strip(), summary.strip()), key=len)
    title = _plain(str(item.get("title") or ""))
    link = item.get("url") or item.get("external_url")
    if not text and not title:
        return None
    return FeedItem(title=title, link=safe_url(link), text=text,
                    published=_iso(item.get("date_published")), updated=_iso(item.get("date_modified")),
                    ident=strip_controls(str(item.get("id") or "")), language=_declared_language(item.get("language")))


def _text_field(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return value if isinstance(value, str) else ""


def _plain(value: str) -> str:
    value = strip_controls(value)
    return " ".join(html_to_text(value).split()) if "<" in value else " ".join(value.split())


def _struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime(*value[:6]).replace(tzinfo=timezone.utc)
    except (TypeError, ValueError):
        return None


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]


def _declared(body: bytes) -> str | None:
    match = _PROLOG.match(body[:500]) or _META.search(body[:4000])
    return match.group(1).decode("ascii") if match else None


def _known(name: str) -> bool:
    import codecs

    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _decodes(body: bytes, charset: str) -> bool:
    try:
        body.decode(charset)
    except UnicodeDecodeError:
        return False
    return True
