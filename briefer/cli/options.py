"""What several commands share: the --config option, the config it names, and argument checks."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import CONFIG_FILENAME
from ..errors import UsageError

if TYPE_CHECKING:
    from ..config import Config, Overrides


def add_config_option(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    default = f"./{CONFIG_FILENAME}" if required else f"./{CONFIG_FILENAME} if present"
    parser.add_argument("--config", type=path_argument, help=f"config file (default: {default})")


def config_from(args: argparse.Namespace, *, overrides: Overrides | None = None,
                given_as: dict[str, str] | None = None) -> Config:
    """--config when given (it must exist), else ./config.yaml when present, else the defaults."""
    from ..config import load_config  # the pydantic schema: only for a command that reads the config

    return load_config(getattr(args, "config", None), overrides=overrides, given_as=given_as)


def require_config_file(args: argparse.Namespace, missing: str) -> Path:
    """The config file a command cannot do without; UsageError `missing` when there is none."""
    from ..config import find_config

    found = find_config(getattr(args, "config", None))
    if found is None:
        raise UsageError(missing)
    return found


def path_argument(value: str) -> Path:
    """A path option; a NUL (which no file system takes, and only a caller of main() can pass) is a usage error."""
    if "\0" in value:
        raise argparse.ArgumentTypeError(f"{value!r} holds a NUL character (\\0), which no path can")
    return Path(value)


def existing_path(value: str, what: str) -> Path:
    if "\0" in value:
        raise UsageError(f"{value!r}: a path cannot hold a NUL character (\\0) ({what})")
    path = Path(value).expanduser()
    if not path.exists():
        raise UsageError(f"{value}: no such file or folder ({what})")
    return path.resolve()


def positive_int(value: str) -> int:
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")


EARLIEST_DAY = date(1000, 1, 1)
LATEST_DAY = date(9998, 12, 31)
"""Far enough from date.min/date.max that a day's neighbours (story look-back, freshness) exist."""


def iso_date(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise argparse.ArgumentTypeError(f"{value!r} is outside {EARLIEST_DAY} .. {LATEST_DAY}")
    return day
