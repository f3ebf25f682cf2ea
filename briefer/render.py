"""The Jinja2 environment: the user's templates first, the packaged defaults after.

A user template with a default's name replaces it; one that wants to change a single block
extends the default through the ``!default/`` prefix (Pelican's ``!simple/`` idea):
``{% extends "!default/briefing.html.j2" %}``. HTML templates autoescape; text from sources is
never passed through Markdown (which lets raw HTML through), only what the user wrote is.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime, time
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import markdown as markdown_lib
import nh3
from markupsafe import Markup

from .errors import RenderError
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
    env.filters["markdown"] = render_user_markdown
    env.filters["safe_url"] = safe_url
    env.filters["md_escape"] = markdown_escape
    env.filters["when"] = format_when
    env.filters["plain"] = plain_text
    env.filters["wrap_text"] = wrap_text
    env.filters["anchor"] = anchor_id
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
    """Text wrapped to `width` columns for terminals and email bodies; `first`/`rest` indent the lines."""
    return "\n".join(textwrap.wrap(plain_text(text), width=width, initial_indent=first, subsequent_indent=rest,
                                   break_long_words=False, break_on_hyphens=False)) or first.rstrip()


def format_when(value: str | None, fmt: str | None = None) -> str:
    """An ISO 8601 time from the briefing data, for people ("25 Feb 2023, 09:10").

    Without a format, a time of exactly midnight is shown as the date alone ("25 Feb 2023"): it is
    what a source that gives only a date ("published: 2023-02-25") is read as, and "00:00" would be
    a time nobody reported.
    """
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    if fmt is None:
        fmt = "%-d %b %Y" if moment.time() == time(0) else "%-d %b %Y, %H:%M"
    return moment.strftime(fmt)


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render one template; any failure is a RenderError naming the template file and line."""
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
