"""The Jinja2 environment: the user's templates first, the packaged defaults after.

A user template with a default's name replaces it; one that wants to change a single block
extends the default through the ``!default/`` prefix (Pelican's ``!simple/`` idea):
``{% extends "!default/briefing.html.j2" %}``. HTML templates autoescape; text from sources is
never passed through Markdown (which lets raw HTML through), only what the user wrote is.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
import markdown as markdown_lib
import nh3
from markupsafe import Markup

from .errors import RenderError

DEFAULT_PREFIX = "!default"

_SAFE_URL = re.compile(r"https?://[^\s<>\"'`]+$", re.IGNORECASE)


def make_environment(user_dir: Path | None = None, *, strict: bool = False) -> jinja2.Environment:
    defaults = jinja2.PackageLoader("briefer", "templates")
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
    return env


def render_user_markdown(text: str | None) -> Markup:
    """Markdown the user wrote (theme descriptions, the intro) as HTML, cleaned with nh3 all the same."""
    if not text:
        return Markup("")
    html = markdown_lib.markdown(str(text), extensions=["extra", "sane_lists"])
    return Markup(nh3.clean(html, url_schemes={"http", "https", "mailto"}))


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link, else None: javascript:, data: and the like are dropped."""
    if isinstance(url, str) and _SAFE_URL.match(url.strip()):
        return url.strip()
    return None


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def markdown_escape(text: str | None) -> str:
    """Source text made inert in a Markdown file: no link, emphasis or HTML of its own."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


def format_when(value: str | None, fmt: str = "%-d %b %Y, %H:%M") -> str:
    """An ISO 8601 time from the briefing data, for people ("25 Feb 2023, 09:10")."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).strftime(fmt)
    except (TypeError, ValueError):
        return str(value)


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"template not found: {exc.name}") from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{name}: {exc.message}") from None
    except Exception as exc:  # a user's template is code: report its failure, never crash the run
        raise RenderError(f"{name}: rendering failed: {type(exc).__name__}: {exc}") from None
