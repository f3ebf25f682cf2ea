"""The per-article map at scale: 1 vs 2 worker processes on articles recombined from ../shared/eval.

Prints, for each size, the map's wall time with 1 and 2 workers, the speed-up (target: at least
1.6x on 2 cores), the map's cost per article, and the coordinator's own cost and memory per article
(turning the workers' compact results back into sentences), from which README projects a cluster.

    python benchmarks/scale.py [--articles 10000 50000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from briefer.compute import rank_articles
from briefer.config import default_config
from briefer.stories.labelled import load_eval_articles, recombined_articles

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"
TARGET = 1.6


def timed_map(articles: list, workers: int, repeat: int) -> float:
    config = default_config().model_copy(update={"compute": default_config().compute.model_copy(
        update={"workers": workers})})
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        rank_articles(articles, config)
        best = min(best, time.perf_counter() - start)
    return best


def coordinator_cost(articles: list) -> tuple[float, float]:
    """Seconds and bytes per article the coordinator spends holding the map's results (1 worker = all here)."""
    config = default_config()
    tracemalloc.start()
    start = time.perf_counter()
    ranked = rank_articles(articles, config)
    seconds = time.perf_counter() - start
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del ranked
    return seconds / len(articles), held / len(articles)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"{EVAL}: missing (the eval set lives in ../shared)", file=sys.stderr)
        return 2
    originals = load_eval_articles(EVAL)
    print(f"{'articles':>9} {'1 worker':>10} {'2 workers':>10} {'speed-up':>9} {'map ms/article':>15}")
    for count in args.articles:
        articles = recombined_articles(originals, count)
        one = timed_map(articles, 1, args.repeat)
        two = timed_map(articles, 2, args.repeat)
        verdict = "ok" if one / two >= TARGET else f"below the {TARGET}x target"
        print(f"{count:>9,} {one:>9.1f}s {two:>9.1f}s {one / two:>8.2f}x {1000 * one / count:>15.2f}  {verdict}")
    sample = articles[:1000]
    seconds, held = coordinator_cost(sample)
    print(f"results held by the coordinator (1,000 articles): {held / 1024:.1f} KiB per article; "
          f"map under tracemalloc {1000 * seconds:.2f} ms per article "
          f"(peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
