"""The one typed schema of config.yaml, and loading it with every problem reported at once.

Every field has a default, so an empty file (or none at all) is a valid config. Unknown keys are
errors: a typo must never be silently ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ConfigError

CONFIG_FILENAME = "config.yaml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class SourceConfig(Strict):
    """One place articles come from. In YAML, a plain string is a path (or URL)."""

    path: str
    """A folder or file of articles (txt, md, html, json); relative to the config file."""
    name: str | None = None
    """How the source is named in the briefing; defaults to the file or folder name."""
    limit: int | None = Field(default=None, ge=1)
    """At most this many articles from this source."""
    enabled: bool = True
    """Set to false to keep a source in the file but skip it."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"path": value} if isinstance(value, str) else value


class ThemeConfig(Strict):
    """A user-defined topic: sentences whose words match its keywords or phrases go under it."""

    name: str = Field(min_length=1)
    description: str = ""
    """Markdown shown under the theme heading."""
    keywords: list[str] = []
    """Single words, matched case-insensitively on their stems (\"tank\" matches \"tanks\")."""
    phrases: list[str] = []
    """Multi-word phrases, matched as consecutive stems (\"peace plan\" matches \"peace plans\")."""


class OtherNewsConfig(Strict):
    enabled: bool = True
    """Collect sentences that match no theme in a last section."""
    title: str = "Other news"


class BriefingConfig(Strict):
    title: str = "Daily briefing"
    intro: str = ""
    """Markdown shown at the top of the briefing."""
    sentences_per_theme: int = Field(default=6, ge=1)
    """At most this many items in one theme section."""
    sentences_per_article: int = Field(default=3, ge=1)
    """At most this many items from one article in one theme section."""
    other_news: OtherNewsConfig = OtherNewsConfig()


class SummarizerConfig(Strict):
    algorithm: str = "lexrank"
    """A ranker name (lexrank, textrank, lsa, luhn, kl, sumbasic, lead) or sumy:NAME."""
    language: str = "english"


class OutputsConfig(Strict):
    markdown: bool = True
    html: bool = True
    json_: bool = Field(default=True, alias="json")


class LimitsConfig(Strict):
    max_file_bytes: int = Field(default=10_000_000, ge=1)
    """Files larger than this are skipped with a warning."""


class Config(Strict):
    """The whole of config.yaml."""

    sources: list[SourceConfig] = []
    themes: list[ThemeConfig] = []
    briefing: BriefingConfig = BriefingConfig()
    summarizer: SummarizerConfig = SummarizerConfig()
    outputs: OutputsConfig = OutputsConfig()
    limits: LimitsConfig = LimitsConfig()
    output_dir: Path = Path("briefings")
    """Where the dated briefing files go; relative to the config file."""
    data_dir: Path = Path(".briefer")
    """Where briefer keeps its state; relative to the config file."""
    templates_dir: Path = Path("templates")
    """Your own templates, which override the defaults by name; relative to the config file."""
    timezone: str | None = None
    """IANA name (e.g. Europe/London) for datelines without an offset; default: the machine's."""
    base_dir: Path = Field(default=Path("."), exclude=True)
    """The folder relative paths resolve against (the config file's); set by load_config."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"an IANA time zone name such as Europe/London, not {value!r}") from None
        return value

    @field_validator("themes")
    @classmethod
    def _unique_names(cls, themes: list[ThemeConfig]) -> list[ThemeConfig]:
        names = [t.name.casefold() for t in themes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"theme names must be unique; repeated: {', '.join(duplicates)}")
        return themes

    def resolve(self, path: Path | str) -> Path:
        """A path from the config, made absolute against the config file's folder."""
        path = Path(path).expanduser()
        return path if path.is_absolute() else self.base_dir / path


def parse_config(data: Any, *, base_dir: Path, origin: str = CONFIG_FILENAME) -> Config:
    """Validate already-parsed YAML data; raise ConfigError listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of settings at the top level, got {type(data).__name__}")
    try:
        return Config.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        raise ConfigError(f"{origin} is invalid:\n" + "\n".join(_describe(err) for err in exc.errors())) from None


def load_config(path: Path | str) -> Config:
    """Read and validate a config file; ConfigError names the file or each wrong key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where else ""
        raise ConfigError(f"{path}: not valid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    return parse_config(data, base_dir=path.resolve().parent, origin=str(path))


def default_config(base_dir: Path | None = None) -> Config:
    return Config(base_dir=base_dir or Path.cwd())


def _describe(error: dict[str, Any]) -> str:
    key = ".".join(str(part) for part in error["loc"] if part not in ("function-after", "function-before"))
    kind = error["type"]
    if kind == "extra_forbidden":
        message = "unknown key"
    elif kind == "missing":
        message = "required"
    else:
        message = error["msg"].removeprefix("Value error, ")
        if kind.endswith("_type") or kind.endswith("_parsing"):
            message += f" (got {error.get('input')!r})"
    return f"  {key or '(top level)'}: {message}"
