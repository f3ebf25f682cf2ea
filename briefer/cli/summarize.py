"""`briefer summarize`: one article's best sentences now, in its order (text, Markdown or JSON)."""

from __future__ import annotations

import argparse
import json
import logging

from ..errors import UsageError
from .options import add_config_option, config_from, existing_path

log = logging.getLogger(__name__)


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    summarize = commands.add_parser("summarize", parents=[common], help="summarise one article now",
                                    description="Print the best sentences of one article, in its order.")
    summarize.add_argument("path", metavar="PATH|URL|-",
                           help="an article file (txt, md, html, json), a page's http(s) URL, or - for stdin")
    size = summarize.add_mutually_exclusive_group()
    size.add_argument("--sentences", "-n", metavar="N", help="how many sentences (default 3), or a ratio like 20%%")
    size.add_argument("--ratio", metavar="R", help="a share of the sentences: 20%% or 0.2")
    summarize.add_argument("--algorithm", "-a", metavar="NAME", help="ranker: news, lexrank, textrank, lsa, luhn, kl, "
                           "sumbasic, lead, or sumy:NAME for sumy's own (default from config, else news)")
    summarize.add_argument("--format", "-f", choices=("text", "md", "json"), default="text")
    add_config_option(summarize)
    summarize.add_argument("--allow-private-addresses", action="store_true",
                           help="let a URL reach loopback and private-network addresses")
    summarize.set_defaults(handler=cmd_summarize)


def cmd_summarize(args: argparse.Namespace) -> int:
    # Imported here, and only what one article needs: `briefer summarize FILE` starts in a blink.
    from ..summarize import get_summarizer, parse_count
    from ..summarize.article import read_article, summarize_article

    overrides = {"fetch.allow_private_addresses": True} if args.allow_private_addresses else None
    config = config_from(args, overrides=overrides)
    count = parse_count(args.sentences) if args.sentences else ratio(args.ratio) if args.ratio else 3
    algorithm = args.algorithm or config.summarizer.algorithm
    language = config.summarizer.language
    get_summarizer(algorithm)  # an unknown name fails before any reading
    if args.path != "-" and "://" not in args.path:
        path = existing_path(args.path, "PATH")
        if path.is_dir():
            raise UsageError(f"{args.path}: is a folder; give one article file (or use `briefer run --source`)")
    article = read_article(args.path, config)
    chosen = summarize_article(article, sentences=count, algorithm=algorithm, language=language,
                               on_cut=lambda reason: log.warning("%s: %s", article.location, reason))
    article = chosen[0].article if chosen else article  # with its language set
    if args.format == "json":
        from ..briefing_data import summary_data

        print(json.dumps(summary_data(article, algorithm, chosen), ensure_ascii=False, indent=2))
    elif args.format == "md":
        from ..render import markdown_escape

        if article.title:  # a text without a headline has none
            print(f"# {markdown_escape(article.title)}\n")
        for s in chosen:
            print(f"- {markdown_escape(s.text)}")
    else:
        for s in chosen:
            print(s.text)
    return 0


def ratio(value: str) -> str:
    """--ratio: 20% or 0.2, as the percentage sumy takes."""
    from ..summarize import parse_count

    text = value.strip()
    if not text.endswith("%"):
        try:
            number = float(text)
        except ValueError:
            raise UsageError(f"--ratio {value!r}: expected a percentage such as 20% or a fraction such as 0.2") from None
        if not 0 < number <= 1:
            raise UsageError(f"--ratio {value!r}: a fraction must be above 0 and at most 1")
        text = f"{max(1, round(number * 100))}%"
    return str(parse_count(text))
