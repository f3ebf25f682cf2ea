"""The command line: ``briefer run | summarize | eval | init | templates | schedule | status``.

One module per command group adds its parser and handler; this one assembles them, sets up logging
and turns every failure a user can cause (a BrieferError) into one line on stderr and an exit code
(2 for usage and config errors, 1 for a run that produced nothing); no traceback unless --debug.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from ..errors import BrieferError
from ..printable import PrintableFormatter, printable
from ..version import __version__
from . import evaluate, init, run, schedule, summarize, templates

log = logging.getLogger("briefer")

COMMAND_GROUPS = (run, summarize, evaluate, init, templates, schedule)
"""Each module has add_parsers(commands, common): the subcommands it owns, with their handlers."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.debug, args.quiet)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code = args.handler(args) or 0
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except RecursionError:
        if args.debug:
            log.exception("failed")
        print("briefer: error: the input is nested too deeply to read", file=sys.stderr)
        return 2
    except OSError as exc:  # a folder that cannot be made or written, a full disk
        if args.debug:
            log.exception("failed")
        where = f" {exc.filename}" if exc.filename else ""
        print(printable(f"briefer: error: cannot use{where}: {exc.strerror or exc}"), file=sys.stderr)
        return 1
    except BrieferError as exc:
        if args.debug:
            log.exception("failed")
        print(f"briefer: error: {printable(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("briefer: interrupted", file=sys.stderr)
        return 130


def _silence_stdout() -> None:
    """The reader went away (`briefer summarize ... | head -1`): end quietly.

    As the Python docs advise for SIGPIPE, point stdout at devnull so the flush at exit cannot
    raise BrokenPipeError again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    common.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")

    parser = argparse.ArgumentParser(prog="briefer", parents=[common],
                                     description="Turn a day's news into a short, themed, extractive briefing.")
    parser.add_argument("--version", action="version", version=f"briefer {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_parsers(commands, common)
    return parser


def _setup_logging(debug: bool, quiet: bool) -> None:
    level = logging.DEBUG if debug else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(PrintableFormatter("briefer: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("trafilatura", "htmldate", "charset_normalizer", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.ERROR if not debug else logging.DEBUG)
