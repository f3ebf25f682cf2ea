"""`briefer eval`: ROUGE and speed of rankers on a dataset, side by side."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import UsageError
from .options import positive_int


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    evaluate = commands.add_parser("eval", parents=[common], help="ROUGE and speed of rankers on a dataset",
                                   description="Score rankers against reference summaries: ROUGE-1, ROUGE-2 and "
                                   "ROUGE-Lsum F1 x 100 (rouge-score, stemming on) and articles per second.")
    evaluate.add_argument("dataset", type=Path, metavar="DATASET.jsonl",
                          help="one JSON object a line with `text` and `summary` (reference sentences, one a line)")
    evaluate.add_argument("--algorithms", metavar="A,B,...", default="lead,news",
                          help="rankers to compare, comma-separated (default: lead,news); sumy:NAME for sumy's own")
    evaluate.add_argument("--sentences", "-n", metavar="N", default="3",
                          help="summary length (default 3), or a ratio like 20%%")
    evaluate.add_argument("--limit", type=positive_int, metavar="N", help="only the first N articles")
    evaluate.add_argument("--json", action="store_true", help="print a JSON list, one object per ranker")
    evaluate.set_defaults(handler=cmd_eval)


def cmd_eval(args: argparse.Namespace) -> int:
    from ..evaluate import evaluate, format_table, load_dataset
    from ..summarize import get_summarizer, parse_count

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
