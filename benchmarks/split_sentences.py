"""Sentence-splitting speed on the CNN/DM dev articles: briefer's splitter beside nltk's untrained Punkt.

    python benchmarks/split_sentences.py [PATH_TO_cnndm_dev.jsonl] [--repeat N]

Prints sentences per second and milliseconds per 4 KB of text for each splitter, best of N runs,
and the ratio. The target: briefer's splitter takes a small fraction of a millisecond per 4 KB article.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

from briefer.text import split_sentences

DEFAULT_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"


def best_time(split: Callable[[str], list[str]], texts: list[str], repeat: int) -> tuple[float, int]:
    """The fastest of `repeat` passes over all texts, and the number of sentences found."""
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = sum(len(split(t)) for t in texts)
        best = min(best, time.perf_counter() - start)
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("eval_set", nargs="?", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in args.eval_set.read_text(encoding="utf-8").splitlines() if line]
    kilobytes = sum(len(t.encode("utf-8")) for t in texts) / 1024
    print(f"{len(texts)} articles, {kilobytes:.0f} KB")
    results = {}
    for name, split in (("briefer", split_sentences), ("nltk punkt (untrained)", PunktSentenceTokenizer().tokenize)):
        seconds, count = best_time(split, texts, args.repeat)
        results[name] = seconds
        print(f"{name:>24}: {count:6d} sentences, {count / seconds:10,.0f} sentences/s, "
              f"{seconds / kilobytes * 4 * 1000:.3f} ms per 4 KB")
    print(f"{'briefer / punkt time':>24}: {results['briefer'] / results['nltk punkt (untrained)']:.2f}")


if __name__ == "__main__":
    main()
