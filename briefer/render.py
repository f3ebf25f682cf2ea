"""The Jinja2 environment: the user's templates first, the packaged defaults after.

A user template with a default's name replaces it; one that wants to change a single block
extends the default through the ``!default/`` prefix (Pelican's ``!simple/`` idea):
``{% extends "!default/briefing.html.j2" %}``. HTML templates autoescape; text from sources is
never passed through Markdown (which lets raw HTML through), only what the user wrote is.

Every template also gets `labels`, the words of the briefing's `language` (briefer/labels/), and
filters that write in that language: `when` and `day` (dates, through babel's CLDR names), `count`
("3 sources" in the right plural form), `fill` (a label's ``{placeholders}``) and `lang_attr`
(`` lang="en"`` on an item in another language than the briefing's). babel is imported only
when a template formats a date or a count, so `briefer summarize` never pays for it.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import markdown as markdown_lib
import nh3
from markupsafe import Markup

from .errors import RenderError
from .labels import Label, Labels, fill_label, labels_for
from .languages import primary_subtag
from .links import safe_url

DEFAULT_PREFIX = "!default"

# Terminal control sequences (ESC, BEL, C1 codes ...) in source text would act on a reader's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def default_loader() -> jinja2.BaseLoader:
    """The templates shipped inside the package."""
    return jinja2.PackageLoader("briefer", "templates")


def make_environment(user_dir: Path | None = None, *, strict: bool = False) -> jinja2.Environment:
    """User templates first, then the packaged defaults, which stay reachable as ``!default/NAME``."""
    defaults = default_loader()
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_dir)))
    loaders += [defaults, jinja2.PrefixLoader({DEFAULT_PREFIX: defaults})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "html.j2", "xml.j2"),
                                            default_for_string=False),
        undefined=jinja2.StrictUndefined if strict else jinja2.Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(markdown=render_user_markdown, safe_url=safe_url, md_escape=markdown_escape,
                       when=format_when, plain=plain_text, wrap_text=wrap_text, anchor=anchor_id,
                       day=format_day, count=count_label, fill=fill_label, lang_attr=lang_attribute,
                       columns=display_columns)
    return env


def render_user_markdown(text: str | None) -> Markup:
    """Markdown the user wrote (theme descriptions, the intro) as HTML, cleaned with nh3 all the same."""
    if not text:
        return Markup("")
    html = markdown_lib.markdown(str(text), extensions=["extra", "sane_lists"])
    return Markup(nh3.clean(html, url_schemes={"http", "https", "mailto"}))


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^([#+\-=>|])")


def markdown_escape(text: str | None) -> str:
    """Source text made inert in a Markdown file: no link, emphasis, heading or HTML of its own."""
    return _MD_LINE_START.sub(r"\\\1", _MD_SPECIAL.sub(r"\\\1", plain_text(text)))


_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]")


def anchor_id(text: str | None) -> str:
    """Text fit for an HTML id and a URL fragment: letters, digits, "-" and "_" only."""
    return _NOT_IN_ID.sub("", str(text or ""))


def plain_text(text: str | None) -> str:
    """Untrusted text on one line, without control characters (which could drive a terminal)."""
    return " ".join(_CONTROL.sub(" ", str(text or "")).split())


def wrap_text(text: str | None, width: int = 80, first: str = "", rest: str = "") -> str:
    """Text wrapped to `width` columns for terminals and email bodies; `first`/`rest` indent the lines.

    Chinese and Japanese have no spaces to break at and take two columns a character, so text with
    wide characters is wrapped by columns, between any two of them (never before a closing mark)."""
    plain = plain_text(text)
    if any(_is_wide(char) for char in plain):
        return "\n".join(_wrap_wide(plain, width, first, rest)) or first.rstrip()
    return "\n".join(textwrap.wrap(plain, width=width, initial_indent=first, subsequent_indent=rest,
                                   break_long_words=False, break_on_hyphens=False)) or first.rstrip()


_CLOSING = set("，。！？、；：”’）》」』】〉…")
"""Marks that never start a line (kinsoku): they stay with the wide character before them."""


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _units(word: str) -> list[str]:
    """What a line may break between: runs of narrow characters, and each wide character (with the
    closing marks after it)."""
    units: list[str] = []
    for char in word:
        if units and (char in _CLOSING and _is_wide(units[-1][0]) or not _is_wide(char) and not _is_wide(units[-1][-1])):
            units[-1] += char
        else:
            units.append(char)
    return units


def _wrap_wide(text: str, width: int, first: str, rest: str) -> list[str]:
    lines: list[str] = []
    line, empty = first, True
    for word in text.split(" "):
        for index, unit in enumerate(_units(word)):
            joined = line + (" " if index == 0 and not empty else "") + unit
            if display_columns(joined) > width and not empty:
                lines.append(line)
                joined = rest + unit
            line, empty = joined, False
    if not empty:
        lines.append(line)
    return lines


def display_columns(text: str | None) -> int:
    """How many terminal columns a text takes: wide (CJK) characters take two, as in a text underline."""
    return sum(2 if _is_wide(char) else 1 for char in plain_text(text))


@jinja2.pass_context
def format_when(context: jinja2.runtime.Context, value: str | None, fmt: str | None = None) -> str:
    """An ISO 8601 time from the briefing data, for people, in the briefing's language
    ("25 Feb 2023, 09:10", "3. März 2023, 07:45").

    `fmt` is a CLDR pattern ("d MMMM y") or a strftime one ("%d.%m.%Y"); without it the labels'
    ``datetime`` pattern is used, or their ``date`` one for a time of exactly midnight: it is what
    a source that gives only a date ("published: 2023-02-25") is read as, and "00:00" would be a
    time nobody reported.
    """
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if fmt is not None and "%" in fmt:
        return moment.strftime(fmt)
    labels = _labels(context)
    pattern = fmt or str(labels["date" if moment.time() == time(0) else "datetime"])
    from babel.dates import format_datetime  # CLDR month and day names; only when a template shows a time

    return format_datetime(moment, pattern, locale=_locale(context))


@jinja2.pass_context
def format_day(context: jinja2.runtime.Context, value: str | None, fmt: str | None = None) -> str:
    """A day (an ISO date, the briefing's `date`) in the labels' ``day`` pattern or CLDR pattern `fmt`."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    from babel.dates import format_date

    return format_date(day, fmt or str(_labels(context)["day"]), locale=_locale(context))


@jinja2.pass_context
def count_label(context: jinja2.runtime.Context, number: int, label: Label, /, **values: Any) -> str:
    """A counting label for `number` in the plural form the briefing's language uses for it
    (CLDR's plural rules through babel: "1 source", "2 źródła", "5 źródeł"), placeholders filled."""
    if isinstance(label, str):
        text = label
    else:
        from babel import Locale

        category = Locale.parse(_locale(context)).plural_form(number)
        text = label.get(category) or label.get("other") or next(iter(label.values()), "")
    return fill_label(text, n=number, **values)


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@jinja2.pass_context
def lang_attribute(context: jinja2.runtime.Context, code: str | None, attribute: str = "lang") -> Markup:
    """`` lang="xx"`` for text in another language than the briefing's (nothing for the same one):
    a screen reader then reads it in its own voice, and the browser picks its fonts."""
    if not code or not _LANGUAGE_TAG.match(str(code)) or primary_subtag(code) == primary_subtag(_language(context)):
        return Markup("")
    return Markup(' {}="{}"').format(attribute, code)


def _language(context: jinja2.runtime.Context) -> str:
    return str(context.get("language") or "en")


def _labels(context: jinja2.runtime.Context) -> Labels:
    found = context.get("labels")
    return found if isinstance(found, dict) else labels_for(_language(context))


def _locale(context: jinja2.runtime.Context) -> str:
    return _known_locale(_language(context).replace("-", "_"))


@lru_cache(maxsize=32)
def _known_locale(code: str) -> str:
    """The babel locale of a language code ("en" where CLDR does not know the code)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return "en"
    return code


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; any failure is a RenderError naming the template file and line."""
    context = {"labels": labels_for(context.get("language")), **context}
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        raise RenderError(f"{where}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"{name}: template not found: {exc.name}") from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{template_location(exc.__traceback__, env, name)}: undefined variable: {exc.message}") from None
    except Exception as exc:  # a user's template is code: report its failure, never crash the run
        where = template_location(exc.__traceback__, env, name)
        raise RenderError(f"{where}: rendering failed: {type(exc).__name__}: {exc}") from None


def template_location(tb: TracebackType | None, env: jinja2.Environment, name: str) -> str:
    """``file:line`` of the innermost template frame of a rendering error (Jinja maps its frames to
    template lines), or the template's name when no frame belongs to a template."""
    files = _template_files(env)
    found = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename in files or filename.endswith(".j2"):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def _template_files(env: jinja2.Environment) -> set[str]:
    cache = getattr(env, "cache", None) or {}
    return {t.filename for t in cache.values() if getattr(t, "filename", None)}
