"""`briefer run`: build the day's briefing, write its files (and mail it), and say so in one line."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import CONFIG_FILENAME
from ..errors import UsageError
from .options import add_config_option, config_from, existing_path, iso_date, path_argument, require_config_file

if TYPE_CHECKING:
    from ..config import SourceConfig

log = logging.getLogger(__name__)


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    run = commands.add_parser("run", parents=[common], help="build today's briefing",
                              description="Build the day's briefing from the configured sources.")
    add_config_option(run)
    run.add_argument("--source", action="append", metavar="PATH|URL",
                     help="a folder or file of articles, or a feed or page URL; replaces the config's sources "
                          "(repeatable)")
    run.add_argument("--allow-private-addresses", action="store_true",
                     help="let sources reach loopback and private-network addresses for this run")
    run.add_argument("--out", type=path_argument, metavar="DIR", help="write DIR/{date}.md, .html and .json")
    run.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="the briefing's day (default: today)")
    run.add_argument("--workers", type=int, metavar="N",
                     help="processes for the per-article work (default: config compute.workers, else one per core)")
    run.add_argument("--email", action=argparse.BooleanOptionalAction, default=None,
                     help="send the briefing by email as config.email says (default: config email.send)")
    run.set_defaults(handler=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    from ..pipeline import run

    if not args.source:
        require_config_file(args, f"no {CONFIG_FILENAME} here and no --source given; "
                                  f"start with `briefer init` (writes a starter {CONFIG_FILENAME}), "
                                  f"or try `briefer run --source FOLDER`")
    overrides: dict[str, object] = {"fetch.allow_private_addresses": True} if args.allow_private_addresses else {}
    if args.workers is not None:
        overrides["compute.workers"] = args.workers
    config = config_from(args, overrides=overrides, given_as={"compute.workers": "--workers"})
    sources = [source_option(p) for p in args.source] if args.source else None
    out_dir = args.out.resolve() if args.out else None
    result = run(config, day=args.date, out_dir=out_dir, sources=sources, send_email=args.email)
    # Each problem was logged once where it was found (gather, compute); here only the counts.
    for path in result.written:
        log.debug("wrote %s", path)
    if not args.quiet:
        print(result.report(cwd=Path.cwd()))
    return 0


def source_option(value: str) -> SourceConfig:
    """--source: an http(s) URL is a web source; anything else must be an existing path."""
    from ..config import SourceConfig

    if "://" in value:
        try:
            return SourceConfig(url=value)
        except ValueError:
            raise UsageError(f"--source {value}: only http:// and https:// URLs can be fetched") from None
    return SourceConfig(path=str(existing_path(value, "--source")))
