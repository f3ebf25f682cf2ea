"""Duplicate detection on a labelled set built from ../shared/eval: precision and recall.

The set is the 500 real CNN/DM articles, plus a lightly edited copy (sentences reordered, new
headline, a sentence added or dropped) of 100 of them. Near-copy detection (stories.duplicate) must
pair each copy with its original and nothing else. The second line scores every story link (near
copies plus strongly overlapping content, stories.similarity): its "extra" links are pairs of real
articles the set counts as distinct; they are listed so that a person can check whether they report
the same event (most do: CNN/DM often covers one event twice).

    python benchmarks/duplicates.py [--copies 100] [--limit 500] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from briefer.config import StoriesConfig
from briefer.stories.labelled import build_set, load_eval_articles, score

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not args.eval.exists():
        print(f"{args.eval}: missing (the eval set lives in ../shared)", file=sys.stderr)
        return 2
    settings = StoriesConfig()
    labelled = build_set(load_eval_articles(args.eval, args.limit), args.copies, args.seed)
    print(f"{len(labelled.articles)} articles, {len(labelled.pairs)} labelled original/copy pairs")
    for name, stories in ((f"near copies (duplicate >= {settings.duplicate:.2f})", False),
                          (f"story links (+ similarity >= {settings.similarity:.2f})", True)):
        start = time.perf_counter()
        result = score(labelled, settings, stories=stories)
        took = time.perf_counter() - start
        print(f"{name:40} precision {result.precision:.3f}  recall {result.recall:.3f}  "
              f"links {len(result.predicted):4}  ({took:.2f} s)")
        if stories:
            for i, j in sorted(result.extra):
                a, b = labelled.articles[i], labelled.articles[j]
                print(f"    extra: {a.title[:70]!r}\n       <-> {b.title[:70]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
