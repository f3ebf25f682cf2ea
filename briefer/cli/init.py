"""`briefer init`: a commented starter config.yaml and empty templates/ and articles/ folders."""

from __future__ import annotations

import argparse
from importlib.resources import files
from pathlib import Path

from ..config import CONFIG_FILENAME
from ..errors import UsageError


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    init = commands.add_parser("init", parents=[common], help="write a starter config.yaml and templates/",
                               description="Write a commented starter config.yaml and an empty templates/ folder.")
    init.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR")
    init.add_argument("--force", action="store_true", help="overwrite an existing config.yaml")
    init.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from ..output import atomic_write

    target = args.directory.resolve()
    config_path = target / CONFIG_FILENAME
    if config_path.exists() and not args.force:
        raise UsageError(f"{config_path}: already exists; use --force to overwrite it")
    atomic_write(config_path, files("briefer").joinpath("data/starter_config.yaml").read_text(encoding="utf-8"))
    (target / "templates").mkdir(parents=True, exist_ok=True)
    (target / "articles").mkdir(parents=True, exist_ok=True)
    print(f"wrote {config_path}\nput articles in {target / 'articles'} and run: briefer run --config {config_path}")
    return 0
