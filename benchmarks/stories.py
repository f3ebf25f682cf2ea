"""Story linking: quality on the labelled set written for briefer, and speed on a large day.

Quality: pairwise precision and recall of linking on tests/data/stories (labels.json), on the part
the thresholds were tuned on (even-numbered stories) and on the held-out rest (odd-numbered), and
how many day-two stories are rightly marked developing or new. Speed: a day of `--articles`
articles (sentences of ../shared/eval recombined, or edited copies of its articles), linked.

    python benchmarks/stories.py [--articles 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from briefer.config import StoriesConfig
from briefer.models import Article
from briefer.stories import article_space, cluster_articles
from briefer.stories.labelled import StorySet, continuity_scores, edited_copy, load_eval_articles, pair_scores

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "cnndm_dev.jsonl"
STORY_SET = ROOT / "tests" / "data" / "stories"
TARGET = 0.95


def large_day(originals: list[Article], count: int, rng: random.Random) -> list[Article]:
    """The originals, edited copies of a fifth of the count, the rest 8-sentence mixes of eval sentences."""
    sentences = [s for a in originals for s in a.text.split("\n\n")]
    articles = list(originals[:count])
    while len(articles) < count * 1 // 5:
        articles.append(edited_copy(rng.choice(originals), rng))
    while len(articles) < count:
        body = rng.sample(sentences, 8)
        articles.append(Article(title=body[0][:90], text="\n\n".join(body), source=f"mix{len(articles) % 40}",
                                location=f"mix-{len(articles)}"))
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    story_set = StorySet.load(STORY_SET)
    stories = len(story_set.stories)
    print(f"labelled set: {stories} stories, {len(story_set.labels)} articles over two days")
    pairs = pair_scores(story_set)
    continuity = continuity_scores(story_set)
    print(f"{'part':10} {'precision':>9} {'recall':>7} {'continuity':>10}   (target >= {TARGET} held out)")
    for part in ("tune", "held-out"):
        precision, recall = pairs[part]
        print(f"{part:10} {precision:9.3f} {recall:7.3f} {continuity[part]:10.3f}")

    if not args.eval.exists():
        print(f"{args.eval}: missing (the eval set lives in ../shared); speed not measured", file=sys.stderr)
        return 0
    articles = large_day(load_eval_articles(args.eval), args.articles, random.Random(1))
    words = sum(len(a.text.split()) for a in articles)
    settings = StoriesConfig()
    print(f"\nspeed: {len(articles)} articles, {words} words; best of {args.repeat} (2 shared cores, noisy)")
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, step in (("vectors (one pass)", lambda: article_space(articles)),
                           ("linking (all)", lambda: cluster_articles(articles, settings))):
            start = time.perf_counter()
            result = step()
            best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)
            if name == "linking (all)":
                linked = len(result)
    for name, seconds in best.items():
        print(f"{name:20} {seconds:6.2f} s")
    print(f"{linked} stories from {len(articles)} articles; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
