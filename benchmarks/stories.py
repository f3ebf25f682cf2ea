"""Story clustering speed: 2,000 articles (the 500 of ../shared/eval and 1,500 edited copies).

Prints the time of each step and the whole against the 10 s budget on the 2-core machine.

    python benchmarks/stories.py [--articles 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from briefer.config import StoriesConfig
from briefer.stories import article_space, cluster_articles, duplicate_pairs
from briefer.stories.labelled import load_eval_articles, recombined_articles

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"
BUDGET = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.eval.exists():
        print(f"{args.eval}: missing (the eval set lives in ../shared)", file=sys.stderr)
        return 2
    articles = recombined_articles(load_eval_articles(args.eval), args.articles)
    words = sum(len(a.text.split()) for a in articles)
    settings = StoriesConfig()
    print(f"{len(articles)} articles, {words} words")
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, step in (("vectors (one pass)", lambda: article_space(articles)),
                           ("near copies alone", lambda: duplicate_pairs(articles, settings)),
                           ("clustering (all)", lambda: cluster_articles(articles, settings))):
            start = time.perf_counter()
            result = step()
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
            if name == "clustering (all)":
                stories = len(result)
    for name, seconds in best.items():
        print(f"{name:20} {seconds:6.2f} s   {seconds / BUDGET:5.1%} of the {BUDGET:.0f} s budget")
    print(f"{stories} stories from {len(articles)} articles; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows every line alike)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
