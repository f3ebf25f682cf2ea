"""Remove page furniture from an article's text and lift its headline and dateline into metadata.

The furniture rules are data (`FURNITURE_RULES`): each is a name and a pattern matched against a
whole line. Adding a rule is adding a line here, never a regex somewhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo

from dateutil import parser as dateparser

_NAME = r"[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}"
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"

FURNITURE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("link to another story",
         r"(?:read more|read next|related|see also|more on this story|recommended|most read|watch"
         r"|listen|also read|more|latest|top stories)\s*[:|\-–—»]\s*.*"),
        ("box heading", r"(?:related (?:stories|articles|links|content)|more on this story|most read"
                        r"|top stories|recommended(?: for you)?|you may also like)\s*"),
        ("presenter or time slot", rf"{_NAME}\s+{_CLOCK}\s*[-–—]\s*{_CLOCK}"),
        ("share or subscribe prompt",
         r"(?:share|share this|share this (?:article|story|page)|click to share|tweet this|email this"
         r"|follow us(?: on .*)?|subscribe(?: to .*)?|sign up(?: to| for) .*|newsletter sign-?up"
         r"|advertisement|skip advert|comments?|print this (?:article|page)|copy link"
         r"|(?:share|post) on (?:facebook|twitter|x|whatsapp|linkedin).*)[.!]?"),
        ("byline", rf"(?:by|words by|written by|reporting by)\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*"
                   r"(?:\s*[,|]\s*[\w\s]{0,40})?(?<![.!?])"),
        ("picture credit", r"(?:image|picture|photo|photograph|pic)(?:\s+credit)?\s*:.*"),
        ("copyright line", r"(?:©|\(c\)|copyright\b).*"),
    )
)

_DATE = r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}"
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|[AP]M|GMT|UTC|BST|CET|[+-]\d{2}:?\d{2}))?"
_STAMP = rf"(?:{_DATE})(?:,?\s+(?:at\s+)?{_TIME})?"
DATELINE = re.compile(
    rf"(?:published:?\s*|posted:?\s*)?(?P<published>{_STAMP})"
    rf"(?:\s*[|,·•]?\s*(?:last\s+)?updated:?\s*(?P<updated>{_STAMP}))?\s*",
    re.IGNORECASE,
)

_SENTENCE_END = re.compile(r"[.!?:;…]['\"”’)\]]*$")

# Control characters (all but tab and the line breaks) and the Unicode direction embeddings,
# overrides and isolates: in source text they only hide or reorder what a reader sees.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # valid JSON ("\\ud800"), but no encoding can write it

HEADLINE_MAX_WORDS = 20
"""A first line this short that does not end like a sentence is the headline (see `is_headline`)."""


def is_headline(line: str) -> bool:
    """Whether the first line of a text is its headline: short, and not ending like a sentence.

    "Harbour reopens after storm" is a headline; "The harbour reopened on Monday." is the start of
    the text, so a text without a headline loses none of its sentences.
    """
    return len(line.split()) <= HEADLINE_MAX_WORDS and not _SENTENCE_END.search(line)


@dataclass
class Cleaned:
    """The result of cleaning: the headline, the body as paragraphs, and what was lifted or dropped."""

    title: str
    paragraphs: list[str]
    published: datetime | None = None
    updated: datetime | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)
    """(rule name, line) for every line dropped, for debugging."""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def furniture_rule(line: str) -> str | None:
    """The name of the furniture rule a whole line matches, or None for real content."""
    for name, pattern in FURNITURE_RULES:
        if pattern.fullmatch(line):
            return name
    return None


def parse_dateline(line: str, tz: tzinfo | None) -> tuple[datetime, datetime | None] | None:
    """Read "25 February 2023, 09:10 | Updated: ..." as (published, updated); None if not a dateline.

    Datelines in the other languages briefer knows ("7 mars 2023, 18:20", "3. März 2023, 07:45",
    "7 марта 2023 г., 18:20", "2023年3月7日 18:20") are read too (briefer/languages/dates.py)."""
    match = DATELINE.fullmatch(line.strip())
    published = parse_time(match.group("published"), tz) if match else None
    if published is None:  # "7 mars 2023" looks English to DATELINE, but dateutil cannot read it
        from .languages.dates import parse_foreign_dateline

        stamp = parse_foreign_dateline(line.strip())
        if stamp is None:
            return None
        return (stamp.replace(tzinfo=tz) if tz is not None else stamp.astimezone()), None
    updated = parse_time(match.group("updated"), tz) if match and match.group("updated") else None
    return published, updated


def parse_time(value: str | date | None, tz: tzinfo | None) -> datetime | None:
    """Parse a date or timestamp; one without an offset is read in `tz` (the machine's when None)."""
    if not value:
        return None
    parsed: datetime | None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):  # YAML reads a bare date as a date
        parsed = datetime.combine(value, time())
    else:
        parsed = _parse_stamp(str(value))
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz) if tz is not None else parsed.astimezone()
    return parsed


def _parse_stamp(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        pass
    try:  # "25 February 2023, 09:10": British order first, as news datelines mostly are
        return dateparser.parse(value.replace(" at ", " "), dayfirst=True)
    except (ValueError, OverflowError):
        return None


def strip_controls(text: str) -> str:
    """`text` without control or direction-override characters; a lone surrogate becomes U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", _CONTROLS.sub("", text))


def clean_text(raw: str, *, title: str | None = None, tz: tzinfo | None = None) -> Cleaned:
    """Clean an article body. Without a `title`, the first line that is not furniture becomes it
    when it reads as a headline (`is_headline`); otherwise the article has no title and that line is text.

    Lines are paragraphs, except that a line ending mid-sentence and followed by one that starts in
    lower case is a hard wrap and is joined to it. Blank lines always end a paragraph.
    """
    result = Cleaned(title=strip_controls(title or "").strip(), paragraphs=[])
    raw = strip_controls(raw)
    first_line = not result.title  # the line that may be the headline is still to come
    current: list[str] = []

    def flush() -> None:
        if current:
            result.paragraphs.append(" ".join(current))
            current.clear()

    for line in raw.splitlines():
        line = " ".join(line.split())
        if not line:
            flush()
            continue
        rule = furniture_rule(line)
        if rule:
            result.removed.append((rule, line))
            continue
        if result.published is None and len(line) < 120:
            stamp = parse_dateline(line, tz)
            if stamp:
                result.published, result.updated = stamp
                result.removed.append(("dateline", line))
                continue
        if first_line:
            first_line = False
            headline = line.strip("#* ").strip()
            if is_headline(headline):
                result.title = headline
                result.removed.append(("headline", line))
                continue
        if current and not _SENTENCE_END.search(current[-1]) and line[:1].islower():
            current.append(line)  # a hard-wrapped line goes on with the same sentence
            continue
        flush()
        current.append(line)
    flush()
    return result
