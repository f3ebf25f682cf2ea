"""`briefer schedule` (the loop: briefer/scheduler/) and `briefer status` (what it did last, does next)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from ..config import CONFIG_FILENAME
from ..printable import PrintableFormatter
from .options import add_config_option, config_from, require_config_file

# How the command line's options are named in config errors.
GIVEN_AS = {"schedule.time": "--at", "schedule.timezone": "--timezone"}


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sched = commands.add_parser("schedule", parents=[common], help="build the briefing every day, in the foreground",
                                description="Build the day's briefing every day at schedule.time in schedule.timezone "
                                            "(catching up missed days), until SIGTERM or Ctrl-C. One per data_dir.")
    add_config_option(sched, required=True)
    sched.add_argument("--at", metavar="HH:MM[:SS]", help="the daily run's local time, for this process only")
    sched.add_argument("--timezone", metavar="ZONE", help="IANA zone of --at (e.g. Europe/London), for this process only")
    sched.set_defaults(handler=cmd_schedule)
    status = commands.add_parser("status", parents=[common], help="what `briefer schedule` did last and does next",
                                 description="Print the status file `briefer schedule` keeps in data_dir.")
    add_config_option(status)
    status.add_argument("--json", action="store_true", help="print the status file as it is (JSON)")
    status.set_defaults(handler=cmd_status)


def schedule_overrides(*, at: str | None = None, zone: str | None = None) -> dict[str, Any]:
    """--at and --timezone as config overrides of the schedule section (for this process only)."""
    overrides: dict[str, Any] = {}
    if at is not None:
        overrides["schedule.time"] = at
    if zone is not None:
        overrides["schedule.timezone"] = zone
    return overrides


def cmd_schedule(args: argparse.Namespace) -> int:
    """`briefer schedule`: take the lock in data_dir, log there too, and run until stopped."""
    from ..scheduler import DailyScheduler
    from ..scheduler.state import InstanceLock, add_log_file

    path = require_config_file(args, f"no {CONFIG_FILENAME} here: give `briefer schedule --config FILE` "
                                     f"(or write one with `briefer init`)")
    config = config_from(args, overrides=schedule_overrides(at=args.at, zone=args.timezone), given_as=GIVEN_AS)
    data_dir = config.resolve(config.data_dir)
    with InstanceLock(data_dir):
        settings = config.schedule
        handler = add_log_file(data_dir, max_bytes=settings.log_max_bytes, backups=settings.log_backups,
                               level=logging.DEBUG if args.debug else logging.INFO)
        _log_info(args.debug, args.quiet)
        try:
            code = DailyScheduler(config, config_path=path.resolve()).serve()
        finally:
            logging.getLogger().removeHandler(handler)
            handler.close()
        _exit_past_hung_threads(code)
        return code


def _exit_past_hung_threads(code: int) -> None:
    """After a stop, a fetch thread still hung (an abandoned run) must not keep the process alive:
    the status is written and the log closed, so end now instead of joining it at interpreter exit."""
    import os
    import threading

    hung = [t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive() and not t.daemon]
    if hung:
        logging.getLogger(__name__).warning("leaving %d hung fetch thread(s) behind", len(hung))
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def cmd_status(args: argparse.Namespace) -> int:
    """`briefer status`: print the status file of the config's data_dir."""
    from ..scheduler.state import format_status, is_locked, read_status

    config = config_from(args)
    data_dir = config.resolve(config.data_dir)
    status = read_status(data_dir)
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        print(format_status(status, running=is_locked(data_dir)))
    return 0


def _log_info(debug: bool, quiet: bool) -> None:
    """An unattended process says what it does: INFO to stderr (unless --quiet) and to the log file."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler) and getattr(handler, "stream", None) is sys.stderr:
            handler.setLevel(logging.ERROR if quiet else logging.NOTSET)
            handler.setFormatter(PrintableFormatter("briefer: %(asctime)s %(levelname)s: %(message)s"))
