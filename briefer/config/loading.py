"""Finding config.yaml, reading it, and validating it (with command-line overrides) in one step,
every problem reported at once with its key."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import ValidationError

from ..errors import ConfigError
from .filename import CONFIG_FILENAME
from .schema import Config
from .yaml_load import YamlProblem, load_yaml

Overrides = Mapping[str, Any]
"""Settings given for one process (command-line options), by dotted key: {"schedule.time": "06:30"}."""


def find_config(path: Path | str | None = None) -> Path | None:
    """The config file to use: `path` when given (it need not exist yet), else ./config.yaml when present."""
    if path is not None:
        return Path(path)
    local = Path.cwd() / CONFIG_FILENAME
    return local if local.is_file() else None


def load_config(path: Path | str | None = None, *, overrides: Overrides | None = None,
                given_as: Mapping[str, str] | None = None) -> Config:
    """Find (`find_config`), read and validate the config, with `overrides` validated like the file's keys.

    Without a file the defaults apply (relative paths against the working folder). `given_as` names
    how each override was given (schedule.time -> --at) in error messages. ConfigError names the file
    or each wrong key.
    """
    found = find_config(path)
    if found is None:
        return parse_config({}, base_dir=Path.cwd(), overrides=overrides, given_as=given_as)
    try:
        text = found.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{found}: config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{found}: cannot read the config file ({exc})") from None
    try:
        data = load_yaml(text)
    except YamlProblem as exc:
        line = f" (line {exc.line})" if exc.line else ""
        raise ConfigError(f"{found}: not valid YAML{line}: {exc}") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where else ""
        raise ConfigError(f"{found}: not valid YAML{line}: {getattr(exc, 'problem', exc)}") from None
    return parse_config(data, base_dir=found.resolve().parent, origin=str(found), overrides=overrides,
                        given_as=given_as)


def parse_config(data: Any, *, base_dir: Path, origin: str = CONFIG_FILENAME, overrides: Overrides | None = None,
                 given_as: Mapping[str, str] | None = None) -> Config:
    """Validate already-parsed YAML data (and `overrides` on top); raise ConfigError listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of settings at the top level, got {type(data).__name__}")
    data = _with_overrides(data, overrides or {})
    try:
        return Config.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        named = given_as or {}
        lines = [_describe(err, named) for err in exc.errors()]
        # One line, as every error briefer prints: the problems joined by "; ".
        if all(line.startswith("--") for line in lines):  # only the command line is wrong: say just that
            raise ConfigError("; ".join(lines)) from None
        raise ConfigError(f"{origin}: " + "; ".join(lines)) from None


def default_config(base_dir: Path | None = None) -> Config:
    return Config(base_dir=base_dir or Path.cwd())


def config_timezone(config: Config) -> tzinfo | None:
    """The config's time zone, or None for the machine's own."""
    return ZoneInfo(config.timezone) if config.timezone else None


def now_in(config: Config) -> datetime:
    tz = config_timezone(config)
    return datetime.now(tz) if tz else datetime.now().astimezone()


def _with_overrides(data: dict[str, Any], overrides: Overrides) -> dict[str, Any]:
    """The YAML data with each dotted override set in it (a copy; sections the file has stay)."""
    merged = dict(data)
    for dotted, value in overrides.items():
        *sections, key = dotted.split(".")
        target = merged
        for section in sections:
            inner = target.get(section)
            if inner is None:
                inner = {}
            elif not isinstance(inner, dict):
                break  # the file's own section is wrong: validation reports that
            target[section] = inner = dict(inner)
            target = inner
        else:
            target[key] = value
    return merged


def _describe(error: Mapping[str, Any], given_as: Mapping[str, str]) -> str:
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
    return f"{given_as.get(key) or key or '(top level)'}: {message}"
