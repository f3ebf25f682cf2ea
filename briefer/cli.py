"""The command line: ``briefer run | summarize | eval | init``.

Every failure a user can cause is a BrieferError, printed as one line (no traceback unless
--debug) with exit code 2 for usage and config errors and 1 for a run that produced nothing.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import __version__
from .config import CONFIG_FILENAME, Config, SourceConfig, default_config, load_config
from .errors import BrieferError, UsageError
from .printable import PrintableFormatter, printable

log = logging.getLogger("briefer")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.debug, args.quiet)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.handler(args) or 0
    except BrieferError as exc:
        if args.debug:
            log.exception("failed")
        print(f"briefer: error: {printable(exc)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("briefer: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    common.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")

    parser = argparse.ArgumentParser(prog="briefer", parents=[common],
                                     description="Turn a day's news into a short, themed, extractive briefing.")
    parser.add_argument("--version", action="version", version=f"briefer {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    run = commands.add_parser("run", parents=[common], help="build today's briefing",
                              description="Build the day's briefing from the configured sources.")
    run.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_FILENAME} if present)")
    run.add_argument("--source", action="append", metavar="PATH|URL",
                     help="a folder or file of articles, or a feed or page URL; replaces the config's sources "
                          "(repeatable)")
    run.add_argument("--allow-private-addresses", action="store_true",
                     help="let sources reach loopback and private-network addresses for this run")
    run.add_argument("--out", type=Path, metavar="DIR", help="write DIR/{date}.md, .html and .json")
    run.add_argument("--date", type=_parse_date, metavar="YYYY-MM-DD", help="the briefing's day (default: today)")
    run.add_argument("--email", action=argparse.BooleanOptionalAction, default=None,
                     help="send the briefing by email as config.email says (default: config email.send)")
    run.set_defaults(handler=cmd_run)

    summarize = commands.add_parser("summarize", parents=[common], help="summarise one article now",
                                    description="Print the best sentences of one article, in its order.")
    summarize.add_argument("path", metavar="PATH|-", help="an article file (txt, md, html, json), or - for stdin")
    size = summarize.add_mutually_exclusive_group()
    size.add_argument("--sentences", "-n", metavar="N", help="how many sentences (default 3), or a ratio like 20%%")
    size.add_argument("--ratio", metavar="R", help="a share of the sentences: 20%% or 0.2")
    summarize.add_argument("--algorithm", "-a", metavar="NAME", help="ranker: news, lexrank, textrank, lsa, luhn, kl, "
                           "sumbasic, lead, or sumy:NAME for sumy's own (default from config, else news)")
    summarize.add_argument("--format", "-f", choices=("text", "md", "json"), default="text")
    summarize.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_FILENAME} if present)")
    summarize.set_defaults(handler=cmd_summarize)

    evaluate = commands.add_parser("eval", parents=[common], help="ROUGE and speed of rankers on a dataset",
                                   description="Score rankers against reference summaries: ROUGE-1, ROUGE-2 and "
                                   "ROUGE-Lsum F1 x 100 (rouge-score, stemming on) and articles per second.")
    evaluate.add_argument("dataset", type=Path, metavar="DATASET.jsonl",
                          help="one JSON object a line with `text` and `summary` (reference sentences, one a line)")
    evaluate.add_argument("--algorithms", metavar="A,B,...", default="lead,news",
                          help="rankers to compare, comma-separated (default: lead,news); sumy:NAME for sumy's own")
    evaluate.add_argument("--sentences", "-n", metavar="N", default="3", help="summary length (default 3), or a ratio like 20%%")
    evaluate.add_argument("--limit", type=_positive_int, metavar="N", help="only the first N articles")
    evaluate.add_argument("--json", action="store_true", help="print a JSON list, one object per ranker")
    evaluate.set_defaults(handler=cmd_eval)

    init = commands.add_parser("init", parents=[common], help="write a starter config.yaml and templates/",
                               description="Write a commented starter config.yaml and an empty templates/ folder.")
    init.add_argument("directory", nargs="?", type=Path, default=Path("."), metavar="DIR")
    init.add_argument("--force", action="store_true", help="overwrite an existing config.yaml")
    init.set_defaults(handler=cmd_init)
    _add_templates_parser(commands, common)
    _add_schedule_parsers(commands, common)
    return parser


def _add_schedule_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sched = commands.add_parser("schedule", parents=[common], help="build the briefing every day, in the foreground",
                                description="Build the day's briefing every day at schedule.time in schedule.timezone "
                                            "(catching up missed days), until SIGTERM or Ctrl-C. One per data_dir.")
    sched.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_FILENAME})")
    sched.add_argument("--at", metavar="HH:MM[:SS]", help="the daily run's local time, for this process only")
    sched.add_argument("--timezone", metavar="ZONE", help="IANA zone of --at (e.g. Europe/London), for this process only")
    sched.set_defaults(handler=cmd_schedule)
    status = commands.add_parser("status", parents=[common], help="what `briefer schedule` did last and does next",
                                 description="Print the status file `briefer schedule` keeps in data_dir.")
    status.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_FILENAME} if present)")
    status.add_argument("--json", action="store_true", help="print the status file as it is (JSON)")
    status.set_defaults(handler=cmd_status)


def cmd_schedule(args: argparse.Namespace) -> int:
    from .scheduler import schedule_command

    return schedule_command(args.config, at=args.at, zone=args.timezone, debug=args.debug, quiet=args.quiet)


def cmd_status(args: argparse.Namespace) -> int:
    from .scheduler import status_command

    return status_command(args.config, as_json=args.json)


def _add_templates_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    templates = commands.add_parser("templates", parents=[common], help="copy, list and check templates",
                                    description="Work with the Jinja2 templates the briefing is rendered with.")
    templates.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_FILENAME} if present)")
    # --config after the action too ("briefer templates list --config FILE"); SUPPRESS keeps one given
    # before the action from being reset by the action's own default.
    config_option = argparse.ArgumentParser(add_help=False)
    config_option.add_argument("--config", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common = argparse.ArgumentParser(add_help=False, parents=[common, config_option], conflict_handler="resolve")
    actions = templates.add_subparsers(title="actions", metavar="ACTION")
    init = actions.add_parser("init", parents=[common], help="copy the default templates for editing",
                              description="Copy the default templates into DIR (default: templates_dir from config).")
    init.add_argument("directory", nargs="?", type=Path, metavar="DIR")
    init.add_argument("--force", action="store_true", help="overwrite templates already in DIR")
    init.set_defaults(handler=cmd_templates_init)
    listing = actions.add_parser("list", parents=[common], help="show which file each template comes from",
                                 description="Each template name and its file: yours (templates_dir) or briefer's.")
    listing.set_defaults(handler=cmd_templates_list)
    check = actions.add_parser("check", parents=[common], help="render every template with sample data",
                               description="Render every template with sample data; undefined variables are errors. "
                                           "Exit 1 when a template fails, 2 on a usage or config error.")
    check.set_defaults(handler=cmd_templates_check)
    templates.set_defaults(handler=lambda args: (templates.print_help(sys.stderr), 2)[1])


def cmd_run(args: argparse.Namespace) -> int:
    from .pipeline import run

    config = _load_config(args.config, required_for="run" if not args.source else None)
    sources = None
    if args.source:
        sources = [_source_option(p) for p in args.source]
    if args.allow_private_addresses:
        config = config.model_copy(update={"fetch": config.fetch.model_copy(update={"allow_private_addresses": True})})
    out_dir = args.out.resolve() if args.out else None
    result = run(config, day=args.date, out_dir=out_dir, sources=sources, send_email=args.email)
    for problem in result.briefing.problems:
        log.warning("skipped %s: %s", problem.location, problem.reason)
    for path in result.written:
        print(path)
    return 0


def cmd_summarize(args: argparse.Namespace) -> int:
    from .pipeline import config_timezone
    from .sources.files import article_from_text, load_file
    from .summarize import get_summarizer, parse_count
    from .summarize.ranking import choose_summary, rank_article
    from .text import Tokenizer

    config = _load_config(args.config, required_for=None)
    count = parse_count(args.sentences) if args.sentences else _ratio(args.ratio) if args.ratio else 3
    algorithm = args.algorithm or config.summarizer.algorithm
    language = config.summarizer.language
    summarizer = get_summarizer(algorithm, language)  # an unknown name fails before any reading
    tz = config_timezone(config)
    if args.path == "-":
        article = article_from_text(sys.stdin.read(), origin="<stdin>", tz=tz)
    else:
        path = _existing_path(args.path, "PATH")
        if path.is_dir():
            raise UsageError(f"{args.path}: is a folder; give one article file (or use `briefer run --source`)")
        article = load_file(path, max_bytes=config.limits.max_file_bytes, tz=tz)
    chosen = choose_summary(rank_article(article, summarizer, Tokenizer(language)), count)
    if args.format == "json":
        from .briefing_data import article_data

        print(json.dumps({"schema": 1, "algorithm": algorithm, "article": article_data(article),
                          "sentences": [{"text": s.text, "index": s.sentence.index, "score": s.score,
                                         "context": [c.text for c in s.context]} for s in chosen]},
                         ensure_ascii=False, indent=2))
    elif args.format == "md":
        from .render import markdown_escape

        print(f"# {markdown_escape(article.title)}\n")
        for s in chosen:
            print(f"- {markdown_escape(s.text)}")
    else:
        for s in chosen:
            print(s.text)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_table, load_dataset
    from .summarize import get_summarizer, parse_count

    algorithms = [name.strip() for name in args.algorithms.split(",") if name.strip()]
    if not algorithms:
        raise UsageError("--algorithms: name at least one ranker, such as lead,news")
    for name in algorithms:
        get_summarizer(name)  # an unknown name fails before the dataset is read
    count = parse_count(args.sentences)
    examples = load_dataset(args.dataset, args.limit)
    results = evaluate(examples, algorithms, count)
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
    else:
        print(f"{len(examples)} articles from {args.dataset}, {count} sentences each\n")
        print(format_table(results))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from importlib.resources import files

    target = args.directory.resolve()
    config_path = target / CONFIG_FILENAME
    if config_path.exists() and not args.force:
        raise UsageError(f"{config_path}: already exists; use --force to overwrite it")
    from .output import atomic_write

    atomic_write(config_path, files("briefer").joinpath("data/starter_config.yaml").read_text(encoding="utf-8"))
    (target / "templates").mkdir(parents=True, exist_ok=True)
    (target / "articles").mkdir(parents=True, exist_ok=True)
    print(f"wrote {config_path}\nput articles in {target / 'articles'} and run: briefer run --config {config_path}")
    return 0


def _templates_dir(args: argparse.Namespace) -> Path:
    config = _load_config(getattr(args, "config", None), required_for=None)
    return config.resolve(config.templates_dir)


def cmd_templates_init(args: argparse.Namespace) -> int:
    from .templates_cli import init_templates

    target = args.directory.resolve() if args.directory else _templates_dir(args)
    for path in init_templates(target, force=args.force):
        print(path)
    return 0


def cmd_templates_list(args: argparse.Namespace) -> int:
    from .templates_cli import list_templates

    infos = list_templates(_templates_dir(args))
    width = max(len(info.name) for info in infos)
    for info in infos:
        note = "  (replaces the default)" if info.overrides_default else ""
        print(f"{info.name:<{width}}  {info.origin:<7}  {info.path}{note}")
    return 0


def cmd_templates_check(args: argparse.Namespace) -> int:
    from .templates_cli import check_templates

    config = _load_config(getattr(args, "config", None), required_for=None)
    checked, problems = check_templates(config.resolve(config.templates_dir), config)
    for name in checked:
        print(f"ok  {name}")
    for problem in problems:
        print(f"briefer: error: {printable(problem)}", file=sys.stderr)
    return 1 if problems else 0


def _load_config(path: Path | None, *, required_for: str | None) -> Config:
    """--config when given (it must exist), else ./config.yaml when present, else the defaults."""
    if path is not None:
        return load_config(path)
    local = Path.cwd() / CONFIG_FILENAME
    if local.is_file():
        return load_config(local)
    if required_for:
        raise UsageError(f"no {CONFIG_FILENAME} here and no --source given; "
                         f"start with `briefer init` (writes a starter {CONFIG_FILENAME}), "
                         f"or try `briefer {required_for} --source FOLDER`")
    return default_config()


def _source_option(value: str) -> SourceConfig:
    """--source: an http(s) URL is a web source; anything else must be an existing path."""
    if "://" in value:
        try:
            return SourceConfig(url=value)
        except ValueError:
            raise UsageError(f"--source {value}: only http:// and https:// URLs can be fetched") from None
    return SourceConfig(path=str(_existing_path(value, "--source")))


def _existing_path(value: str, what: str) -> Path:
    path = Path(value).expanduser()
    if not path.exists():
        raise UsageError(f"{value}: no such file or folder ({what})")
    return path.resolve()


def _positive_int(value: str) -> int:
    if value.strip().isdigit() and int(value) > 0:
        return int(value)
    raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _ratio(value: str) -> str:
    text = value.strip()
    if not text.endswith("%"):
        try:
            number = float(text)
        except ValueError:
            raise UsageError(f"--ratio {value!r}: expected a percentage such as 20% or a fraction such as 0.2") from None
        if not 0 < number <= 1:
            raise UsageError(f"--ratio {value!r}: a fraction must be above 0 and at most 1")
        text = f"{max(1, round(number * 100))}%"
    from .summarize import parse_count

    return str(parse_count(text))


def _setup_logging(debug: bool, quiet: bool) -> None:
    level = logging.DEBUG if debug else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(PrintableFormatter("briefer: %(levelname)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("trafilatura", "htmldate", "charset_normalizer", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.ERROR if not debug else logging.DEBUG)
