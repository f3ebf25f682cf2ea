"""`briefer templates init | list | check` (the work itself: briefer/template_check.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..printable import printable
from .options import add_config_option, config_from


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    templates = commands.add_parser("templates", parents=[common], help="copy, list and check templates",
                                    description="Work with the Jinja2 templates the briefing is rendered with.")
    add_config_option(templates)
    # --config after the action too ("briefer templates list --config FILE"); SUPPRESS keeps one given
    # before the action from being reset by the action's own default.
    config_option = argparse.ArgumentParser(add_help=False)
    config_option.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common = argparse.ArgumentParser(add_help=False, parents=[common, config_option], conflict_handler="resolve")
    actions = templates.add_subparsers(title="actions", metavar="ACTION")
    init = actions.add_parser("init", parents=[common], help="copy the default templates for editing",
                              description="Copy the default templates that are missing from DIR (default: "
                                          "templates_dir from config); those already there are kept.")
    init.add_argument("directory", nargs="?", type=Path, metavar="DIR")
    init.add_argument("--force", action="store_true", help="overwrite the templates already in DIR (each is named)")
    init.set_defaults(handler=cmd_templates_init)
    listing = actions.add_parser("list", parents=[common], help="show which file each template comes from",
                                 description="Each template name and its file: yours (templates_dir) or briefer's.")
    listing.set_defaults(handler=cmd_templates_list)
    check = actions.add_parser("check", parents=[common], help="render every template with sample data",
                               description="Render every template with sample data; undefined variables are errors. "
                                           "Exit 1 when a template fails, 2 on a usage or config error.")
    check.set_defaults(handler=cmd_templates_check)
    templates.set_defaults(handler=lambda args: (templates.print_help(sys.stderr), 2)[1])


def _templates_dir(args: argparse.Namespace) -> Path:
    config = config_from(args)
    return config.resolve(config.templates_dir)


def cmd_templates_init(args: argparse.Namespace) -> int:
    from ..template_check import KEPT, init_templates

    target = args.directory.resolve() if args.directory else _templates_dir(args)
    done = init_templates(target, force=args.force)
    for action, path in done:
        print(f"{action:<9} {path}" + (" (already there, untouched)" if action == KEPT else ""))
    kept = sum(1 for action, _ in done if action == KEPT)
    if kept:
        print(f"{kept} of {len(done)} templates kept as they were; add --force to overwrite them")
    return 0


def cmd_templates_list(args: argparse.Namespace) -> int:
    from ..template_check import list_templates

    infos = list_templates(_templates_dir(args))
    width = max(len(info.name) for info in infos)
    for info in infos:
        note = "  (replaces the default)" if info.overrides_default else ""
        print(f"{info.name:<{width}}  {info.origin:<7}  {info.path}{note}")
    return 0


def cmd_templates_check(args: argparse.Namespace) -> int:
    from ..template_check import check_templates

    config = config_from(args)
    checked, problems = check_templates(config.resolve(config.templates_dir), config)
    for name in checked:
        print(f"ok  {name}")
    for problem in problems:
        print(f"briefer: error: {printable(problem)}", file=sys.stderr)
    return 1 if problems else 0
